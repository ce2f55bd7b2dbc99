import { describe, expect, it } from "vitest";
import { decideContext, NOW, ticket } from "../../../../test/support/decider-context.ts";
import { callbackAndRating } from "./callback-and-rating.ts";

const reviewer = decideContext("guangzhou-2022", { role: "reviewer" });

describe("callback and rating deciders", () => {
  it("a result is rated once", () => {
    const r = callbackAndRating.rate(ticket({ status: "awaiting_callback", rating: "satisfied" }), { kind: "rate", rating: "unsatisfied" }, reviewer);
    expect(!r.ok && r.error.code).toBe("ALREADY_RATED");
  });

  it("no default satisfaction when the request never reached the requester", () => {
    const s = ticket({ status: "awaiting_callback", satisfactionDefaultDue: NOW - 1, satisfactionRequestUndelivered: { at: NOW - 10, reason: "空号" } });
    const r = callbackAndRating.applyDefaultSatisfaction(s, { kind: "applyDefaultSatisfaction" }, decideContext("guangzhou-2022", { role: "system" }));
    expect(!r.ok && r.error.code).toBe("REQUEST_UNDELIVERED");
  });

  it("only an unsatisfied rating is handled again", () => {
    const r = callbackAndRating.orderRehandling(
      ticket({ status: "awaiting_callback", rating: "satisfied" }),
      { kind: "orderRehandling", reason: "重办" },
      reviewer,
    );
    expect(!r.ok && r.error.code).toBe("NOT_UNSATISFIED");
  });

  it("51号 GZ-20 a rating is one of five levels, with solved? asked apart; the policy says which levels count as satisfied", () => {
    const rated = (rating: "very_satisfied" | "basically_satisfied" | "very_unsatisfied", ctx = reviewer) => {
      const r = callbackAndRating.rate(ticket({ status: "awaiting_callback" }), { kind: "rate", rating, solved: "partially_resolved" }, ctx);
      if (!r.ok) throw new Error(r.error.en);
      return r.value[0]!;
    };
    expect(rated("very_satisfied")).toMatchObject({
      data: { type: "Rated", rating: "very_satisfied", countsSatisfied: true, solved: "partially_resolved" },
      rule: "GZ-20",
    });
    expect(rated("basically_satisfied").data).toMatchObject({ countsSatisfied: true });
    expect(rated("very_unsatisfied").data).toMatchObject({ countsSatisfied: false });
    // A platform whose policy counts only the top two levels: basically satisfied is not satisfied there.
    const strict = {
      ...reviewer,
      policy: {
        ...reviewer.policy,
        satisfaction: { ...reviewer.policy.satisfaction, satisfiedLevels: ["very_satisfied", "satisfied"] as ("very_satisfied" | "satisfied")[] },
      },
    };
    expect(rated("basically_satisfied", strict).data).toMatchObject({ countsSatisfied: false });
  });

  it("GZ-20 any level the policy does not count as satisfied may be handled again; one it counts may not", () => {
    const veryUnsatisfied = callbackAndRating.orderRehandling(
      ticket({ status: "awaiting_callback", rating: "very_unsatisfied", countsSatisfied: false }),
      { kind: "orderRehandling", reason: "仍未修复" },
      reviewer,
    );
    expect(veryUnsatisfied.ok || veryUnsatisfied.error.code).not.toBe("NOT_UNSATISFIED");
    const verySatisfied = callbackAndRating.orderRehandling(
      ticket({ status: "awaiting_callback", rating: "very_satisfied", countsSatisfied: true }),
      { kind: "orderRehandling", reason: "重办" },
      reviewer,
    );
    expect(!verySatisfied.ok && verySatisfied.error.code).toBe("NOT_UNSATISFIED");
  });

  it("GX-27.2 silence gives the policy's default level; a policy without one gives none", () => {
    const s = ticket({ status: "awaiting_callback", satisfactionDefaultDue: NOW - 1 });
    const system = decideContext("guangxi-2021", { role: "system" });
    const r = callbackAndRating.applyDefaultSatisfaction(s, { kind: "applyDefaultSatisfaction" }, system);
    expect(r.ok && r.value[0]?.data).toMatchObject({ type: "Rated", rating: "satisfied", countsSatisfied: true, defaulted: true });
    const none = callbackAndRating.applyDefaultSatisfaction(s, { kind: "applyDefaultSatisfaction" }, decideContext("guangzhou-2022", { role: "system" }));
    expect(!none.ok && none.error.code).toBe("NO_DEFAULT_LEVEL");
  });
});
