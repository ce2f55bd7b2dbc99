import { describe, expect, it } from "vitest";
import { type TicketEvent, type TicketState } from "../ticket/ticket.ts";
import { countsForHotline, scoreHotline } from "./hotline-score.ts";
import { monthPeriod } from "./period.ts";
import { type TicketAsOf } from "./score.ts";

const at = (iso: string): number => Date.parse(iso);
const NOV = monthPeriod(2026, 11, 480);
const WEIGHTS = [
  { id: "dispatchAccuracy" as const, weight: 80 },
  { id: "returnRulingOnTime" as const, weight: 20 },
];
const actor = { id: "d1", name: "派单员", role: "dispatcher" };

function ev(iso: string, data: Record<string, unknown>): TicketEvent {
  return { ticketId: "x", seq: 0, at: at(iso), actor, command: String(data["type"]), data } as unknown as TicketEvent;
}
const dispatched = (iso: string, unit: string) => ev(iso, { type: "Dispatched", assignment: { leadUnitId: unit, assistingUnitIds: [] } });
const asked = (iso: string, unit: string, dueIso: string) =>
  ev(iso, { type: "ReturnRequested", request: { at: at(iso), byUnitId: unit, reason: "不属本单位", rulingDue: at(dueIso) } });
const approved = (iso: string) => ev(iso, { type: "ReturnApproved", reason: "派单错误" });
const refusedAt = (iso: string) => ev(iso, { type: "ReturnRefused", reason: "属本单位职责" });
const ticket = (id: string, events: TicketEvent[]): TicketAsOf => ({ state: { id } as unknown as TicketState, events });

describe("the hotline's own score: who pays for a bounce (国办函〔2025〕66号)", () => {
  it("66号 GZ-15.1 a return the hotline approves counts against its dispatch; a refused one does not; a late ruling counts against its ruling", () => {
    const bounced = ticket("bounced", [
      dispatched("2026-11-02T09:00:00+08:00", "A"),
      asked("2026-11-02T15:00:00+08:00", "A", "2026-11-03T23:59:59.999+08:00"),
      approved("2026-11-04T09:00:00+08:00"), // a day late
      dispatched("2026-11-04T10:00:00+08:00", "B"),
    ]);
    const held = ticket("held", [
      dispatched("2026-11-05T09:00:00+08:00", "A"),
      asked("2026-11-05T10:00:00+08:00", "A", "2026-11-06T23:59:59.999+08:00"),
      refusedAt("2026-11-06T09:00:00+08:00"),
    ]);
    const quiet = ticket("quiet", [dispatched("2026-11-10T09:00:00+08:00", "C")]);
    const s = scoreHotline(NOV, WEIGHTS, [bounced, held, quiet], new Set(), 100);
    // Four dispatches, one ended by an approved return: 3/4 × 80 = 60. Two rulings due, one late: 1/2 × 20 = 10.
    expect(s.indicators.map((i) => [i.id, i.met, i.counted, i.points])).toEqual([
      ["dispatchAccuracy", ["bounced", "held", "quiet"], ["bounced", "bounced", "held", "quiet"], 60],
      ["returnRulingOnTime", ["held"], ["bounced", "held"], 10],
    ]);
    expect(s.score).toBe(70);
    // Exempted tickets leave both figures, as they leave the units'.
    expect(scoreHotline(NOV, WEIGHTS, [bounced, held, quiet], new Set(["bounced"]), 100).score).toBe(100);
  });

  it("66号 a dispatch before the period or a ruling due after it is not counted; nothing counted means full marks", () => {
    const october = ticket("oct", [dispatched("2026-10-30T09:00:00+08:00", "A"), asked("2026-10-30T10:00:00+08:00", "A", "2026-11-02T23:59:59.999+08:00")]);
    const lateNov = ticket("late", [dispatched("2026-11-30T16:00:00+08:00", "A"), asked("2026-11-30T17:00:00+08:00", "A", "2026-12-01T23:59:59.999+08:00")]);
    expect([countsForHotline(NOV, october), countsForHotline(NOV, lateNov)]).toEqual([true, true]);
    const s = scoreHotline(NOV, WEIGHTS, [october, lateNov], new Set(), 100);
    // October's ruling fell due on 2 Nov and was never given: late. Its dispatch was in October.
    expect(s.indicators.map((i) => [i.id, i.met, i.counted])).toEqual([
      ["dispatchAccuracy", ["late"], ["late"]],
      ["returnRulingOnTime", [], ["oct"]],
    ]);
    expect(scoreHotline(monthPeriod(2026, 9, 480), WEIGHTS, [october, lateNov], new Set(), 100)).toMatchObject({
      score: 100,
      indicators: [{ rate: null }, { rate: null }],
    });
  });
});
