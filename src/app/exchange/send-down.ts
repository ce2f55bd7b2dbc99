import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type IntakeInput } from "../../domain/ticket/intake.ts";
import { postSigned } from "./post-signed.ts";
import { auditLog, exchangeDown, jurisdictions } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { intakeContact } from "../tickets/intake-contact.ts";
import { exchangeRetryDelayMs } from "./retry-delay.ts";

/** A contact the region sends down: what the city's intake takes (it arrives by the region channel, now). */
export type SentDownContact = Pick<IntakeInput, "requester" | "type" | "urgent" | "category" | "title" | "content" | "location">;

/** Where the region reaches a city's server, and the secret both sign with. */
export interface DownTarget {
  readonly url: string;
  readonly secret: string;
}

async function parentOf(ctx: AppContext, id: string): Promise<string | null | undefined> {
  const [j] = await ctx.db.select({ parentId: jurisdictions.parentId }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return j === undefined ? undefined : j.parentId;
}

/**
 * The region sends a ticket down to one of its cities (GX-16): queued here in one transaction
 * with its audit record, pushed by
 * {@link pushDown} until the city answers with its ticket number.
 */
export async function sendDown(
  ctx: AppContext,
  actor: TicketActor,
  sourceId: string,
  targetId: string,
  contact: SentDownContact,
  note: string,
): Promise<Result<{ id: string }>> {
  if (!can(actor, "exchange.sendDown")) return fail(forbidden("exchange.sendDown"));
  if ((await parentOf(ctx, targetId)) !== sourceId) {
    return fail(
      domainError("INVALID_ARGUMENT", `${targetId} 不是本平台的下级平台`, `${targetId} is not a platform under ${sourceId}`, {
        field: "target",
        rule: "GX-16",
      }),
    );
  }
  if (!contact.content.trim()) return fail(domainError("INVALID_ARGUMENT", "诉求内容不能为空", "content is required", { field: "contact.content" }));
  const n = note.trim();
  if (!n || n.length > 2000) return fail(domainError("INVALID_ARGUMENT", "须写明转办说明", "a note for the city is required", { field: "note" }));
  const id = randomUUID();
  const at = new Date(ctx.now());
  await ctx.db.transaction(async (tx) => {
    await tx.insert(exchangeDown).values({
      id,
      sourceJurisdictionId: sourceId,
      targetJurisdictionId: targetId,
      payload: contact,
      note: n,
      status: "queued",
      nextAttemptAt: at,
      createdBy: actor.id,
      createdAt: at,
    });
    await tx.insert(auditLog).values({
      at,
      actorId: actor.id,
      jurisdictionId: sourceId,
      action: "exchange.sendDown",
      target: `${sourceId}/${targetId}/${id}`,
      outcome: "ok",
      ip: null,
      details: { note: n },
    });
  });
  return ok({ id });
}

/** What the region sent down and what became of it (the city's ticket number once it answered). */
export async function sentDown(ctx: AppContext, actor: TicketActor, sourceId: string) {
  if (!can(actor, "exchange.sendDown") && !can(actor, "analytics.read")) return fail(forbidden("exchange.sendDown"));
  const rows = await ctx.db.select().from(exchangeDown).where(eq(exchangeDown.sourceJurisdictionId, sourceId)).orderBy(desc(exchangeDown.createdAt)).limit(500);
  return ok(
    rows.map((r) => ({
      id: r.id,
      target: r.targetJurisdictionId,
      status: r.status,
      note: r.note,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.getTime(),
      sentAt: r.sentAt?.getTime() ?? null,
      targetTicketNumber: r.targetTicketNumber,
    })),
  );
}

/**
 * Pushes the queued tickets to their cities, claimed with `FOR UPDATE SKIP LOCKED`, one request
 * each with its id as the reference: the city takes a reference once (its intake's idempotency
 * key), so an answer lost on the way makes no second ticket.
 */
export async function pushDown(ctx: AppContext, targets: ReadonlyMap<string, DownTarget>, limit = 50): Promise<{ sent: number; waiting: number }> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const due = await tx
      .select()
      .from(exchangeDown)
      .where(and(eq(exchangeDown.status, "queued"), sql`${exchangeDown.nextAttemptAt} <= ${new Date(now).toISOString()}::timestamptz`))
      .orderBy(exchangeDown.createdAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    let sent = 0;
    let waiting = 0;
    for (const d of due) {
      const target = targets.get(d.targetJurisdictionId);
      let error: string | undefined = target
        ? undefined
        : `未配置下级平台 ${d.targetJurisdictionId} 的地址（HOTLINE_EXCHANGE_CHILDREN 与 HOTLINE_EXCHANGE_SECRET）/ no address configured for ${d.targetJurisdictionId}`;
      let answer: { ticketId?: string; number?: string } = {};
      if (target) {
        const body = JSON.stringify({ source: d.sourceJurisdictionId, target: d.targetJurisdictionId, reference: d.id, note: d.note, contact: d.payload });
        const pushed = await postSigned(`${target.url.replace(/\/$/, "")}/api/v1/exchange/incoming`, target.secret, body);
        if (!pushed.ok) error = pushed.error;
        else {
          try {
            answer = JSON.parse(pushed.text) as typeof answer;
          } catch (e) {
            error = e instanceof Error ? e.message : String(e);
          }
        }
      }
      if (error === undefined) {
        sent++;
        await tx
          .update(exchangeDown)
          .set({
            status: "sent",
            sentAt: new Date(now),
            attempts: d.attempts + 1,
            lastError: null,
            targetTicketId: answer.ticketId ?? null,
            targetTicketNumber: answer.number ?? null,
          })
          .where(eq(exchangeDown.id, d.id));
      } else {
        waiting++;
        // Like the upward exchange: it waits for the city, never gives up.
        const wait = exchangeRetryDelayMs(d.attempts + 1);
        await tx
          .update(exchangeDown)
          .set({ attempts: d.attempts + 1, lastError: error, nextAttemptAt: new Date(now + wait) })
          .where(eq(exchangeDown.id, d.id));
      }
    }
    return { sent, waiting };
  });
}

/**
 * The city takes a ticket its region sent down (GX-16): only from its own parent platform, by
 * the region channel, once per reference (a repeated push answers the same ticket).
 */
export async function receiveFromRegion(
  ctx: AppContext,
  m: { source: string; target: string; reference: string; note: string; contact: SentDownContact },
): Promise<Result<{ ticketId: string; number: string; replayed: boolean }>> {
  if ((await parentOf(ctx, m.target)) !== m.source) {
    return fail(
      domainError("FORBIDDEN", `${m.source} 不是 ${m.target} 的上级平台`, `${m.source} is not the platform above ${m.target}`, {
        field: "source",
        rule: "GX-16",
      }),
    );
  }
  const c = m.contact;
  const r = await intakeContact(
    ctx,
    { id: `region:${m.source}`, name: "上级平台转办", role: "system" },
    m.target,
    {
      channel: "region",
      receivedAt: ctx.now(),
      requester: c.requester,
      type: c.type,
      content: `${c.content}\n\n【上级平台转办说明】${m.note}`,
      title: c.title ?? `【上级转办】${c.content.trim().slice(0, 24)}`,
      outcome: { decision: "ticket" },
      ...(c.urgent !== undefined ? { urgent: c.urgent } : {}),
      ...(c.category ? { category: c.category } : {}),
      ...(c.location ? { location: c.location } : {}),
    },
    `region:${m.source}:${m.reference}`,
  );
  if (!r.ok) return r;
  if (!r.value.ticket) return fail(domainError("INTERNAL", "未生成工单", "no ticket was made"));
  return ok({ ticketId: r.value.ticket.id, number: r.value.ticket.number, replayed: r.value.replayed });
}
