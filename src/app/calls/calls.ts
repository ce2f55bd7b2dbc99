import { clockDurationMs } from "../../domain/deadlines/clock-duration.ts";
import { and, eq, isNull, isNotNull, sql } from "drizzle-orm";
import {
  answeredInTime,
  applyCallEvent,
  mayDeleteRecording,
  waitSeconds,
  type CallEvent,
  type CallPolicy,
  type CallRecord,
} from "../../domain/calls/call-record.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { callEventLog, callRecords } from "../../store/schema/index.ts";
import { loadTicket } from "../../store/repositories/ticket.repository.ts";
import { isUuid } from "../../store/uuid.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { recordPersonalDataView } from "../privacy/personal-data-log.ts";

function callPolicy(p: ResolvedPolicy): CallPolicy {
  const c = p.calls;
  return {
    answerWithinSeconds: c.answerWithinSeconds,
    recordingRetentionYears: c.recordingRetentionYears,
    callbackWithinMs: clockDurationMs(c.missedCallback),
  };
}

/**
 * Takes one telephony event (signed and checked by the HTTP adapter). Idempotent by event
 * id: a repeat changes nothing and says so. The log row and the record change commit together.
 */
export async function ingestCallEvent(ctx: AppContext, jurisdictionId: string, e: CallEvent): Promise<Result<{ duplicate: boolean; record: CallRecord }>> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const cp = callPolicy(p.value);
  class Refused extends Error {
    constructor(readonly result: Result<never>) {
      super("refused");
    }
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const logged = await tx
        .insert(callEventLog)
        .values({ jurisdictionId, eventId: e.eventId, callId: e.callId, type: e.type, at: new Date(e.at), payload: e, receivedAt: new Date(ctx.now()) })
        .onConflictDoNothing()
        .returning({ id: callEventLog.eventId });
      const [cur] = await tx
        .select()
        .from(callRecords)
        .where(and(eq(callRecords.jurisdictionId, jurisdictionId), eq(callRecords.callId, e.callId)))
        .for("update");
      const before = cur ? (cur.record as CallRecord) : undefined;
      if (!logged.length) {
        if (!before)
          throw new Refused(fail(domainError("CALL_EVENT_CONFLICT", "重复事件对应的通话不存在", "a repeated event of an unknown call", { field: "eventId" })));
        return ok({ duplicate: true, record: before });
      }
      const next = applyCallEvent(before, e, cp);
      if (!next.ok) throw new Refused(next);
      const r = next.value;
      const w = waitSeconds(r);
      const values = {
        record: r,
        caller: r.caller ?? null,
        startedAt: new Date(r.ringingAt ?? r.queuedAt ?? r.answeredAt ?? e.at),
        outcome: r.outcome,
        waitSeconds: w === undefined ? null : Math.round(w),
        callbackDue: r.callbackDue === undefined ? null : new Date(r.callbackDue),
      };
      if (cur)
        await tx
          .update(callRecords)
          .set(values)
          .where(and(eq(callRecords.jurisdictionId, jurisdictionId), eq(callRecords.callId, e.callId)));
      else await tx.insert(callRecords).values({ jurisdictionId, callId: e.callId, ...values });
      return ok({ duplicate: false, record: r });
    });
  } catch (err) {
    if (err instanceof Refused) return err.result;
    throw err;
  }
}

/** Calls of a period: how many, answered, answered within the target (GX-25.1), abandoned, average wait. */
export async function callStats(ctx: AppContext, actor: TicketActor, jurisdictionId: string, from: number, to: number) {
  if (!can(actor, "analytics.read")) return fail(forbidden("analytics.read"));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const rows = await ctx.db
    .select({ record: callRecords.record })
    .from(callRecords)
    .where(
      and(
        eq(callRecords.jurisdictionId, jurisdictionId),
        sql`${callRecords.startedAt} >= ${new Date(from).toISOString()}::timestamptz`,
        sql`${callRecords.startedAt} < ${new Date(to).toISOString()}::timestamptz`,
      ),
    );
  const records = rows.map((r) => r.record as CallRecord);
  const answered = records.filter((r) => r.answeredAt !== undefined);
  const inTime = answered.filter((r) => answeredInTime(r, p.value.calls));
  const waits = answered.map((r) => waitSeconds(r) ?? 0);
  return ok({
    total: records.length,
    answered: answered.length,
    answeredInTime: inTime.length,
    answerTargetSeconds: p.value.calls.answerWithinSeconds,
    rule: p.value.calls.answerRule,
    /** Share of answered calls answered in time; null without answered calls. */
    answerRate: answered.length ? inTime.length / answered.length : null,
    abandoned: records.filter((r) => r.outcome === "abandoned").length,
    averageWaitSeconds: waits.length ? Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 10) / 10 : null,
    transfers: records.flatMap((r) => r.transfers).reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.to]: (acc[t.to] ?? 0) + 1 }), {}),
  });
}

/** A missed call's number in clear, to call it back: logged as a view of personal data (GZ-25, GX-22). */
export async function revealCaller(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  callId: string,
  purpose: string,
): Promise<Result<{ caller: string }>> {
  if (!can(actor, "requesterHistory.read")) return fail(forbidden("requesterHistory.read"));
  const [r] = await ctx.db
    .select({ caller: callRecords.caller })
    .from(callRecords)
    .where(and(eq(callRecords.jurisdictionId, jurisdictionId), eq(callRecords.callId, callId)));
  if (!r?.caller) return fail(domainError("CALL_NOT_FOUND", "没有该通话的来电号码", "no caller number for that call", { field: "callId" }));
  await recordPersonalDataView(ctx, actor, { jurisdictionId, phone: r.caller, purpose: `漏接回拨查看号码：${purpose} / missed-call number: ${purpose}` });
  return ok({ caller: r.caller });
}

/** An operator records the callback of a missed call. */
export async function recordCallback(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  callId: string,
  note: string,
): Promise<Result<{ callId: string }>> {
  if (!can(actor, "requesterHistory.read")) return fail(forbidden("requesterHistory.read"));
  if (!note.trim()) return fail(domainError("INVALID_ARGUMENT", "须记录回拨结果", "the callback's result is required", { field: "note" }));
  const r = await ctx.db
    .update(callRecords)
    .set({ callbackDoneAt: new Date(ctx.now()), callbackBy: actor.id, callbackNote: note.trim() })
    .where(
      and(
        eq(callRecords.jurisdictionId, jurisdictionId),
        eq(callRecords.callId, callId),
        isNotNull(callRecords.callbackDue),
        isNull(callRecords.callbackDoneAt),
      ),
    )
    .returning({ callId: callRecords.callId });
  if (!r.length) return fail(domainError("CALL_NOT_FOUND", "没有待回拨的该通话", "no open callback for that call", { field: "callId" }));
  return ok({ callId });
}

/** Links a call to the ticket it became. */
export async function linkCallToTicket(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  callId: string,
  ticketId: string,
): Promise<Result<{ callId: string; ticketId: string }>> {
  if (!can(actor, "requesterHistory.read")) return fail(forbidden("requesterHistory.read"));
  const t = isUuid(ticketId) ? await loadTicket(ctx.db, ticketId) : undefined;
  if (!t || t.jurisdictionId !== jurisdictionId) return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "ticketId" }));
  const r = await ctx.db
    .update(callRecords)
    .set({ ticketId })
    .where(and(eq(callRecords.jurisdictionId, jurisdictionId), eq(callRecords.callId, callId)))
    .returning({ callId: callRecords.callId });
  if (!r.length) return fail(domainError("CALL_NOT_FOUND", "通话不存在", "no such call", { field: "callId" }));
  return ok({ callId, ticketId });
}

/** Deletes a recording's reference once its retention has passed (GX-28); earlier is refused. */
export async function deleteRecording(ctx: AppContext, actor: TicketActor, jurisdictionId: string, callId: string): Promise<Result<{ callId: string }>> {
  if (actor.role !== "admin") return fail(domainError("FORBIDDEN", "只有管理员可以删除录音", "only admins delete recordings"));
  return ctx.db.transaction(async (tx) => {
    const [cur] = await tx
      .select()
      .from(callRecords)
      .where(and(eq(callRecords.jurisdictionId, jurisdictionId), eq(callRecords.callId, callId)))
      .for("update");
    if (!cur || cur.recordingDeletedAt) return fail(domainError("CALL_NOT_FOUND", "通话或录音不存在", "no such call or recording", { field: "callId" }));
    const may = mayDeleteRecording(cur.record as CallRecord, ctx.now());
    if (!may.ok) return may;
    await tx
      .update(callRecords)
      .set({ recordingDeletedAt: new Date(ctx.now()), recordingDeletedBy: actor.id })
      .where(and(eq(callRecords.jurisdictionId, jurisdictionId), eq(callRecords.callId, callId)));
    return ok({ callId });
  });
}
