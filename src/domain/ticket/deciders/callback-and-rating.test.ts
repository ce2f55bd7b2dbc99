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
    const r = callbackAndRating.orderRehandling(ticket({ status: "awaiting_callback", rating: "satisfied" }), { kind: "orderRehandling", reason: "重办" }, reviewer);
    expect(!r.ok && r.error.code).toBe("NOT_UNSATISFIED");
  });
});
