import { describe, expect, it } from "vitest";
import { ticket } from "../../../test/support/decider-context.ts";
import { PolicySchema } from "../policy/policy.schema.ts";
import { applyFormula, formulasOn, type RateFormulaVersions } from "./rate-formulas.ts";
import gx from "../../../data/policies/guangxi-2021.json" with { type: "json" };

const versions: RateFormulaVersions = [
  {
    from: "2027-01-01",
    rates: {
      response: { numerator: ["responded"], denominator: ["handled"] },
      resolution: { numerator: ["resolved", "partiallyResolved"], denominator: ["askedSolved"] },
      satisfaction: { numerator: ["satisfiedAnswered"], denominator: ["answered"] },
      concludedOnTime: { numerator: ["onTime"], denominator: ["handled"] },
    },
  },
  {
    from: "2021-01-01",
    rates: {
      response: { numerator: ["responded"], denominator: ["handled"] },
      resolution: { numerator: ["resolved"], denominator: ["askedSolved"] },
      satisfaction: { numerator: ["satisfied"], denominator: ["rated"] },
      concludedOnTime: { numerator: ["onTime"], denominator: ["handled"] },
    },
  },
];

describe("rates as versioned formulas (51号)", () => {
  it("51号 a period is counted by the version in force on its first day, whatever order they are written in", () => {
    expect(formulasOn(versions, "2020-12-31")).toBeUndefined();
    expect(formulasOn(versions, "2026-12-01")?.from).toBe("2021-01-01");
    expect(formulasOn(versions, "2027-01-01")?.from).toBe("2027-01-01");
  });

  it("51号 one month by hand under two versions: satisfied over all counted ratings, then over the requester's own answers", () => {
    const x = (id: string, over: Parameters<typeof ticket>[0]) => ({ state: ticket({ id, ...over }) });
    const tickets = [
      x("a", { rating: "satisfied", countsSatisfied: true, solved: "resolved" }),
      x("b", { rating: "satisfied", countsSatisfied: true, ratingDefaulted: true }),
      x("c", { rating: "unsatisfied", countsSatisfied: false, solved: "partially_resolved" }),
      x("d", {
        rating: "very_unsatisfied",
        countsSatisfied: false,
        ratingAppeal: { at: 0, by: "u", ground: "malicious", statement: "s", attachments: [], rule: "GX-27.3", status: "upheld" },
      }),
      x("e", {}),
    ];
    const ids = (r: { met: { state: { id: string } }[]; counted: { state: { id: string } }[] }) => [
      r.met.map((t) => t.state.id),
      r.counted.map((t) => t.state.id),
    ];
    const old = formulasOn(versions, "2026-11-01")!.rates;
    const now = formulasOn(versions, "2027-01-01")!.rates;
    // 2026: 2 satisfied of 3 counted ratings (d's appeal was upheld); solved 1 of 2 asked.
    expect(ids(applyFormula(old.satisfaction, tickets))).toEqual([
      ["a", "b"],
      ["a", "b", "c"],
    ]);
    expect(ids(applyFormula(old.resolution, tickets))).toEqual([["a"], ["a", "c"]]);
    // 2027: only the requester's own answers (b was silence), and partly solved counts as solved.
    expect(ids(applyFormula(now.satisfaction, tickets))).toEqual([["a"], ["a", "c"]]);
    expect(ids(applyFormula(now.resolution, tickets))).toEqual([
      ["a", "c"],
      ["a", "c"],
    ]);
  });

  it("51号 a policy whose formula names an unknown count is refused naming the field", () => {
    const bad = structuredClone(gx) as { assessment: { rateFormulas: { rates: { satisfaction: { numerator: string[] } } }[] } };
    bad.assessment.rateFormulas[0]!.rates.satisfaction.numerator = ["happy"];
    const r = PolicySchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join(".")).toBe("assessment.rateFormulas.0.rates.satisfaction.numerator.0");
  });
});
