import { type DecideContext, type UnitRef } from "../../src/domain/ticket/decide.ts";
import { type TicketActor, type TicketState } from "../../src/domain/ticket/ticket.ts";
import { at, calendar, policy } from "./fixtures.ts";

// A ticket and a decision's context for the deciders' own tests (src/domain/ticket/deciders/).

export const LEAD = "00000000-0000-4000-8000-000000000001";
export const OTHER = "00000000-0000-4000-8000-000000000002";
export const NOW = at("2026-11-03T10:00:00+08:00");

const UNITS = new Map<string, UnitRef>([
  [LEAD, { id: LEAD, kind: "handling_unit", jurisdictionId: "j", active: true }],
  [OTHER, { id: OTHER, kind: "handling_unit", jurisdictionId: "j", active: true }],
]);

/** The context of a decision now, under a policy, by an actor (a dispatcher unless given). */
export function decideContext(policyId = "guangzhou-2022", actor: Partial<TicketActor> = {}, extra: Partial<DecideContext> = {}): DecideContext {
  const p = policy(policyId);
  return { policy: p, calendar: calendar(p), now: NOW, actor: { id: "u1", name: "测试", role: "dispatcher", ...actor }, units: UNITS, ...extra };
}

/** A complaint received yesterday, dispatched to LEAD unless it awaits dispatch, with changes. */
export function ticket(changes: Partial<TicketState> = {}): TicketState {
  const status = changes.status ?? "handling";
  return {
    id: "t",
    number: "GZ20261102000001",
    jurisdictionId: "j",
    policyId: "guangzhou-2022",
    status,
    version: 3,
    channel: "phone",
    type: "complaint",
    urgent: false,
    title: "噪音",
    content: "噪音扰民",
    requester: { kind: "person" },
    location: {},
    receivedAt: at("2026-11-02T09:00:00+08:00"),
    returnsCount: 0,
    flags: [],
    difficult: false,
    reviewSendBacks: 0,
    createdAt: at("2026-11-02T09:00:00+08:00"),
    updatedAt: at("2026-11-02T09:00:00+08:00"),
    ...(status === "awaiting_dispatch"
      ? {}
      : {
          assignment: { leadUnitId: LEAD, assistingUnitIds: [], dispatchedAt: at("2026-11-02T10:00:00+08:00"), checkDue: at("2026-11-04T23:59:59.999+08:00") },
        }),
    ...changes,
  };
}
