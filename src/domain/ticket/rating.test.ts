import { describe, expect, it } from "vitest";
import { countsSatisfied, solvedOf } from "./rating.ts";

describe("ratings given before five levels (51号)", () => {
  it("51号 keep their words; satisfied and basically satisfied counted then, and a yes/no solved? reads as resolved or unresolved", () => {
    expect(countsSatisfied({ rating: "satisfied" })).toBe(true);
    expect(countsSatisfied({ rating: "basically_satisfied" })).toBe(true);
    expect(countsSatisfied({ rating: "unsatisfied" })).toBe(false);
    // A rating given under a policy says what it counted as, whatever its level.
    expect(countsSatisfied({ rating: "basically_satisfied", countsSatisfied: false })).toBe(false);
    expect(countsSatisfied({})).toBe(false);
    expect(solvedOf({ resolved: true })).toBe("resolved");
    expect(solvedOf({ resolved: false })).toBe("unresolved");
    expect(solvedOf({ solved: "partially_resolved" })).toBe("partially_resolved");
    expect(solvedOf({})).toBeUndefined();
  });
});
