import { describe, expect, it } from "vitest";
import { ticket } from "../../../test/support/decider-context.ts";
import { type Rating, type Solved } from "../ticket/ticket.ts";
import { countOfAny, rateFromCounts, SUMMED_OUTCOMES, type OutcomeCounts } from "./outcome-counts.ts";
import { applyFormula, OUTCOME_NAMES, OUTCOMES, type Outcome } from "./rate-formulas.ts";

// Every combination of the facts the summed outcomes read, one ticket each.
const RATINGS: (Rating | undefined)[] = [undefined, "very_satisfied", "unsatisfied"];
const tickets = RATINGS.flatMap((rating) =>
  [true, false].flatMap((counts) =>
    [false, true].flatMap((defaulted) =>
      [undefined, "upheld", "refused"].flatMap((appeal) =>
        ([undefined, "resolved", "partially_resolved", "unresolved"] as (Solved | undefined)[]).flatMap((solved) =>
          [undefined, 5, 15].map((feedbackAt, i) => ({
            state: ticket({
              id: `${rating}-${counts}-${defaulted}-${appeal}-${solved}-${i}`,
              ...(rating ? { rating, countsSatisfied: counts, ratingDefaulted: defaulted } : {}),
              ...(solved ? { solved } : {}),
              ...(appeal
                ? { ratingAppeal: { at: 0, by: "u", ground: "malicious" as const, statement: "s", attachments: [], rule: "51号", status: appeal as "upheld" } }
                : {}),
              ...(feedbackAt !== undefined ? { feedback: { submittedAt: feedbackAt } as never, clock: { due: 10 } as never } : {}),
            }),
          })),
        ),
      ),
    ),
  ),
);
const counts = Object.fromEntries(SUMMED_OUTCOMES.map((n) => [n, tickets.filter((t) => OUTCOMES[n](t.state)).length])) as OutcomeCounts;

/** Every non-empty subset of the outcome names. */
function subsets(names: readonly Outcome[]): Outcome[][] {
  return names.reduce<Outcome[][]>((acc, n) => [...acc, ...acc.map((s) => [...s, n])], [[]]).filter((s) => s.length > 0);
}

describe("rates counted from daily sums (51号)", () => {
  it("51号 any side of a formula the sums can count gives the tickets applying the formula would find, over every combination of facts", () => {
    let countable = 0;
    for (const side of subsets(OUTCOME_NAMES)) {
      const n = countOfAny(side, counts);
      if (n === undefined) continue;
      countable += 1;
      const byTickets = applyFormula({ numerator: side, denominator: ["handled"] }, tickets).met.length;
      expect([side, n]).toEqual([side, byTickets]);
    }
    // The sides the shipped and the Jiangsu-like formulas use are among them.
    for (const side of [
      ["satisfied"],
      ["rated"],
      ["satisfiedAnswered"],
      ["answered"],
      ["onTime"],
      ["handled"],
      ["resolved", "partiallyResolved"],
      ["askedSolved"],
      ["answered", "satisfied"],
    ] as Outcome[][]) {
      expect([side, countOfAny(side, counts)]).not.toEqual([side, undefined]);
    }
    expect(countable).toBeGreaterThan(20);
  });

  it("51号 a side mixing families, or naming an outcome the sums do not hold, is not counted from them", () => {
    expect(countOfAny(["satisfied", "onTime"], counts)).toBeUndefined();
    expect(countOfAny(["responded"], counts)).toBeUndefined();
    expect(rateFromCounts({ numerator: ["responded"], denominator: ["handled"] }, counts)).toBeUndefined();
    expect(rateFromCounts({ numerator: ["satisfied"], denominator: ["rated"] }, counts)).toEqual({
      numerator: counts.satisfied,
      denominator: counts.rated,
      rate: counts.satisfied / counts.rated,
    });
    expect(rateFromCounts({ numerator: ["satisfied"], denominator: ["rated"] }, { ...counts, rated: 0, satisfied: 0 })?.rate).toBeNull();
  });
});
