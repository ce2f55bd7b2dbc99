import { applyFormula, DEFAULT_FORMULAS, OUTCOMES, type FormulaRate, type RateFormula } from "./rate-formulas.ts";
import { type TicketEvent, type TicketState } from "../ticket/ticket.ts";
import { type Period } from "./period.ts";

import { INDICATOR_NAMES, type IndicatorId } from "./indicators.ts";
export { INDICATOR_IDS, INDICATOR_NAMES, type IndicatorId } from "./indicators.ts";

/** A ticket as of the period's end, with the events before it. */
export interface TicketAsOf {
  readonly state: TicketState;
  readonly events: readonly TicketEvent[];
}

/** A knowledge question to a unit (GX-29.2), for the knowledge upkeep indicator. */
export interface QuestionFact {
  readonly id: string;
  readonly unitId: string;
  readonly dueAt: number | null;
  readonly answeredAt: number | null;
}

/** One indicator's figures: which tickets made the denominator and which met it. */
export interface IndicatorResult {
  readonly id: IndicatorId;
  readonly name: string;
  readonly weight: number;
  readonly met: readonly string[];
  readonly counted: readonly string[];
  /** met / counted; null when nothing was counted (full marks: no case, no deduction). */
  readonly rate: number | null;
  readonly points: number;
}

/** A manual item or an accepted appeal's points, recorded by an assessor. */
export interface PointsAdjustment {
  readonly unitId: string;
  readonly item: string;
  readonly points: number;
}

/** A unit's score for a period. */
export interface UnitScore {
  readonly unitId: string;
  readonly indicators: readonly IndicatorResult[];
  readonly adjustments: readonly PointsAdjustment[];
  readonly score: number;
  /** Tickets of the unit counted in this period, and the overdue ones among them (for warnings). */
  readonly tickets: readonly string[];
  readonly overdue: readonly string[];
}

/**
 * The instant a ticket belongs to a period by (GX-30): its conclusion, or, if it was still
 * open when its limit ran out, that limit; an unfinished ticket not yet due belongs to a
 * later period. So every ticket counts once.
 */
export function countingInstant(t: TicketState): number | undefined {
  const due = t.clock?.due;
  const done = t.concludedAt;
  if (done !== undefined && (due === undefined || done <= due)) return done;
  return due;
}

/** Whether an instant falls in the period (its end excluded). */
function within(period: Period, at: number | undefined): boolean {
  return at !== undefined && at >= period.from && at < period.to;
}

/**
 * Whether a ticket (as of the period's end) counts anywhere in the period's indicators: its
 * counting instant, its sign limit, a supervision's answer limit or a return asked fall in the
 * period. {@link scoreUnits} looks at these tickets only, so the others can be left out before
 * it (the assessment reads a year of tickets and keeps these).
 */
export function countsIn(period: Period, x: TicketAsOf): boolean {
  const inPeriod = (at: number | undefined): boolean => within(period, at);
  const a = x.state.assignment;
  return (
    (a !== undefined && inPeriod(countingInstant(x.state))) ||
    (a?.signDue !== undefined && inPeriod(a.signDue)) ||
    (x.state.supervisions ?? []).some((v) => inPeriod(v.answerDue)) ||
    x.events.some((e) => e.data.type === "ReturnRequested" && inPeriod(e.at))
  );
}

function result(id: IndicatorId, weight: number, met: string[], counted: string[]): IndicatorResult {
  const rate = counted.length ? met.length / counted.length : null;
  return { id, name: INDICATOR_NAMES[id], weight, met, counted, rate, points: Math.round(weight * (rate ?? 1) * 100) / 100 };
}

/** Was the reply in time: feedback submitted by the limit in force then. */
const onTime = OUTCOMES.onTime;

/**
 * Scores every unit with tickets in the period (GZ-24, GX-30). Pure: the same tickets
 * (as of the period's end), questions and adjustments always give the same numbers.
 * Exempted tickets (accepted appeals, unreasonable demands) are left out of every indicator.
 */
export function scoreUnits(
  period: Period,
  indicators: readonly { id: IndicatorId; weight: number }[],
  tickets: readonly TicketAsOf[],
  questions: readonly QuestionFact[],
  exempt: ReadonlySet<string>,
  adjustments: readonly PointsAdjustment[],
  scale: number,
  formulas: Record<FormulaRate, RateFormula> = DEFAULT_FORMULAS,
): UnitScore[] {
  const inPeriod = (at: number | undefined): boolean => within(period, at);
  const byUnit = new Map<string, TicketAsOf[]>();
  const returnsByUnit = new Map<string, { approved: string[]; asked: string[] }>();
  const signByUnit = new Map<string, TicketAsOf[]>();
  // Supervisions whose answer fell due in the period, by the unit supervised (GZ-23).
  const supervisedByUnit = new Map<string, { id: string; answeredInTime: boolean }[]>();
  for (const x of tickets) {
    if (exempt.has(x.state.id) || !countsIn(period, x)) continue;
    for (const s of x.state.supervisions ?? []) {
      if (!inPeriod(s.answerDue)) continue;
      supervisedByUnit.set(s.unitId, [
        ...(supervisedByUnit.get(s.unitId) ?? []),
        { id: x.state.id, answeredInTime: s.answer !== undefined && s.answer.at <= s.answerDue },
      ]);
    }
    const lead = x.state.assignment?.leadUnitId;
    if (lead && inPeriod(countingInstant(x.state))) byUnit.set(lead, [...(byUnit.get(lead) ?? []), x]);
    const a = x.state.assignment;
    if (a?.signDue !== undefined && inPeriod(a.signDue)) signByUnit.set(a.leadUnitId, [...(signByUnit.get(a.leadUnitId) ?? []), x]);
    // Returns asked in the period, judged by the hotline's decision on them.
    let asking: string | undefined;
    for (const e of x.events) {
      if (e.data.type === "ReturnRequested" && inPeriod(e.at)) asking = e.data.request.byUnitId;
      if ((e.data.type === "ReturnApproved" || e.data.type === "ReturnRefused") && asking) {
        const r = returnsByUnit.get(asking) ?? { approved: [], asked: [] };
        r.asked.push(x.state.id);
        if (e.data.type === "ReturnApproved") r.approved.push(x.state.id);
        returnsByUnit.set(asking, r);
        asking = undefined;
      }
    }
  }
  const units = new Set([
    ...byUnit.keys(),
    ...signByUnit.keys(),
    ...returnsByUnit.keys(),
    ...supervisedByUnit.keys(),
    ...questions.filter((q) => q.dueAt !== null && inPeriod(q.dueAt)).map((q) => q.unitId),
    ...adjustments.map((a) => a.unitId),
  ]);
  return [...units].sort().map((unitId) => {
    const mine = byUnit.get(unitId) ?? [];
    const ids = (xs: readonly TicketAsOf[]): string[] => xs.map((x) => x.state.id);
    const withFeedback = mine.filter((x) => x.state.feedback);
    const signs = signByUnit.get(unitId) ?? [];
    const ret = returnsByUnit.get(unitId) ?? { approved: [], asked: [] };
    const qs = questions.filter((q) => q.unitId === unitId && q.dueAt !== null && inPeriod(q.dueAt));
    const results = indicators.map(({ id, weight }) => {
      switch (id) {
        // 三率 and the on-time rate: counted by the policy's formula in force for the period (51号).
        case "concludedOnTime":
        case "satisfaction":
        case "resolution":
        case "response": {
          const f = applyFormula(formulas[id], mine);
          return result(id, weight, ids(f.met), ids(f.counted));
        }
        case "supervisionAnswered": {
          const sv = supervisedByUnit.get(unitId) ?? [];
          return result(
            id,
            weight,
            sv.filter((v) => v.answeredInTime).map((v) => v.id),
            sv.map((v) => v.id),
          );
        }
        case "feedbackCompliance":
          return result(id, weight, ids(withFeedback.filter((x) => x.state.reviewSendBacks === 0)), ids(withFeedback));
        case "signOnTime":
          return result(id, weight, ids(signs.filter((x) => x.state.assignment?.signedAt !== undefined && !x.state.assignment.signedLate)), ids(signs));
        case "returnAccuracy":
          return result(id, weight, ret.approved, ret.asked);
        case "knowledgeUpkeep":
          return result(
            id,
            weight,
            qs.filter((q) => q.answeredAt !== null && q.answeredAt <= (q.dueAt ?? Infinity)).map((q) => q.id),
            qs.map((q) => q.id),
          );
      }
    });
    const mineAdj = adjustments.filter((a) => a.unitId === unitId);
    const raw = results.reduce((s, r) => s + r.points, 0) + mineAdj.reduce((s, a) => s + a.points, 0);
    return {
      unitId,
      indicators: results,
      adjustments: mineAdj,
      score: Math.round(Math.min(scale, Math.max(0, raw)) * 100) / 100,
      tickets: ids(mine),
      overdue: ids(mine.filter((x) => !onTime(x.state))),
    };
  });
}

/** The warning level a count of overdue tickets reaches (GX-34), highest first; none below the lowest. */
export function warningLevel<L extends string>(overdue: number, levels: readonly { level: L; overdueAtLeast: number }[]): L | undefined {
  return [...levels].sort((a, b) => b.overdueAtLeast - a.overdueAtLeast).find((l) => overdue >= l.overdueAtLeast)?.level;
}
