import { and, eq, sql } from "drizzle-orm";
import { domainError, type DomainError } from "../../domain/shared/domain-error.ts";
import { type TicketCommand } from "../../domain/ticket/commands.ts";
import { type IntakeInput } from "../../domain/ticket/intake.ts";
import { type TicketState } from "../../domain/ticket/ticket.ts";
import { VersionConflictError } from "../../store/repositories/ticket.repository.ts";
import { handoverReceipts, tickets } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { applyTicketCommand } from "../tickets/run-ticket-command.ts";
import { takeOwnLineContact } from "../tickets/own-line-intake.ts";
import { handoverActor, type HandoverUnit } from "./handover-links.ts";

/** A contact the unit took on its own line, as its system hands it over. */
export type HandedOverContact = Pick<IntakeInput, "requester" | "type" | "urgent" | "category" | "title" | "content" | "location"> & {
  readonly receivedAt?: number;
  /** False when the matter is another unit's: the ticket waits for the hotline's dispatchers. Default true. */
  readonly handleSelf?: boolean;
};

/** One item of a hand-over batch; `id` is the unit system's own, unique per unit, so a resent item is taken once. */
export type HandoverItem =
  | { readonly id: string; readonly kind: "contact"; readonly contact: HandedOverContact }
  | { readonly id: string; readonly kind: "command"; readonly ticket: string; readonly version: number; readonly command: TicketCommand };

/** What an item came to: the ticket as it now stands, or why it was refused (nothing changed then). */
export type HandoverItemOutcome =
  | {
      readonly id: string;
      readonly ok: true;
      readonly replayed: boolean;
      readonly ticketId: string;
      readonly number: string;
      readonly version: number;
      readonly status: string;
    }
  | { readonly id: string; readonly ok: false; readonly error: DomainError };

type Done = Extract<HandoverItemOutcome, { ok: true }>;

function done(id: string, t: TicketState): Done {
  return { id, ok: true, replayed: false, ticketId: t.id, number: t.number, version: t.version, status: t.status };
}

function refused(id: string, error: DomainError): HandoverItemOutcome {
  return { id, ok: false, error };
}

const notFound = (): DomainError => domainError("TICKET_NOT_FOUND", "工单不存在或与本单位无关", "no such ticket on this unit", { field: "ticket" });

async function previous(ctx: AppContext, unitId: string, itemId: string): Promise<Done | undefined> {
  const [r] = await ctx.db
    .select({ outcome: handoverReceipts.outcome })
    .from(handoverReceipts)
    .where(and(eq(handoverReceipts.unitId, unitId), eq(handoverReceipts.itemId, itemId)));
  return r ? { ...(r.outcome as Done), replayed: true } : undefined;
}

/** A contact of the unit's own line: a ticket it handles itself (see {@link takeOwnLineContact}). */
async function takeContact(ctx: AppContext, u: HandoverUnit, id: string, c: HandedOverContact): Promise<HandoverItemOutcome> {
  const { handleSelf, receivedAt, ...contact } = c;
  const r = await takeOwnLineContact(
    ctx,
    handoverActor(u),
    u,
    { ...contact, receivedAt: receivedAt ?? ctx.now() },
    `handover:${u.id}:${id}`,
    handleSelf !== false,
  );
  return r.ok ? done(id, r.value.ticket) : refused(id, r.error);
}

/** A command of the unit's on a ticket it is on, with the version it was decided on; taken with its receipt in one transaction. */
async function runCommand(ctx: AppContext, u: HandoverUnit, item: Extract<HandoverItem, { kind: "command" }>): Promise<HandoverItemOutcome> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(
          and(
            eq(tickets.jurisdictionId, u.jurisdictionId),
            eq(tickets.number, item.ticket),
            ctx.ticketIds.ofNumber(sql`${tickets.id}`, item.ticket),
            sql`(${u.id}::uuid = any(${tickets.unitIds}) or ${tickets.state}->>'ownLineUnitId' = ${u.id})`,
          ),
        );
      if (!row) return refused(item.id, notFound());
      const r = await applyTicketCommand(ctx, tx, handoverActor(u), row.id, item.version, item.command, ctx.now());
      if (!r.ok) return refused(item.id, r.error);
      const out = done(item.id, r.value.ticket);
      await tx.insert(handoverReceipts).values({ unitId: u.id, itemId: item.id, outcome: out, receivedAt: new Date(ctx.now()) });
      return out;
    });
  } catch (e) {
    if (e instanceof VersionConflictError) {
      return refused(
        item.id,
        domainError("VERSION_CONFLICT", `工单已被他人修改（当前版本 ${e.current}）`, `the ticket changed meanwhile (now at version ${e.current})`, {
          field: "version",
        }),
      );
    }
    throw e;
  }
}

/**
 * Takes a batch a sub-centre's or dual-number unit's system handed over (GZ-7, GZ-28), item by
 * item in order: contacts of its own line become tickets it handles, commands are the unit's
 * own steps on its tickets (sign, contact the requester, feedback; on its own line's tickets
 * also review, callback and conclusion). Each item is taken once by its id; a refused item
 * changes nothing and does not stop the others.
 */
export async function receiveHandover(ctx: AppContext, u: HandoverUnit, items: readonly HandoverItem[]): Promise<HandoverItemOutcome[]> {
  const out: HandoverItemOutcome[] = [];
  for (const item of items) {
    const before = await previous(ctx, u.id, item.id);
    if (before) {
      out.push(before);
      continue;
    }
    if (item.kind === "command") {
      out.push(await runCommand(ctx, u, item));
      continue;
    }
    const r = await takeContact(ctx, u, item.id, item.contact);
    if (r.ok)
      await ctx.db
        .insert(handoverReceipts)
        .values({ unitId: u.id, itemId: item.id, outcome: r, receivedAt: new Date(ctx.now()) })
        .onConflictDoNothing();
    out.push(r);
  }
  return out;
}
