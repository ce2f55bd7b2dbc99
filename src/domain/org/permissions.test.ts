import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, type Action } from "./permissions.ts";
import { ROLES, type TicketState } from "../ticket/ticket.ts";

/** The expected answer for every role and platform action: the policy read as a table. */
const EXPECTED: Record<Action, string> = {
  "users.manage": "admin system",
  "units.manage": "admin",
  "categories.manage": "admin",
  "leaderSessions.manage": "admin supervisor",
  "exchange.sendDown": "admin dispatcher supervisor",
  "tokens.manage": "admin",
  "handover.manage": "admin",
  "audit.read": "admin",
  "archive.read": "admin supervisor analyst dispatcher reviewer",
  "archive.file": "admin supervisor",
  "archive.dispose": "admin",
  "personalDataLog.read": "admin",
  "calendar.import": "admin",
  "catalogue.edit": "admin dispatcher supervisor",
  "catalogue.decideDispute": "admin dispatcher supervisor",
  "tickets.merge": "admin dispatcher reviewer supervisor",
  "misconduct.record": "admin supervisor",
  "analytics.read": "admin analyst supervisor dispatcher reviewer operator",
  "dispatch.own": "dispatcher",
  "requesterHistory.read": "admin operator dispatcher reviewer",
  "models.train": "admin",
  "assist.use": "admin operator dispatcher reviewer supervisor",
  "knowledge.read": "admin operator dispatcher reviewer supervisor unit_handler unit_leader analyst",
  "knowledge.edit": "admin unit_handler unit_leader",
  "knowledge.review": "admin unit_leader",
  "knowledge.ask": "admin operator dispatcher reviewer supervisor",
  "assessment.read": "admin supervisor analyst unit_handler unit_leader",
  "assessment.adjust": "admin supervisor",
  "assessment.appeal": "unit_handler unit_leader",
  "notices.read": "admin",
  "supervision.board": "admin supervisor",
};

describe("permissions written once", () => {
  it.each(Object.keys(PERMISSIONS) as Action[])("GZ-25 %s is allowed to exactly the roles of the policy", (action) => {
    const allowed = ROLES.filter((role) => can({ role }, action));
    expect(allowed.sort()).toEqual(EXPECTED[action].split(" ").sort());
  });

  it("ticket commands answer through the same can(): the unit assigned may sign, another unit may not", () => {
    const t = { status: "awaiting_sign", assignment: { leadUnitId: "u1", assistingUnitIds: [], dispatchedAt: 0 }, flags: [] } as unknown as TicketState;
    expect(can({ role: "unit_handler", unitId: "u1" }, "sign", t)).toBe(true);
    expect(can({ role: "unit_handler", unitId: "u2" }, "sign", t)).toBe(false);
    expect(can({ role: "dispatcher" }, "sign", t)).toBe(false);
    expect(can({ role: "unit_handler", unitId: "u1" }, "sign")).toBe(false);
  });
});
