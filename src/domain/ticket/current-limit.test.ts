import { describe, expect, it } from "vitest";
import { ticket } from "../../../test/support/decider-context.ts";
import { currentLimit, warningsBeside } from "./current-limit.ts";
import { type HandlingClock } from "../deadlines/handling-clock.ts";

const H = 3_600_000;
const NOW = Date.parse("2026-11-10T10:00:00+08:00");
const SOON = 24 * H;
const clock = (due: number): HandlingClock => ({
  due,
  provisional: false,
  rule: "GZ-17.2",
  limit: { unit: "workingDays", n: 10 },
  startedAt: 0,
  extensionsGranted: 0,
  rehandlings: 0,
  phase: "handling",
});

describe("a ticket's clock, one answer for every screen", () => {
  it("GZ-13.2 GZ-17.2 the limit that runs follows the status: dispatch while waiting, the handling limit while the unit works, due soon within the policy's lead", () => {
    expect(currentLimit(ticket({ status: "awaiting_dispatch", dispatchDue: NOW + 30 * H }), NOW, SOON)).toEqual({
      kind: "dispatch",
      due: NOW + 30 * H,
      provisional: false,
      state: "in_time",
      leftMs: 30 * H,
    });
    expect(currentLimit(ticket({ status: "awaiting_dispatch", dispatchDue: NOW - 2 * H }), NOW, SOON)).toMatchObject({
      kind: "dispatch",
      state: "overdue",
      leftMs: -2 * H,
    });
    expect(currentLimit(ticket({ status: "handling", clock: clock(NOW + 5 * H) }), NOW, SOON)).toMatchObject({
      kind: "handling",
      state: "due_soon",
      leftMs: 5 * H,
    });
    expect(currentLimit(ticket({ status: "awaiting_unit_review", clock: clock(NOW - H) }), NOW, SOON)).toMatchObject({
      kind: "handling",
      state: "overdue",
      leftMs: -H,
    });
    // Exactly at the lead is due soon; a moment past the due is overdue.
    expect(currentLimit(ticket({ status: "handling", clock: clock(NOW + SOON) }), NOW, SOON)?.state).toBe("due_soon");
    expect(currentLimit(ticket({ status: "handling", clock: clock(NOW - 1) }), NOW, SOON)?.state).toBe("overdue");
  });

  it("GZ-14 GZ-19 the hotline's own limits show while it owes the step: the ruling on a return; once the feedback is in, whether the unit's limit was met and by how long", () => {
    const returning = ticket({
      status: "awaiting_return_decision",
      clock: clock(NOW + 72 * H),
      pendingReturn: { at: NOW - H, byUnitId: "u", reason: "r", rulingDue: NOW - 30 * 60_000 },
    });
    expect(currentLimit(returning, NOW, SOON)).toMatchObject({ kind: "return_ruling", state: "overdue", leftMs: -30 * 60_000 });
    const late = ticket({
      status: "awaiting_review",
      clock: clock(NOW - 10 * H),
      feedback: { submittedAt: NOW - 4 * H } as never,
      flags: ["due_soon", "overdue", "return_window_closed", "dispatch_overdue"],
    });
    const limit = currentLimit(late, NOW, SOON);
    expect(limit).toMatchObject({ kind: "handling", state: "missed", leftMs: -6 * H });
    // The closed limit says it was missed; the running flags are not repeated, 退回期已过 only informs; 派单超时 stays, with how late.
    const dispatched = { ...late, dispatchDue: NOW - 50 * H, dispatchRecord: { firstAt: NOW - 47 * H } as never };
    expect(warningsBeside(dispatched, limit)).toEqual([{ flag: "dispatch_overdue", overByMs: 3 * H }]);
    expect(currentLimit(ticket({ status: "awaiting_callback", clock: clock(NOW), feedback: { submittedAt: NOW - H } as never }), NOW, SOON)).toMatchObject({
      kind: "handling",
      state: "met",
      leftMs: H,
    });
  });

  it("GX-27.2 51号 the requester's rating window is shown while it runs, never as due soon; a bad rating's rectification runs after the conclusion", () => {
    const waiting = ticket({
      status: "awaiting_callback",
      clock: clock(NOW - 48 * H),
      feedback: { submittedAt: NOW - 50 * H } as never,
      satisfactionDefaultDue: NOW + 2 * H,
    });
    expect(currentLimit(waiting, NOW, SOON)).toMatchObject({ kind: "satisfaction", state: "in_time", leftMs: 2 * H });
    const rectifying = ticket({
      status: "concluded",
      clock: clock(NOW - 48 * H),
      feedback: { submittedAt: NOW - 50 * H } as never,
      rectification: { requiredAt: 0, due: NOW + 3 * H, rule: "GX-27.3", rating: "unsatisfied", status: "awaiting", filings: [], reviews: [] },
      flags: ["rectification_due_soon"],
    });
    const limit = currentLimit(rectifying, NOW, SOON);
    expect(limit).toMatchObject({ kind: "rectification", state: "due_soon" });
    expect(warningsBeside(rectifying, limit)).toEqual([]);
    expect(currentLimit(ticket({ status: "merged" }), NOW, SOON)).toBeUndefined();
  });
});
