import { describe, expect, it } from "vitest";
import { decideContext, LEAD, NOW, OTHER, ticket } from "../../../../test/support/decider-context.ts";
import { at } from "../../../../test/support/fixtures.ts";
import { dispatchAndReturn } from "./dispatch-and-return.ts";

describe("dispatch and return deciders", () => {
  it("GX-25.2 an urgent ticket is dispatched only with the phone call to its unit recorded", () => {
    const urgent = ticket({ status: "awaiting_dispatch", urgent: true, policyId: "guangxi-2021" });
    const ctx = decideContext("guangxi-2021");
    const refused = dispatchAndReturn.dispatch(urgent, { kind: "dispatch", leadUnitId: LEAD }, ctx);
    expect(!refused.ok && [refused.error.field, refused.error.rule]).toEqual(["unitPhoned", "GX-25.2"]);
    const done = dispatchAndReturn.dispatch(urgent, { kind: "dispatch", leadUnitId: LEAD, unitPhoned: { at: NOW, person: "值班员" } }, ctx);
    expect(done.ok && done.value.map((d) => d.data.type)).toEqual(["Dispatched"]);
  });

  it("a return is refused once the window to ask for it has closed", () => {
    const late = decideContext("guangzhou-2022", { role: "unit_handler", unitId: LEAD }, { now: at("2026-11-05T09:00:00+08:00") });
    const r = dispatchAndReturn.requestReturn(
      ticket(),
      { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位职责", legalBasis: "三定方案" },
      late,
    );
    expect(!r.ok && r.error.code).toBe("RETURN_WINDOW_CLOSED");
  });

  it("a multi-unit decision names assisting units, never the lead unit itself; a refusal says why", () => {
    const s = ticket({ status: "awaiting_return_decision" });
    const r = dispatchAndReturn.decideReturn(
      s,
      { kind: "decideReturn", decision: "multi_unit", reason: "多部门职责", assistingUnitIds: [LEAD, OTHER] },
      decideContext(),
    );
    expect(!r.ok && r.error.field).toBe("assistingUnitIds");
    expect(!dispatchAndReturn.decideReturn(s, { kind: "decideReturn", decision: "refuse", reason: " " }, decideContext()).ok).toBe(true);
    const refused = dispatchAndReturn.decideReturn(s, { kind: "decideReturn", decision: "refuse", reason: "属本单位职责" }, decideContext());
    expect(refused.ok && refused.value[0]?.data).toEqual({ type: "ReturnRefused", reason: "属本单位职责" });
  });
});
