import { ratesInForce, type FormulaRate, type RateFormula } from "../../domain/assessment/rate-formulas.ts";
import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";
import { type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";

/** The formulas a period's rates are counted by, and the day their version took effect (null: the defaults). */
export interface PeriodFormulas {
  readonly from: string | null;
  readonly rates: Record<FormulaRate, RateFormula>;
}

/** As the assessment does (51号): the version in force on the period's first day, in the platform's zone. */
export function periodFormulas(p: ResolvedPolicy | undefined, from: number): PeriodFormulas {
  return ratesInForce(p?.assessment.rateFormulas, formatDay(dayOfInstant(from, p?.utcOffsetMinutes ?? 0)));
}
