import { monthPeriod, parseMonth, type Period } from "../../domain/assessment/period.ts";
import {
  dispatchFacts,
  dispatchFigures,
  dispatchFiguresBy,
  figuresOf,
  FIGURE_IDS,
  worstFirst,
  type DispatchFigures,
  type DispatchQualityBy,
  type FigureId,
  type TicketFacts,
} from "../../domain/dispatch/dispatch-quality.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { replay } from "../../domain/ticket/evolve.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { eachTicketForAssessment } from "../../store/repositories/assessment.repository.ts";
import { dispatchSums, figureTickets, type FactScope } from "../../store/repositories/dispatch-fact.repository.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { lookupUnitNames, lookupUnits } from "../org/lookup-units.ts";
import { isStaffOf } from "../auth/accounts.ts";

export { DISPATCH_QUALITY_BY, FIGURE_IDS, type DispatchQualityBy, type FigureId } from "../../domain/dispatch/dispatch-quality.ts";

/** A month's dispatch quality (派单质量) on a platform, overall and by one dimension. */
export interface DispatchQualityView {
  readonly jurisdictionId: string;
  readonly month: string;
  readonly from: number;
  readonly to: number;
  readonly overall: DispatchFigures;
  readonly by?: DispatchQualityBy;
  readonly groups?: readonly { key: string; label?: string; figures: DispatchFigures }[];
}

/**
 * The month's figures from the tickets first dispatched in it, each as its history stands now:
 * first-dispatch accuracy, return and unfounded-return rates, bounces and days lost per ticket.
 */
export async function dispatchQuality(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  month: string,
  by?: DispatchQualityBy,
  only: { unitId?: string; dispatcherId?: string } = {},
): Promise<Result<DispatchQualityView>> {
  if (!can(actor, "analytics.read")) return fail(forbidden("analytics.read"));
  const checked = await checkFilters(ctx, jurisdictionId, only);
  if (!checked.ok) return checked;
  return monthFigures(ctx, jurisdictionId, month, by, only.dispatcherId, only.unitId);
}

/**
 * A dispatcher's own figures (派单员看自己的): the tickets they dispatched first in the month, and
 * the categories they most often got wrong, worst first.
 */
export async function myDispatchQuality(ctx: AppContext, actor: TicketActor, jurisdictionId: string, month: string): Promise<Result<DispatchQualityView>> {
  if (!can(actor, "dispatch.own")) return fail(forbidden("dispatch.own"));
  return monthFigures(ctx, jurisdictionId, month, "category", actor.id);
}

/** A filter names something of this platform, or the answer would be a silent zero. */
async function checkFilters(ctx: AppContext, jurisdictionId: string, only: { unitId?: string; dispatcherId?: string }): Promise<Result<true>> {
  if (only.unitId !== undefined && (await lookupUnits(ctx.db, [only.unitId])).get(only.unitId)?.jurisdictionId !== jurisdictionId) {
    return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "no such unit on this platform", { field: "unit" }));
  }
  if (only.dispatcherId !== undefined && !(await isStaffOf(ctx, only.dispatcherId, jurisdictionId))) {
    return fail(domainError("INVALID_ARGUMENT", "派单员不存在或不属于本平台", "no such dispatcher on this platform", { field: "dispatcher" }));
  }
  return ok(true);
}

async function monthPeriodOf(ctx: AppContext, jurisdictionId: string, month: string): Promise<Result<Period>> {
  const m = parseMonth(month);
  if (!m) return fail(domainError("INVALID_ARGUMENT", "月份格式应为 YYYY-MM", "month must be YYYY-MM", { field: "month" }));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  return ok(monthPeriod(m.year, m.month, p.value.utcOffsetMinutes));
}

async function monthFigures(
  ctx: AppContext,
  jurisdictionId: string,
  month: string,
  by: DispatchQualityBy | undefined,
  dispatcherId?: string,
  unitId?: string,
): Promise<Result<DispatchQualityView>> {
  const period = await monthPeriodOf(ctx, jurisdictionId, month);
  if (!period.ok) return period;
  return ok({ month, ...(await dispatchQualityOver(ctx, jurisdictionId, period.value, by, dispatcherId, unitId)) });
}

function scopeOf(jurisdictionId: string, period: Period, dispatcherId?: string, unitId?: string): FactScope {
  return {
    jurisdictionId,
    from: period.from,
    to: period.to,
    ...(dispatcherId !== undefined ? { dispatcherId } : {}),
    ...(unitId !== undefined ? { unitId } : {}),
  };
}

/**
 * The figures of the tickets first dispatched in any period (the analysis report's, a month),
 * summed by SQL over the dispatch facts each ticket's writes keep ({@link dispatchQualityLive}
 * counts the same from the events).
 */
export async function dispatchQualityOver(
  ctx: AppContext,
  jurisdictionId: string,
  period: Period,
  by: DispatchQualityBy | undefined,
  dispatcherId?: string,
  unitId?: string,
): Promise<Omit<DispatchQualityView, "month">> {
  const r = await dispatchSums(ctx.db, scopeOf(jurisdictionId, period, dispatcherId, unitId), by);
  const groups = by
    ? worstFirst(r.groups.map((g) => ({ key: g.key, ...(by === "dispatcher" ? { label: g.label } : {}), figures: figuresOf(g.sums) })))
    : undefined;
  return withUnitNames(ctx, { jurisdictionId, from: period.from, to: period.to, overall: figuresOf(r.overall), ...(by && groups ? { by, groups } : {}) });
}

/**
 * The same figures counted live: every ticket of the period replayed from its events, read up to
 * now. The check on the stored facts (tests, `npm run bench -- dispatch-accuracy`), not the way to answer.
 */
export async function dispatchQualityLive(
  ctx: AppContext,
  jurisdictionId: string,
  period: Period,
  by: DispatchQualityBy | undefined,
  dispatcherId?: string,
  unitId?: string,
): Promise<Omit<DispatchQualityView, "month">> {
  const facts: TicketFacts[] = [];
  await eachTicketForAssessment(
    ctx.db,
    ctx.ticketIds,
    jurisdictionId,
    period.from,
    Math.max(ctx.now() + 1, period.from + 1),
    (chunk) => {
      for (const events of chunk.values()) {
        const state = replay(events);
        const f = state ? dispatchFacts(state, events, period) : undefined;
        if (!f || (dispatcherId !== undefined && f.dispatcherId !== dispatcherId) || (unitId !== undefined && f.firstUnitId !== unitId)) continue;
        facts.push(f);
      }
    },
    // A ticket is dispatched within a working day or so of its receipt: a month's look-back is ample.
    { lookbackDays: 31 },
  );
  const groups = by ? dispatchFiguresBy(facts, by) : undefined;
  return withUnitNames(ctx, { jurisdictionId, from: period.from, to: period.to, overall: dispatchFigures(facts), ...(by && groups ? { by, groups } : {}) });
}

async function withUnitNames(ctx: AppContext, v: Omit<DispatchQualityView, "month">): Promise<Omit<DispatchQualityView, "month">> {
  if (v.by !== "unit" || !v.groups) return v;
  const names = await lookupUnitNames(
    ctx.db,
    v.groups.map((g) => g.key),
  );
  return { ...v, groups: v.groups.map((g) => ({ ...g, label: names.get(g.key) ?? g.key })) };
}

/** Which figure's tickets to list (每项数字可查看工单): overall or one group's, a page at a time. */
export interface FigureTicketsQuery {
  readonly month: string;
  readonly figure: string;
  readonly by?: DispatchQualityBy;
  readonly key?: string;
  readonly unitId?: string;
  readonly dispatcherId?: string;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * The tickets one figure of a month counts, a page at a time, with how many there are. Analysts
 * and leaders open any figure; a dispatcher only their own first dispatches.
 */
export async function dispatchQualityTickets(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  q: FigureTicketsQuery,
): Promise<Result<{ total: number; tickets: { id: string; number: string }[] }>> {
  const own = !can(actor, "analytics.read");
  if (own && !can(actor, "dispatch.own")) return fail(forbidden("analytics.read"));
  if (!(FIGURE_IDS as readonly string[]).includes(q.figure)) {
    return fail(
      domainError("INVALID_ARGUMENT", `指标应为 ${FIGURE_IDS.join("、")} 之一`, `figure must be one of ${FIGURE_IDS.join(", ")}`, { field: "figure" }),
    );
  }
  if ((q.by === undefined) !== (q.key === undefined))
    return fail(domainError("INVALID_ARGUMENT", "分组维度与分组值须同时给出", "by and key go together", { field: q.by === undefined ? "by" : "key" }));
  const checked = await checkFilters(ctx, jurisdictionId, {
    ...(q.unitId !== undefined ? { unitId: q.unitId } : {}),
    ...(q.dispatcherId !== undefined ? { dispatcherId: q.dispatcherId } : {}),
  });
  if (!checked.ok) return checked;
  const period = await monthPeriodOf(ctx, jurisdictionId, q.month);
  if (!period.ok) return period;
  const scope = scopeOf(jurisdictionId, period.value, own ? actor.id : q.dispatcherId, q.unitId);
  const group = q.by !== undefined && q.key !== undefined ? { by: q.by, key: q.key } : undefined;
  return ok(await figureTickets(ctx.db, scope, q.figure as FigureId, group, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize }));
}
