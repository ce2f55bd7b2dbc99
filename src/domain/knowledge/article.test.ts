import { describe, expect, it } from "vitest";
import { inForce, mayEdit, mayReview, review, stateAfterWrite, validateContent, type Article } from "./article.ts";

const base: Article = {
  id: "a",
  jurisdictionId: "j",
  version: 1,
  question: "如何办理居住证？",
  answer: "携带身份证到派出所办理。",
  ownerUnitId: "u1",
  validFrom: "2026-01-01",
  reviewState: "published",
};

describe("knowledge articles", () => {
  it("GZ-10 an article is offered only while published and in force: before, on both edges, after, withdrawn, superseded", () => {
    const a = { ...base, validTo: "2026-06-30" };
    expect(inForce(a, "2025-12-31")).toBe(false);
    expect(inForce(a, "2026-01-01")).toBe(true);
    expect(inForce(a, "2026-06-30")).toBe(true);
    expect(inForce(a, "2026-07-01")).toBe(false);
    expect(inForce({ ...a, reviewState: "withdrawn" }, "2026-03-01")).toBe(false);
    expect(inForce({ ...a, reviewState: "superseded" }, "2026-03-01")).toBe(false);
    expect(inForce({ ...a, reviewState: "in_review" }, "2026-03-01")).toBe(false);
    expect(inForce({ ...base }, "2099-01-01")).toBe(true);
  });

  it("GZ-10 units write their own knowledge only; the unit leader or an admin publishes", () => {
    expect(mayEdit({ id: "x", role: "unit_handler", unitId: "u1" }, "u1")).toBe(true);
    expect(mayEdit({ id: "x", role: "unit_handler", unitId: "u2" }, "u1")).toBe(false);
    expect(mayEdit({ id: "x", role: "operator" }, "u1")).toBe(false);
    expect(mayReview({ id: "x", role: "unit_handler", unitId: "u1" }, "u1")).toBe(false);
    expect(mayReview({ id: "x", role: "unit_leader", unitId: "u1" }, "u1")).toBe(true);
    expect(stateAfterWrite({ id: "x", role: "unit_handler", unitId: "u1" }, "u1", false)).toBe("in_review");
    expect(stateAfterWrite({ id: "x", role: "unit_leader", unitId: "u1" }, "u1", false)).toBe("published");
    expect(stateAfterWrite({ id: "x", role: "admin" }, "u1", true)).toBe("draft");
    const inReview = { ...base, reviewState: "in_review" as const };
    expect(review(inReview, { id: "x", role: "unit_leader", unitId: "u1" }, true)).toEqual({ ok: true, value: "published" });
    expect(review(inReview, { id: "x", role: "unit_leader", unitId: "u1" }, false)).toEqual({ ok: true, value: "draft" });
    expect(review(base, { id: "x", role: "admin" }, true)).toMatchObject({ ok: false, error: { code: "KNOWLEDGE_STATE_CONFLICT" } });
  });

  it.each([
    [{ question: " " }, "question"],
    [{ answer: "" }, "answer"],
    [{ validFrom: "2026-02-30" }, "validFrom"],
    [{ validTo: "2025-12-31" }, "validTo"],
  ])("bad content %j is refused naming %s", (over, field) => {
    const r = validateContent({ ...base, ...over });
    expect(r).toMatchObject({ ok: false, error: { field } });
  });
});
