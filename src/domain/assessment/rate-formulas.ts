import { z } from "zod";
import { countsSatisfied } from "../ticket/rating.ts";
import { type TicketState } from "../ticket/ticket.ts";

// 三率 and the on-time rate as formulas the policy owns (国办发〔2019〕51号 leaves the counting to
// each province: Jiangsu counts only valid answers). A formula names, for its numerator and its
// denominator, outcomes of a unit's tickets in the period; each side is the set of tickets with
// any of its outcomes, so the rate comes with the tickets behind both numbers. Formulas are
// versioned by the day they take effect: a period is counted by the version in force at its start,
// so counting a past period again gives the same answer after a new version is added.

/** The outcomes a ticket of the period may have, each a fact stored on it. */
export const OUTCOME_NAMES = [
  "handled",
  "responded",
  "onTime",
  "rated",
  "answered",
  "satisfied",
  "satisfiedAnswered",
  "askedSolved",
  "resolved",
  "partiallyResolved",
] as const;
export type Outcome = (typeof OUTCOME_NAMES)[number];

/** Rated, and not taken out by an upheld appeal (恶意、不合理评价). */
function rated(t: TicketState): boolean {
  return t.rating !== undefined && t.ratingAppeal?.status !== "upheld";
}
/** Rated by the requester's own answer: not given by silence (GX-27.2's default). */
function answered(t: TicketState): boolean {
  return rated(t) && t.ratingDefaulted !== true;
}

export const OUTCOMES: Record<Outcome, (t: TicketState) => boolean> = {
  /** Every ticket the unit answered for in the period. */
  handled: () => true,
  /** The unit's first contact with the requester after the dispatch, in time where the policy sets one. */
  responded: (t) => {
    const a = t.assignment;
    if (!a) return false;
    const first = (t.requesterContacts ?? []).find((c) => c.at >= a.dispatchedAt && (c.unitId === a.leadUnitId || c.unitId === a.executingUnitId));
    return first !== undefined && (a.firstContactDue === undefined || first.at <= a.firstContactDue);
  },
  /** Feedback given by the limit in force then. */
  onTime: (t) => {
    const at = t.feedback?.submittedAt;
    return at !== undefined && (t.clock?.due === undefined || at <= t.clock.due);
  },
  rated,
  answered,
  /** A counted rating the policy in force when given counted as satisfied. */
  satisfied: (t) => rated(t) && countsSatisfied(t),
  /** The same, given by the requester's own answer. */
  satisfiedAnswered: (t) => answered(t) && countsSatisfied(t),
  /** The callback asked whether the problem was solved. */
  // An upheld appeal takes a rating out of the satisfaction rate only: the answer to "solved?" stands.
  askedSolved: (t) => t.rating !== undefined && t.solved !== undefined,
  resolved: (t) => t.rating !== undefined && t.solved === "resolved",
  partiallyResolved: (t) => t.rating !== undefined && t.solved === "partially_resolved",
};

/** The rates a policy defines by formula: 响应率, 解决率, 满意率, 按时办结率. */
export const FORMULA_RATES = ["response", "resolution", "satisfaction", "concludedOnTime"] as const;
export type FormulaRate = (typeof FORMULA_RATES)[number];

export const RateFormulaSchema = z
  .object({
    numerator: z.array(z.enum(OUTCOME_NAMES)).min(1),
    denominator: z.array(z.enum(OUTCOME_NAMES)).min(1),
    /** What the platform calls it, e.g. 有效参评满意率. */
    label: z.string().min(1).optional(),
  })
  .strict();
export type RateFormula = z.infer<typeof RateFormulaSchema>;

/** Versions of the formulas by the day (`YYYY-MM-DD`, the platform's zone) each takes effect. */
export const RateFormulaVersionsSchema = z
  .array(
    z
      .object({
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        rates: z.object(Object.fromEntries(FORMULA_RATES.map((r) => [r, RateFormulaSchema])) as Record<FormulaRate, typeof RateFormulaSchema>).strict(),
        note: z.string().optional(),
      })
      .strict(),
  )
  .min(1);
export type RateFormulaVersions = z.infer<typeof RateFormulaVersionsSchema>;

/** The version in force on a day (the latest that took effect by then); undefined before the first. */
export function formulasOn(versions: RateFormulaVersions, day: string): RateFormulaVersions[number] | undefined {
  return [...versions]
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    .filter((v) => v.from <= day)
    .at(-1);
}

/** A formula over a unit's tickets: the tickets in its numerator and in its denominator. */
export function applyFormula<T extends { readonly state: TicketState }>(f: RateFormula, tickets: readonly T[]): { met: T[]; counted: T[] } {
  const any = (names: readonly Outcome[]) => (x: T) => names.some((n) => OUTCOMES[n](x.state));
  return { met: tickets.filter(any(f.numerator)), counted: tickets.filter(any(f.denominator)) };
}

/**
 * The formulas where a policy names none: satisfied over counted ratings, solved over the callbacks
 * that asked, first contact in time and replies in time over the unit's tickets.
 */
export const DEFAULT_FORMULAS: Record<FormulaRate, RateFormula> = {
  response: { numerator: ["responded"], denominator: ["handled"] },
  resolution: { numerator: ["resolved"], denominator: ["askedSolved"] },
  satisfaction: { numerator: ["satisfied"], denominator: ["rated"] },
  concludedOnTime: { numerator: ["onTime"], denominator: ["handled"] },
};

/** The formulas counted by on a day: the version in force then, or the defaults before any. */
export function ratesInForce(versions: RateFormulaVersions | undefined, day: string): { from: string | null; rates: Record<FormulaRate, RateFormula> } {
  const v = formulasOn(versions ?? [], day);
  return { from: v?.from ?? null, rates: v?.rates ?? DEFAULT_FORMULAS };
}
