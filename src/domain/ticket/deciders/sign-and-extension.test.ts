import { describe, expect, it } from "vitest";
import { decideContext, LEAD, ticket } from "../../../../test/support/decider-context.ts";
import { at } from "../../../../test/support/fixtures.ts";
import { signAndExtension } from "./sign-and-extension.ts";

const unit = decideContext("guangzhou-2022", { role: "unit_handler", unitId: LEAD });

describe("sign and extension deciders", () => {
  it("GX-26.7 an urgent ticket signed after its 30 minutes is recorded late, with the rule", () => {
    const s = ticket({
      status: "awaiting_sign",
      urgent: true,
      policyId: "guangxi-2021",
      assignment: { leadUnitId: LEAD, assistingUnitIds: [], dispatchedAt: at("2026-11-03T09:00:00+08:00"), signDue: at("2026-11-03T09:30:00+08:00") },
    });
    const r = signAndExtension.sign(s, { kind: "sign" }, decideContext("guangxi-2021", { role: "unit_handler", unitId: LEAD }));
    expect(r.ok && r.value[0]).toMatchObject({ data: { type: "Signed", late: true }, rule: "GX-26.7" });
  });

  it("GZ-18 an extension request states its period and the limit it would give: the original length again, counted after the current due", () => {
    const due = at("2026-11-16T23:59:59.999+08:00");
    const s = ticket({
      clock: {
        due,
        provisional: false,
        rule: "GZ-17.2",
        limit: { unit: "workingDays", n: 10 },
        startedAt: at("2026-11-02T10:00:00+08:00"),
        extensionsGranted: 0,
        rehandlings: 0,
        phase: "handling",
      },
    });
    const r = signAndExtension.requestExtension(s, { kind: "requestExtension", reason: "需协调多个部门" }, unit);
    // By hand: ten working days after Monday 16 November end on Monday 30 November (no holiday between).
    expect(r.ok && r.value[0]?.data).toMatchObject({
      type: "ExtensionRequested",
      request: { reason: "需协调多个部门", period: { unit: "workingDays", n: 10 }, proposedDue: at("2026-11-30T23:59:59.999+08:00") },
    });
  });

  it("GZ-18 a unit may ask a shorter extension than the policy's; the approval extends by what was asked; longer or none is refused naming the period", () => {
    const due = at("2026-11-16T23:59:59.999+08:00");
    const running = {
      due,
      provisional: false,
      rule: "GZ-17.2",
      limit: { unit: "workingDays" as const, n: 10 },
      startedAt: at("2026-11-02T10:00:00+08:00"),
      extensionsGranted: 0,
      rehandlings: 0,
      phase: "handling" as const,
    };
    const s = ticket({ clock: running });
    const r = signAndExtension.requestExtension(s, { kind: "requestExtension", reason: "待检测报告", period: 3 }, unit);
    // By hand: three working days after Monday 16 November end on Thursday 19 November.
    const request = r.ok && r.value[0]?.data.type === "ExtensionRequested" ? r.value[0].data.request : undefined;
    expect(request).toMatchObject({ period: { unit: "workingDays", n: 3 }, proposedDue: at("2026-11-19T23:59:59.999+08:00") });
    for (const period of [11, 0]) {
      const refused = signAndExtension.requestExtension(s, { kind: "requestExtension", reason: "待检测报告", period }, unit);
      expect(!refused.ok && refused.error).toMatchObject({ code: "EXTENSION_TOO_LONG", field: "period", rule: "GZ-18" });
    }
    const approver = decideContext("guangzhou-2022", { role: "reviewer" });
    const decided = signAndExtension.decideExtension(
      ticket({ clock: running, pendingExtension: request! }),
      { kind: "decideExtension", approved: true, reason: "同意" },
      approver,
    );
    expect(decided.ok && decided.value[0]?.data).toMatchObject({
      type: "ExtensionDecided",
      approved: true,
      clock: { due: at("2026-11-19T23:59:59.999+08:00"), extensionsGranted: 1 },
    });
  });

  it("a second extension request waits for the first to be decided", () => {
    const s = ticket({ pendingExtension: { at: at("2026-11-03T09:00:00+08:00"), byUnitId: LEAD, reason: "需现场核查" } });
    const r = signAndExtension.requestExtension(s, { kind: "requestExtension", reason: "再延" }, unit);
    expect(!r.ok && r.error.code).toBe("EXTENSION_PENDING");
  });

  it("a contact with the requester is recorded between the dispatch and now, by a known method", () => {
    const before = signAndExtension.contactRequester(
      ticket(),
      { kind: "contactRequester", method: "phone", note: "已联系", contactedAt: at("2026-11-01T10:00:00+08:00") },
      unit,
    );
    expect(!before.ok && before.error.field).toBe("contactedAt");
    const r = signAndExtension.contactRequester(ticket(), { kind: "contactRequester", method: "visit", note: "上门核实" }, unit);
    expect(r.ok && r.value[0]?.data).toMatchObject({ type: "RequesterContacted", contact: { method: "visit", unitId: LEAD } });
  });
});
