import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";
import { FORMULA_RATES, ratesInForce, type FormulaRate, type RateFormula } from "../../domain/assessment/rate-formulas.ts";
import { assessmentYear, monthPeriod, parseMonth, type Period } from "../../domain/assessment/period.ts";
import {
  countsIn,
  INDICATOR_NAMES,
  scoreUnits,
  warningLevel,
  type IndicatorId,
  type IndicatorResult,
  type PointsAdjustment,
  type TicketAsOf,
} from "../../domain/assessment/score.ts";
import { countsForHotline, scoreHotline, type HotlineIndicatorResult } from "../../domain/assessment/hotline-score.ts";
import { computeDeadline } from "../../domain/deadlines/deadline-engine.ts";
import { UNIT_KIND_LABELS, isUnitKind } from "../../domain/org/unit.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { replay } from "../../domain/ticket/evolve.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { adjustmentsFor, eachTicketForAssessment, publicationOf, questionsForAssessment } from "../../store/repositories/assessment.repository.ts";
import { staffNames } from "../auth/accounts.ts";
import { actorInWords } from "../auth/audit-labels.ts";
import { listUnits } from "../../store/repositories/org.repository.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";

/** One unit's line of the results: score, rank within its class, warning, indicators down to tickets. */
export interface UnitAssessment {
  readonly unitId: string;
  readonly unitName: string;
  readonly unitCode: string;
  readonly unitClass: string;
  readonly score: number;
  readonly rankInClass: number;
  readonly warning: { readonly level: "sms" | "yellow" | "red"; readonly rule: string; readonly overdueTickets: readonly string[] } | null;
  readonly indicators: readonly (IndicatorResult & { readonly metNumbers: readonly string[]; readonly countedNumbers: readonly string[] })[];
  readonly adjustments: readonly PointsAdjustment[];
  readonly overdueNumbers: readonly string[];
}

/** A period's results. */
export interface AssessmentView {
  readonly jurisdictionId: string;
  readonly period: Period;
  readonly rule: string;
  readonly scale: number;
  readonly indicators: readonly { id: IndicatorId; name: string; weight: number; formula?: RateFormula }[];
  /** The day the rate formulas counted by took effect; null: the defaults. */
  readonly formulasFrom: string | null;
  readonly units: readonly UnitAssessment[];
  /** Last moment units may appeal this period (GX-32); null where the policy sets none. */
  readonly appealDue: number | null;
  /**
   * The hotline's own score (派单质量): a bounce it ruled its own mistake counts here, not against
   * the unit; null where the policy does not score the hotline. Unit staff see its figures without
   * the ticket numbers, which name other units' tickets.
   */
  readonly hotline: {
    readonly rule: string;
    readonly scale: number;
    readonly score: number;
    readonly indicators: readonly (HotlineIndicatorResult & { readonly metNumbers: readonly string[]; readonly countedNumbers: readonly string[] })[];
  } | null;
  /** The policy's warning thresholds (GX-34), lowest first; null where it sets none. */
  readonly warningLevels: { readonly levels: readonly { level: "sms" | "yellow" | "red"; overdueAtLeast: number }[]; readonly rule: string } | null;
  /** When and by whom the result was published (GX-33): then the result is the one published, kept as it was. */
  readonly published?: { readonly at: number; readonly byName: string } | null;
}

/** The assessment year (named by the year it ends in) a month belongs to. */
function yearOfMonth(p: ResolvedPolicy, year: number, month: number): number {
  const a = p.assessment;
  const startsInPreviousYear = a.yearStartMonth !== 1 || a.yearStartDay !== 1;
  return startsInPreviousYear && (month > a.yearStartMonth || (month === a.yearStartMonth && a.yearStartDay === 1)) ? year + 1 : year;
}

function indicatorsFor(p: ResolvedPolicy, assessmentYearLabel: number) {
  const sets = [...p.assessment.indicatorSets].sort((a, b) => b.fromYear - a.fromYear);
  return (sets.find((s) => s.fromYear <= assessmentYearLabel) ?? sets[sets.length - 1]!).indicators;
}

/** The appeal window of a period: the policy's `appeal` limit from the period's last moment (GX-32). */
export function appealDue(ctx: AppContext, p: ResolvedPolicy, period: Period): Result<number | null> {
  const d = computeDeadline(p, ctx.calendars.forPolicy(p), { rule: "appeal", from: period.to - 1 });
  if (d.ok) return ok(d.value.due);
  return d.error.code === "NO_SUCH_LIMIT" ? ok(null) : d;
}

async function assess(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  p: ResolvedPolicy,
  period: Period,
  assessmentYearLabel: number,
  adjustmentPeriods: readonly string[],
  proposed?: Partial<Record<FormulaRate, RateFormula>>,
): Promise<Result<AssessmentView>> {
  const indicators = indicatorsFor(p, assessmentYearLabel);
  const hotlinePolicy = p.assessment.hotline;
  // Each ticket as it stood at the period's end (later events cannot change a closed period),
  // kept only if it counts in the period: a year of tickets passes through, a month's stays.
  const tickets: TicketAsOf[] = [];
  const keep = (chunk: ReadonlyMap<string, TicketAsOf["events"]>) => {
    for (const events of chunk.values()) {
      const state = replay(events);
      if (state && (countsIn(period, { state, events }) || (hotlinePolicy && countsForHotline(period, { state, events })))) tickets.push({ state, events });
    }
  };
  const [, questions, adjustments, units] = await Promise.all([
    eachTicketForAssessment(ctx.db, ctx.ticketIds, jurisdictionId, period.from, period.to, keep),
    questionsForAssessment(ctx.db, jurisdictionId, period.from, period.to),
    adjustmentsFor(ctx.db, jurisdictionId, adjustmentPeriods),
    listUnits(ctx.db, jurisdictionId),
  ]);
  const number = new Map(tickets.map((t) => [t.state.id, t.state.number]));
  const exempt = new Set(adjustments.filter((a) => a.kind === "exempt_ticket" && a.ticketId).map((a) => a.ticketId!));
  const points = adjustments
    .filter((a) => a.kind === "points" && a.points !== null)
    .map((a) => ({ unitId: a.unitId, item: a.item ?? a.reason, points: a.points! }));
  // The rates are counted by the formulas in force on the period's first day (51号).
  const inForce = ratesInForce(p.assessment.rateFormulas, formatDay(dayOfInstant(period.from, p.utcOffsetMinutes)));
  // A preview counts by the formulas proposed, the others as in force.
  const rates = { ...inForce.rates, ...proposed };
  const scores = scoreUnits(period, indicators, tickets, questions, exempt, points, p.assessment.scale, rates);
  const hotlineScore = hotlinePolicy ? scoreHotline(period, hotlinePolicy.indicators, tickets, exempt, hotlinePolicy.scale) : undefined;
  const unitById = new Map(units.map((u) => [u.id, u]));
  const warnings = p.assessment.warnings;
  const numbers = (ids: readonly string[]): string[] => ids.map((id) => number.get(id) ?? id);
  const lines = scores.flatMap((s): Omit<UnitAssessment, "rankInClass">[] => {
    const u = unitById.get(s.unitId);
    if (!u) return [];
    const level = warnings ? warningLevel(s.overdue.length, warnings.levels) : undefined;
    return [
      {
        unitId: s.unitId,
        unitName: u.name,
        unitCode: u.code,
        unitClass: isUnitKind(u.kind) ? UNIT_KIND_LABELS[u.kind] : u.kind,
        score: s.score,
        warning: level && warnings ? { level, rule: warnings.rule, overdueTickets: numbers(s.overdue) } : null,
        indicators: s.indicators.map((i) => ({ ...i, metNumbers: numbers(i.met), countedNumbers: numbers(i.counted) })),
        adjustments: s.adjustments,
        overdueNumbers: numbers(s.overdue),
      },
    ];
  });
  // Ranked within each class of unit (GZ-24, GX-31); equal scores share a rank.
  const ranked = lines.map((l) => ({ ...l, rankInClass: 1 + lines.filter((o) => o.unitClass === l.unitClass && o.score > l.score).length }));
  ranked.sort((a, b) => (a.unitClass < b.unitClass ? -1 : a.unitClass > b.unitClass ? 1 : a.rankInClass - b.rankInClass || (a.unitCode < b.unitCode ? -1 : 1)));
  const visible = actor.unitId ? ranked.filter((l) => l.unitId === actor.unitId) : ranked;
  const due = appealDue(ctx, p, period);
  if (!due.ok) return due;
  return ok({
    jurisdictionId,
    period,
    rule: p.assessment.rule,
    scale: p.assessment.scale,
    indicators: indicators.map((i) => {
      const formula = (FORMULA_RATES as readonly string[]).includes(i.id) ? rates[i.id as FormulaRate] : undefined;
      return { ...i, name: INDICATOR_NAMES[i.id], ...(formula ? { formula } : {}) };
    }),
    formulasFrom: inForce.from,
    units: visible,
    appealDue: due.value,
    hotline:
      hotlinePolicy && hotlineScore
        ? {
            rule: hotlinePolicy.rule,
            scale: hotlinePolicy.scale,
            score: hotlineScore.score,
            indicators: hotlineScore.indicators.map((i) =>
              actor.unitId
                ? { ...i, met: [], counted: [], metNumbers: [], countedNumbers: [] }
                : { ...i, metNumbers: numbers(i.met), countedNumbers: numbers(i.counted) },
            ),
          }
        : null,
    warningLevels: warnings ? { levels: warnings.levels, rule: warnings.rule } : null,
  });
}

/** A month's results (`YYYY-MM`); unit staff see their own unit's line only. */
export async function assessMonth(ctx: AppContext, actor: TicketActor, jurisdictionId: string, month: string): Promise<Result<AssessmentView>> {
  if (!can(actor, "assessment.read")) return fail(forbidden("assessment.read"));
  const m = parseMonth(month);
  if (!m) return fail(domainError("INVALID_ARGUMENT", "月份格式应为 YYYY-MM", "month must be YYYY-MM", { field: "month" }));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const period = monthPeriod(m.year, m.month, p.value.utcOffsetMinutes);
  return assess(ctx, actor, jurisdictionId, p.value, period, yearOfMonth(p.value, m.year, m.month), [period.label]);
}

/**
 * An assessment year's results (named by the year it ends in), with every month's adjustments and
 * the year's own (its appeals, GX-32); once published (GX-33), the result as it was published.
 */
export async function assessYear(ctx: AppContext, actor: TicketActor, jurisdictionId: string, year: number): Promise<Result<AssessmentView>> {
  if (!can(actor, "assessment.read")) return fail(forbidden("assessment.read"));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const period = yearPeriod(p.value, year);
  const published = await publicationOf(ctx.db, jurisdictionId, period.label);
  if (published) {
    const names = await staffNames(ctx, [published.publishedBy]);
    return ok(
      seenBy(actor, {
        ...(published.result as AssessmentView),
        published: { at: published.publishedAt.getTime(), byName: actorInWords(published.publishedBy, names) },
      }),
    );
  }
  const v = await countYear(ctx, actor, jurisdictionId, p.value, year);
  return v.ok ? ok({ ...v.value, published: null }) : v;
}

/** The assessment year's period in the platform's zone (GX-30: 1 Dec to 30 Nov; a calendar year elsewhere). */
export function yearPeriod(p: ResolvedPolicy, year: number): Period {
  return assessmentYear(year, p.assessment.yearStartMonth, p.assessment.yearStartDay, p.utcOffsetMinutes);
}

/** A published result as one actor may read it: unit staff their unit's line, the hotline's figures without other units' ticket numbers. */
function seenBy(actor: TicketActor, v: AssessmentView): AssessmentView {
  if (!actor.unitId) return v;
  return {
    ...v,
    units: v.units.filter((u) => u.unitId === actor.unitId),
    hotline: v.hotline
      ? { ...v.hotline, indicators: v.hotline.indicators.map((i) => ({ ...i, met: [], counted: [], metNumbers: [], countedNumbers: [] })) }
      : null,
  };
}

/** The year counted now, as every actor who may publish sees it. */
export async function countYear(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  policy: ResolvedPolicy,
  year: number,
): Promise<Result<AssessmentView>> {
  const p = { value: policy };
  const a = p.value.assessment;
  const period = yearPeriod(p.value, year);
  const months: string[] = [];
  for (let i = 0; i < 12; i++) {
    const m0 = a.yearStartMonth - 1 + i;
    const y = (a.yearStartMonth !== 1 || a.yearStartDay !== 1 ? year - 1 : year) + Math.floor(m0 / 12);
    months.push(`${y}-${String((m0 % 12) + 1).padStart(2, "0")}`);
  }
  return assess(ctx, actor, jurisdictionId, p.value, period, year, [...months, period.label]);
}

/**
 * A month counted by proposed rate formulas (the others as in force), for an admin weighing a new
 * version before it goes into the policy: "what would our 满意率 be, counted like Jiangsu?".
 */
export async function previewRateFormulas(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  month: string,
  proposed: Partial<Record<FormulaRate, RateFormula>>,
): Promise<Result<AssessmentView>> {
  if (!can(actor, "assessment.adjust")) return fail(forbidden("assessment.adjust"));
  const m = parseMonth(month);
  if (!m) return fail(domainError("INVALID_ARGUMENT", "月份格式应为 YYYY-MM", "month must be YYYY-MM", { field: "month" }));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const period = monthPeriod(m.year, m.month, p.value.utcOffsetMinutes);
  return assess(ctx, actor, jurisdictionId, p.value, period, yearOfMonth(p.value, m.year, m.month), [period.label], proposed);
}
