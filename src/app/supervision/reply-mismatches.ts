import { randomUUID } from "node:crypto";
import { monthPeriod } from "../../domain/assessment/period.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { insertMisconductIn } from "../../store/repositories/misconduct.repository.ts";
import { flaggedReplies, flaggedRepliesByUnit, type FlaggedByUnit, type FlaggedReply } from "../../store/repositories/reply-mismatch.repository.ts";
import { VersionConflictError } from "../../store/repositories/ticket.repository.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { applyTicketCommand, versionConflict, type CommandOutcome } from "../tickets/run-ticket-command.ts";
import { MISCONDUCT_MEASURES, misconductRule } from "./record-misconduct.ts";
import { SOLVED_LABELS, type Solved } from "../../domain/shared/vocabulary.ts";
import { LOG_TOTAL_CAP } from "../../store/log-page.ts";
import { localTime, sheetOf } from "../export/sheet.ts";

// Replies that may be false (疑似不实反馈, GZ-26, GX-37): the unit's feedback said solved, the
// requester said not solved. Raised at the callback; a supervisor clears one with a reason or
// turns it into a misconduct record of the unit.

export type { FlaggedByUnit, FlaggedReply };

/** A page of the platform's flagged replies, newest first. */
export async function replyMismatchList(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  status: FlaggedReply["flag"] | undefined,
  page: number,
  pageSize: number,
): Promise<Result<{ total: number; items: FlaggedReply[] }>> {
  if (!can(actor, "supervision.board")) return fail(forbidden("supervision.board"));
  return ok(await flaggedReplies(ctx.db, jurisdictionId, status, pageSize, (page - 1) * pageSize));
}

const FLAG_LABELS: Readonly<Record<FlaggedReply["flag"], string>> = { open: "待处理", cleared: "已澄清", misconduct: "已认定违规" };

/** The flagged replies (of one status, or all) as .xlsx, newest first, up to the count a list shows. */
export async function replyMismatchXlsx(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  status: FlaggedReply["flag"] | undefined,
): Promise<Result<Buffer>> {
  if (!can(actor, "supervision.board")) return fail(forbidden("supervision.board"));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const offset = p.value.utcOffsetMinutes;
  const { items } = await flaggedReplies(ctx.db, jurisdictionId, status, LOG_TOTAL_CAP, 0);
  const solved = (s: string) => SOLVED_LABELS[s as Solved] ?? "";
  const rows = items.map((i) => [
    localTime(i.at, offset),
    i.number,
    i.title,
    i.unitName,
    i.feedbackResult,
    solved(i.feedbackSolved),
    solved(i.requesterSolved),
    FLAG_LABELS[i.flag],
    i.decision?.reason ?? "",
  ]);
  return ok(
    await sheetOf(
      "疑似不实反馈",
      [
        { header: "标记时间", width: 17 },
        { header: "工单编号", width: 18 },
        { header: "诉求标题", width: 30 },
        { header: "承办单位", width: 22 },
        { header: "单位反馈结果", width: 40 },
        { header: "单位称", width: 10 },
        { header: "诉求人称", width: 10 },
        { header: "处理状态", width: 10 },
        { header: "处理意见", width: 30 },
      ],
      rows,
    ),
  );
}

/** Per unit, the replies flagged in a month (`YYYY-MM`, the platform's zone) and what became of them. */
export async function replyMismatchesByUnit(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  month: string,
): Promise<Result<{ month: string; units: FlaggedByUnit[] }>> {
  if (!can(actor, "supervision.board")) return fail(forbidden("supervision.board"));
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return fail(domainError("INVALID_ARGUMENT", "月份格式应为 YYYY-MM", "month must be YYYY-MM", { field: "month" }));
  const policy = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!policy.ok) return policy;
  const p = monthPeriod(Number(m[1]), Number(m[2]), policy.value.utcOffsetMinutes);
  return ok({ month, units: await flaggedRepliesByUnit(ctx.db, jurisdictionId, p.from, p.to) });
}

/** A supervisor's decision on a flagged reply. */
export interface ReplyMismatchDecision {
  readonly outcome: "cleared" | "misconduct";
  readonly reason: string;
  /** For misconduct: what is done about it (GX-37). */
  readonly measure?: (typeof MISCONDUCT_MEASURES)[number];
  readonly staffName?: string;
}

/**
 * Clears a flagged reply with a reason, or turns it into a misconduct record of the unit
 * (kind falsified_reply): the record and the ticket's event are written in one transaction.
 */
export async function decideReplyMismatch(
  ctx: AppContext,
  actor: TicketActor,
  ticketId: string,
  version: number,
  d: ReplyMismatchDecision,
): Promise<Result<CommandOutcome>> {
  if (d.outcome === "misconduct" && !d.measure)
    return fail(domainError("INVALID_ARGUMENT", "认定为违规时须选择处理措施", "a misconduct needs its measure", { field: "measure" }));
  const now = ctx.now();
  const misconductId = d.outcome === "misconduct" ? randomUUID() : undefined;
  try {
    return await ctx.db.transaction(async (tx) => {
      const r = await applyTicketCommand(
        ctx,
        tx,
        actor,
        ticketId,
        version,
        { kind: "decideReplyMismatch", outcome: d.outcome, reason: d.reason, ...(misconductId ? { misconductId } : {}) },
        now,
      );
      if (!r.ok || !misconductId) return r;
      const t = r.value.ticket;
      const policy = ctx.policies.get(t.policyId);
      if (!policy.ok) return policy;
      await insertMisconductIn(tx, {
        id: misconductId,
        jurisdictionId: t.jurisdictionId,
        unitId: t.replyMismatch!.unitId,
        staffName: d.staffName ?? null,
        kind: "falsified_reply",
        measure: d.measure!,
        description: `工单 ${t.number} 疑似不实反馈：${d.reason.trim()}`,
        ticketId: t.id,
        rule: misconductRule(policy.value, d.measure!),
        recordedBy: actor.id,
        at: new Date(now),
      });
      return r;
    });
  } catch (e) {
    if (e instanceof VersionConflictError) return fail(versionConflict(e.current));
    throw e;
  }
}
