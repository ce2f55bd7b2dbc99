import { type Outcome, type RateFormula } from "./rate-formulas.ts";

// The dashboards count a period's tickets from daily sums (the rollup), not ticket by ticket, so
// a formula's "tickets with any of these outcomes" must be found from how many tickets had each
// outcome. That is exact where the outcomes nest the way they do: every outcome is a subset of
// `handled`; `answered` and `satisfied` are subsets of `rated` and meet in `satisfiedAnswered`;
// `resolved` and `partiallyResolved` are disjoint subsets of `askedSolved`. A side mixing
// families (e.g. `onTime` or `satisfied`) has no exact count from sums: undefined.

/** The outcomes a ticket list can be narrowed to: each a stored fact of the ticket (`handled` is every ticket). */
export const LISTED_OUTCOMES = [
  "onTime",
  "rated",
  "answered",
  "satisfied",
  "satisfiedAnswered",
  "askedSolved",
  "resolved",
  "partiallyResolved",
] as const satisfies readonly Outcome[];
export type ListedOutcome = (typeof LISTED_OUTCOMES)[number];
/** The outcomes the daily sums hold, each counted over the same tickets. */
export const SUMMED_OUTCOMES = ["handled", ...LISTED_OUTCOMES] as const;
export type SummedOutcome = (typeof SUMMED_OUTCOMES)[number];
export type OutcomeCounts = Readonly<Record<SummedOutcome, number>>;

const RATING_FAMILY: readonly Outcome[] = ["rated", "answered", "satisfied", "satisfiedAnswered"];
const SOLVED_FAMILY: readonly Outcome[] = ["askedSolved", "resolved", "partiallyResolved"];

/** How many tickets had any of `names`, from the counts of each; undefined where sums cannot tell. */
export function countOfAny(names: readonly Outcome[], c: OutcomeCounts): number | undefined {
  const has = new Set(names);
  if (has.has("handled")) return c.handled;
  if (names.every((n) => RATING_FAMILY.includes(n))) {
    if (has.has("rated")) return c.rated;
    const [a, s] = [has.has("answered"), has.has("satisfied")];
    if (a && s) return c.answered + c.satisfied - c.satisfiedAnswered;
    return a ? c.answered : s ? c.satisfied : c.satisfiedAnswered;
  }
  if (names.every((n) => SOLVED_FAMILY.includes(n))) {
    if (has.has("askedSolved")) return c.askedSolved;
    return (has.has("resolved") ? c.resolved : 0) + (has.has("partiallyResolved") ? c.partiallyResolved : 0);
  }
  if (names.every((n) => n === "onTime")) return c.onTime;
  return undefined;
}

/** A rate with the two numbers it is made of; `rate` is null where there is nothing to divide. */
export interface RateFigure {
  readonly numerator: number;
  readonly denominator: number;
  readonly rate: number | null;
}

/** A formula counted from sums; undefined where a side cannot be counted from them. */
export function rateFromCounts(f: RateFormula, c: OutcomeCounts): RateFigure | undefined {
  const [numerator, denominator] = [countOfAny(f.numerator, c), countOfAny(f.denominator, c)];
  if (numerator === undefined || denominator === undefined) return undefined;
  return { numerator, denominator, rate: denominator ? numerator / denominator : null };
}

/** Whether the sums can count a formula (checked when a policy is loaded, so a dashboard never finds out late). */
export function countableFromSums(f: RateFormula): boolean {
  const zero = Object.fromEntries(SUMMED_OUTCOMES.map((n) => [n, 0])) as OutcomeCounts;
  return rateFromCounts(f, zero) !== undefined;
}
