import { describe, expect, it } from "vitest";
import { answeredInTime, applyCallEvent, mayDeleteRecording, waitSeconds, type CallEvent, type CallRecord } from "./call-record.ts";

const P = { answerWithinSeconds: 20, recordingRetentionYears: 3, callbackWithinMs: 2 * 3_600_000 };
const T0 = Date.parse("2026-11-24T09:00:00+08:00");
function run(events: Omit<CallEvent, "eventId" | "callId">[]): CallRecord {
  let r: CallRecord | undefined;
  for (const [i, e] of events.entries()) {
    const next = applyCallEvent(r, { eventId: `e${i}`, callId: "c1", ...e }, P);
    if (!next.ok) throw new Error(next.error.en);
    r = next.value;
  }
  return r!;
}

describe("call records (GX-25.1, GX-28)", () => {
  it("GX-25.1 the wait counts from the queue (after the voice menu) to the answer; 20 s is in time, 21 s is not", () => {
    const inTime = run([
      { type: "ringing", at: T0, caller: "13800138000" },
      { type: "queued", at: T0 + 15_000 },
      { type: "answered", at: T0 + 35_000, agentId: "op1" },
      { type: "ended", at: T0 + 200_000 },
    ]);
    expect(waitSeconds(inTime)).toBe(20);
    expect(answeredInTime(inTime, P)).toBe(true);
    expect(inTime.outcome).toBe("answered");
    const late = run([
      { type: "queued", at: T0 },
      { type: "answered", at: T0 + 21_000 },
    ]);
    expect(answeredInTime(late, P)).toBe(false);
  });

  it("GX-25.1 a call ended while waiting is abandoned and due for a callback; an answer after the end is refused", () => {
    const r = run([
      { type: "ringing", at: T0, caller: "13800138000" },
      { type: "queued", at: T0 + 10_000 },
      { type: "ended", at: T0 + 70_000 },
    ]);
    expect(r).toMatchObject({ outcome: "abandoned", callbackDue: T0 + 70_000 + 2 * 3_600_000 });
    expect(applyCallEvent(r, { eventId: "x", callId: "c1", type: "answered", at: T0 + 80_000 }, P)).toMatchObject({
      ok: false,
      error: { code: "CALL_EVENT_CONFLICT" },
    });
  });

  it("GX-28 a recording is kept at least 3 years after the call: deleting it earlier is refused", () => {
    const r = run([
      { type: "answered", at: T0 },
      { type: "transferred", at: T0 + 5_000, transferTo: "120" },
      { type: "ended", at: T0 + 60_000 },
      { type: "recording_available", at: T0 + 90_000, recordingRef: "rec/c1.wav" },
    ]);
    expect(r.transfers).toEqual([{ to: "120", at: T0 + 5_000 }]);
    expect(r.retainUntil).toBe(Date.parse("2029-11-24T09:01:00+08:00"));
    expect(mayDeleteRecording(r, Date.parse("2029-11-24T09:00:59+08:00"))).toMatchObject({ ok: false, error: { rule: "GX-28" } });
    expect(mayDeleteRecording(r, Date.parse("2029-11-24T09:01:00+08:00"))).toEqual({ ok: true, value: true });
  });
});
