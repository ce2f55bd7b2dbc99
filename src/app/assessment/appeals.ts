import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { monthPeriod, parseMonth } from "../../domain/assessment/period.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import {
  appealForUpdate,
  decideAppealRow,
  insertAdjustment,
  insertAppeal,
  insertPublication,
  listAppeals,
  pendingAppealCount,
  publicationOf,
} from "../../store/repositories/assessment.repository.ts";
import { loadTicket } from "../../store/repositories/ticket.repository.ts";
import { isUuid } from "../../store/uuid.ts";
import { type AppContext } from "../context.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { queueNotices } from "../../store/repositories/notice.repository.ts";
import { appealDue, assessMonth, countYear, yearPeriod } from "./assess.ts";
import { type Period } from "../../domain/assessment/period.ts";
import { type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";
import { localTime } from "../export/sheet.ts";
import { audit } from "../auth/accounts.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { WARNING_LABELS } from "./circular-xlsx.ts";
import { renderNotices } from "../notices/render-notices.ts";

const badMonth = () => fail<never>(domainError("INVALID_ARGUMENT", "月份格式应为 YYYY-MM", "month must be YYYY-MM", { field: "month" }));

/** What an appeal or a publication is about: a month (`YYYY-MM`) or an assessment year. */
export type AskedPeriod = { readonly month: string; readonly year?: undefined } | { readonly year: number; readonly month?: undefined };

/** The period asked, in the platform's zone, and the field that named it. */
function periodAsked(p: ResolvedPolicy, ask: AskedPeriod): Result<{ period: Period; field: "month" | "year" }> {
  if (ask.year !== undefined) return ok({ period: yearPeriod(p, ask.year), field: "year" });
  const m = parseMonth(ask.month);
  if (!m) return badMonth();
  return ok({ period: monthPeriod(m.year, m.month, p.utcOffsetMinutes), field: "month" });
}

/**
 * A unit appeals a month's data or score (GX-32): about one of its tickets, or the score as
 * a whole. Accepted until the policy's appeal limit after the period ends, then refused.
 */
export async function fileAppeal(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  input: AskedPeriod & { ticketId?: string; reason: string },
): Promise<Result<{ id: string; windowDue: number | null }>> {
  if (!can(actor, "assessment.appeal") || !actor.unitId) return fail(forbidden("assessment.appeal"));
  if (!input.reason.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明申诉理由", "a reason is required", { field: "reason" }));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const asked = periodAsked(p.value, input);
  if (!asked.ok) return asked;
  const { period, field } = asked.value;
  const now = ctx.now();
  if (now < period.to) return fail(domainError("APPEAL_TOO_EARLY", "本期尚未结束，结束后方可申诉", "the period has not ended yet", { field, rule: "GX-32" }));
  const due = appealDue(ctx, p.value, period);
  if (!due.ok) return due;
  if (due.value !== null && now > due.value) {
    return fail(
      domainError(
        "APPEAL_WINDOW_CLOSED",
        `申诉期已于 ${localTime(due.value, p.value.utcOffsetMinutes)} 截止（期末后 7 个工作日）`,
        "the appeal window for this period has closed",
        { field, rule: "GX-32" },
      ),
    );
  }
  if (await publicationOf(ctx.db, jurisdictionId, period.label))
    return fail(
      domainError("ALREADY_PUBLISHED", "本期结果已发布，不再受理申诉", "the period's result is published; appeals are closed", { field, rule: "GX-33" }),
    );
  if (input.ticketId) {
    const t = isUuid(input.ticketId) ? await loadTicket(ctx.db, input.ticketId) : undefined;
    if (!t || t.jurisdictionId !== jurisdictionId || t.assignment?.leadUnitId !== actor.unitId)
      return fail(domainError("TICKET_NOT_FOUND", "工单不存在或不是本单位主办", "no such ticket of your unit", { field: "ticketId" }));
  }
  const id = await insertAppeal(ctx.db, {
    jurisdictionId,
    period: period.label,
    unitId: actor.unitId,
    ticketId: input.ticketId ?? null,
    reason: input.reason.trim(),
    filedBy: actor.id,
    filedAt: new Date(now),
    windowDue: due.value === null ? null : new Date(due.value),
    status: "pending",
  });
  return ok({ id, windowDue: due.value });
}

/**
 * The hotline decides an appeal: refused, or accepted with its effect recorded as an
 * adjustment (the ticket exempted from scoring — e.g. an unreasonable demand — or points).
 */
export async function decideAppeal(
  ctx: AppContext,
  actor: TicketActor,
  id: string,
  d: { accept: boolean; exemptTicket?: boolean; points?: number; note: string },
): Promise<Result<{ id: string; status: string }>> {
  if (!can(actor, "assessment.adjust")) return fail(forbidden("assessment.adjust"));
  if (!d.note.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明裁定理由", "a reason is required", { field: "note" }));
  if (d.accept && !d.exemptTicket && d.points === undefined)
    return fail(
      domainError("INVALID_ARGUMENT", "采纳申诉须说明调整方式：免于考核该工单，或调整分值", "an accepted appeal exempts its ticket or adjusts points", {
        field: "exemptTicket",
      }),
    );
  return ctx.db.transaction(async (tx) => {
    const a = isUuid(id) ? await appealForUpdate(tx, id) : undefined;
    if (!a || !reachesPlatform(actor, a.jurisdictionId)) return fail(domainError("APPEAL_NOT_FOUND", "申诉不存在", "no such appeal", { field: "id" }));
    if (a.status !== "pending") return fail(domainError("APPEAL_CONFLICT", "该申诉已裁定", "the appeal is already decided", { field: "id" }));
    if (d.accept && d.exemptTicket && !a.ticketId)
      return fail(domainError("INVALID_ARGUMENT", "该申诉未指明工单，不能免于考核", "the appeal names no ticket to exempt", { field: "exemptTicket" }));
    const at = new Date(ctx.now());
    if (d.accept && d.exemptTicket)
      await insertAdjustment(tx, {
        jurisdictionId: a.jurisdictionId,
        period: a.period,
        unitId: a.unitId,
        kind: "exempt_ticket",
        ticketId: a.ticketId,
        reason: d.note.trim(),
        appealId: a.id,
        by: actor.id,
        at,
      });
    if (d.accept && d.points !== undefined)
      await insertAdjustment(tx, {
        jurisdictionId: a.jurisdictionId,
        period: a.period,
        unitId: a.unitId,
        kind: "points",
        item: "申诉调整",
        points: d.points,
        reason: d.note.trim(),
        appealId: a.id,
        by: actor.id,
        at,
      });
    const status = d.accept ? "accepted" : "refused";
    await decideAppealRow(tx, a.id, status, actor.id, at, d.note.trim());
    return ok({ id: a.id, status });
  });
}

/** An assessor's manual item (material review, ledgers, test calls; GZ-24, GX-31): points added or deducted, with why. */
export async function addManualItem(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  input: { month: string; unitId: string; item: string; points: number; reason: string },
): Promise<Result<{ id: string }>> {
  if (!can(actor, "assessment.adjust")) return fail(forbidden("assessment.adjust"));
  if (!parseMonth(input.month)) return badMonth();
  if (!input.item.trim() || !input.reason.trim())
    return fail(domainError("INVALID_ARGUMENT", "须写明项目和理由", "the item and a reason are required", { field: input.item.trim() ? "reason" : "item" }));
  const u = (await lookupUnits(ctx.db, [input.unitId])).get(input.unitId);
  if (u?.jurisdictionId !== jurisdictionId)
    return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "the unit does not exist on this platform", { field: "unitId" }));
  const id = await insertAdjustment(ctx.db, {
    jurisdictionId,
    period: input.month,
    unitId: input.unitId,
    kind: "points",
    item: input.item.trim(),
    points: input.points,
    reason: input.reason.trim(),
    by: actor.id,
    at: new Date(ctx.now()),
  });
  return ok({ id });
}

/** Appeals of a period: all for the hotline, its own for a unit. */
export async function appeals(ctx: AppContext, actor: TicketActor, jurisdictionId: string, ask?: AskedPeriod) {
  if (!can(actor, "assessment.read")) return fail(forbidden("assessment.read"));
  let label: string | undefined;
  if (ask) {
    const p = await policyOfJurisdiction(ctx, jurisdictionId);
    if (!p.ok) return p;
    const asked = periodAsked(p.value, ask);
    if (!asked.ok) return asked;
    label = asked.value.period.label;
  }
  const rows = await listAppeals(ctx.db, jurisdictionId, label, actor.unitId);
  return ok(rows.map((r) => ({ ...r, filedAt: r.filedAt.getTime(), windowDue: r.windowDue?.getTime() ?? null, decidedAt: r.decidedAt?.getTime() ?? null })));
}

/**
 * Publishes a month's circular (GX-33, GX-34): every unit with a warning is told through the
 * notice interface. Publishing again queues nothing new (one notice per unit, month and level).
 */
export async function publishWarnings(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  month: string,
): Promise<Result<{ warnings: number; queued: number }>> {
  if (!can(actor, "assessment.adjust")) return fail(forbidden("assessment.adjust"));
  const v = await assessMonth(ctx, actor, jurisdictionId, month);
  if (!v.ok) return v;
  const warned = v.value.units.filter((u) => u.warning);
  const rows = renderNotices(
    warned.map((u) => ({
      template: "unit_warning" as const,
      recipient: `unit:${u.unitId}`,
      params: { period: month, count: String(u.warning!.overdueTickets.length), level: WARNING_LABELS[u.warning!.level] },
      dedupeKey: `warning:${jurisdictionId}:${month}:${u.unitId}:${u.warning!.level}`,
    })),
  );
  const queued = await queueNotices(ctx.db, jurisdictionId, rows, new Date(ctx.now()));
  return ok({ warnings: warned.length, queued });
}

/**
 * Publishes an assessment year's result (GX-33, GX-34): after the year and its appeal window (GX-32)
 * have ended and every appeal is decided, the result is kept as published; it is what the page
 * shows from then on, and no appeal is taken after.
 */
export async function publishYear(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  year: number,
): Promise<Result<{ period: string; publishedAt: number; units: number }>> {
  if (!can(actor, "assessment.adjust")) return fail(forbidden("assessment.adjust"));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const period = yearPeriod(p.value, year);
  const now = ctx.now();
  if (now < period.to)
    return fail(domainError("PUBLISH_TOO_EARLY", "考核年度尚未结束，不能发布", "the assessment year has not ended", { field: "year", rule: "GX-33" }));
  const due = appealDue(ctx, p.value, period);
  if (!due.ok) return due;
  if (due.value !== null && now <= due.value)
    return fail(
      domainError("APPEAL_WINDOW_OPEN", `申诉期至 ${localTime(due.value, p.value.utcOffsetMinutes)} 截止，截止后方可发布`, "the appeal window is still open", {
        field: "year",
        rule: "GX-32",
      }),
    );
  const pending = await pendingAppealCount(ctx.db, jurisdictionId, period.label);
  if (pending)
    return fail(
      domainError("APPEALS_PENDING", `尚有 ${pending} 件申诉未裁定，裁定后方可发布`, `${pending} appeals wait for their decision`, {
        field: "year",
        rule: "GX-32",
      }),
    );
  const result = await countYear(ctx, { ...actor, unitId: undefined }, jurisdictionId, p.value, year);
  if (!result.ok) return result;
  const stored = await insertPublication(ctx.db, {
    jurisdictionId,
    period: period.label,
    publishedBy: actor.id,
    publishedAt: new Date(now),
    result: result.value,
  });
  if (!stored) return fail(domainError("ALREADY_PUBLISHED", "本期结果已发布", "the period's result is already published", { field: "year", rule: "GX-33" }));
  await audit(ctx, { actorId: actor.id, jurisdictionId, action: "assessment.publish", target: period.label, outcome: "ok" });
  return ok({ period: period.label, publishedAt: now, units: result.value.units.length });
}
