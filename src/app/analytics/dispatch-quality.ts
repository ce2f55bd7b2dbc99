import { monthPeriod, parseMonth, type Period } from "../../domain/assessment/period.ts";
import { dispatchFacts, dispatchFigures, dispatchFiguresBy, type DispatchFigures, type DispatchQualityBy, type TicketFacts } from "../../domain/dispatch/dispatch-quality.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { replay } from "../../domain/ticket/evolve.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { eachTicketForAssessment } from "../../store/repositories/assessment.repository.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { lookupUnitNames, lookupUnits } from "../org/lookup-units.ts";
import { isStaffOf } from "../auth/accounts.ts";

export { DISPATCH_QUALITY_BY, type DispatchQualityBy } from "../../domain/dispatch/dispatch-quality.ts";

/** A month's dispatch quality (派单质量) on a platform, overall and by one dimension. */
export interface DispatchQualityView {
  readonly jurisdictionId: string;
  readonly month: string;
  readonly from: number;
  readonly to: number;
  readonly overall: DispatchFigures;
  readonly by?: DispatchQualityBy;
  readonly groups?: readonly { key: string; label?: string; figures: DispatchFigures }[];
  /** The number of each ticket the figures list, so each figure opens its tickets. */
  readonly numbers: Readonly<Record<string, string>>;
}

/** How long after a month its tickets' outcomes are read: returns and conclusions come later than the dispatch. */
const OUTCOME_DAYS = 60;

/**
 * The month's figures from the tickets first dispatched in it, each ticket's history read up to
 * now (or two months after the month): first-dispatch accuracy, return and unfounded-return
 * rates, bounces and days lost per ticket.
 */
export async function dispatchQuality(ctx: AppContext, actor: TicketActor, jurisdictionId: string, month: string, by?: DispatchQualityBy, only: { unitId?: string; dispatcherId?: string } = {}): Promise<Result<DispatchQualityView>> {
  if (!can(actor, "analytics.read")) return fail(forbidden("analytics.read"));
  // A filter names something of this platform, or the answer would be a silent zero.
  if (only.unitId !== undefined && (await lookupUnits(ctx.db, [only.unitId])).get(only.unitId)?.jurisdictionId !== jurisdictionId) {
    return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "no such unit on this platform", { field: "unit" }));
  }
  if (only.dispatcherId !== undefined && !(await isStaffOf(ctx, only.dispatcherId, jurisdictionId))) {
    return fail(domainError("INVALID_ARGUMENT", "派单员不存在或不属于本平台", "no such dispatcher on this platform", { field: "dispatcher" }));
  }
  return figuresOf(ctx, jurisdictionId, month, by, only.dispatcherId, only.unitId);
}

/**
 * A dispatcher's own figures (派单员看自己的): the tickets they dispatched first in the month, and
 * the categories they most often got wrong, worst first.
 */
export async function myDispatchQuality(ctx: AppContext, actor: TicketActor, jurisdictionId: string, month: string): Promise<Result<DispatchQualityView>> {
  if (!can(actor, "dispatch.own")) return fail(forbidden("dispatch.own"));
  return figuresOf(ctx, jurisdictionId, month, "category", actor.id);
}

async function figuresOf(ctx: AppContext, jurisdictionId: string, month: string, by: DispatchQualityBy | undefined, dispatcherId?: string, unitId?: string): Promise<Result<DispatchQualityView>> {
  const m = parseMonth(month);
  if (!m) return fail(domainError("INVALID_ARGUMENT", "月份格式应为 YYYY-MM", "month must be YYYY-MM", { field: "month" }));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  return ok({ month, ...(await dispatchQualityOver(ctx, jurisdictionId, monthPeriod(m.year, m.month, p.value.utcOffsetMinutes), by, dispatcherId, unitId)) });
}

/** The figures of the tickets first dispatched in any period (the analysis report's, a month). */
export async function dispatchQualityOver(ctx: AppContext, jurisdictionId: string, period: Period, by: DispatchQualityBy | undefined, dispatcherId?: string, unitId?: string): Promise<Omit<DispatchQualityView, "month">> {
  const facts: TicketFacts[] = [];
  const numbers: Record<string, string> = {};
  const readUntil = Math.min(ctx.now(), period.to + OUTCOME_DAYS * 86_400_000);
  await eachTicketForAssessment(
    ctx.db,
    ctx.ticketIds,
    jurisdictionId,
    period.from,
    Math.max(readUntil, period.from + 1),
    (chunk) => {
      for (const events of chunk.values()) {
        const state = replay(events);
        const f = state ? dispatchFacts(state, events, period) : undefined;
        if (!f || !state || (dispatcherId !== undefined && f.dispatcherId !== dispatcherId) || (unitId !== undefined && f.firstUnitId !== unitId)) continue;
        facts.push(f);
        numbers[state.id] = state.number;
      }
    },
    // A ticket is dispatched within a working day or so of its receipt: a month's look-back is ample.
    { lookbackDays: 31 },
  );
  const groups = by ? dispatchFiguresBy(facts, by) : undefined;
  const names = by === "unit" && groups ? await lookupUnitNames(ctx.db, groups.map((g) => g.key)) : undefined;
  return {
    jurisdictionId,
    from: period.from,
    to: period.to,
    overall: dispatchFigures(facts),
    ...(by && groups ? { by, groups: groups.map((g) => (names ? { ...g, label: names.get(g.key) ?? g.key } : g)) } : {}),
    numbers,
  };
}
