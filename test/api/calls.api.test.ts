import { describe, expect, it } from "vitest";
import { signature } from "../../src/channels/sms/sms-provider.ts";
import { actAs, serverForTests } from "../support/http.ts";
import { complaint, newTicket, TestClock } from "../support/tickets.ts";

const SECRET = "telephony-secret-0123456789";
const clock = new TestClock(Date.parse("2026-11-24T12:00:00+08:00"));
const env = serverForTests({ now: clock.now, telephonySecret: SECRET });
const T = (s: number) => new Date(Date.parse("2026-11-24T09:00:00+08:00") + s * 1000).toISOString();

async function event(body: Record<string, unknown>, secret = SECRET) {
  const raw = JSON.stringify(body);
  const res = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/telephony/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hotline-signature": signature(secret, raw) },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as any };
}
const as = (role: string) => actAs(env.app.seed.adminToken, role, undefined, true);

describe("calls from the telephony system (GX-25.1, GX-28)", () => {
  it("GX-25.1 signed events make call records; a repeated event changes nothing; a bad signature is refused; the 20-second answer rate is reported", async () => {
    expect((await event({ eventId: "x", callId: "c0", type: "ringing", at: T(0) }, "wrong-secret-0123456789")).status).toBe(401);
    // c1: answered 20 s after the voice menu (in time); c2: 25 s (late); c3: abandoned while waiting.
    const calls: [string, string, number][] = [
      ["c1", "ringing", 0],
      ["c1", "queued", 10],
      ["c1", "answered", 30],
      ["c1", "ended", 200],
      ["c2", "ringing", 0],
      ["c2", "queued", 10],
      ["c2", "answered", 35],
      ["c2", "transferred", 60],
      ["c2", "ended", 90],
      ["c3", "ringing", 0],
      ["c3", "queued", 12],
      ["c3", "ended", 70],
    ];
    for (const [callId, type, s] of calls) {
      const r = await event({
        eventId: `${callId}-${type}`,
        callId,
        type,
        at: T(s),
        caller: "13800138000",
        ...(type === "transferred" ? { transferTo: "120" } : {}),
        ...(type === "answered" ? { agentId: "gz_operator" } : {}),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const again = await event({ eventId: "c1-answered", callId: "c1", type: "answered", at: T(30) });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, outcome: "answered" } });
    const late = await event({ eventId: "c3-answered", callId: "c3", type: "answered", at: T(80) });
    expect(late.status).toBe(409);

    const stats = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/stats?from=2026-11-24T00:00:00%2B08:00&to=2026-11-25T00:00:00%2B08:00`, {
      headers: as("analyst"),
    });
    expect(await stats.json()).toEqual({
      total: 3,
      answered: 2,
      answeredInTime: 1,
      answerTargetSeconds: 20,
      rule: "GX-25.1",
      answerRate: 0.5,
      abandoned: 1,
      averageWaitSeconds: 22.5,
      transfers: { "120": 1 },
    });
  });

  it("GX-25.1 an abandoned call is on the callback list with its due time until an operator records the callback; the call links to its ticket", async () => {
    const list = await (await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/missed?open=true`, { headers: as("operator") })).json();
    expect(list.calls).toEqual([
      expect.objectContaining({ callId: "c3", caller: "138****8000", callbackDue: Date.parse(T(70)) + 2 * 3_600_000, overdue: true }),
    ]);
    const unit = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/missed`, { headers: as("analyst") });
    expect(unit.status).toBe(403);
    // GZ-25 the number to call back is a reveal with a purpose, logged as a view of personal data.
    const reveal = (role: string) =>
      fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/c3/caller/reveal`, {
        method: "POST",
        headers: as(role),
        body: JSON.stringify({ purpose: "回拨" }),
      });
    expect((await reveal("analyst")).status).toBe(403);
    expect(await (await reveal("operator")).json()).toEqual({ caller: "13800138000" });
    const logged = await (await fetch(`${env.url}/api/v1/admin/personal-data-access`, { headers: as("admin") })).json();
    expect(logged.accesses[0]).toMatchObject({ role: "operator", requesterPhone: "138****8000", jurisdictionId: "guangzhou" });
    expect(logged.accesses[0].purpose).toContain("回拨");
    const done = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/c3/callback`, {
      method: "POST",
      headers: as("operator"),
      body: JSON.stringify({ note: "已回拨，市民已另行来电反映" }),
    });
    expect(done.status).toBe(200);
    expect((await (await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/missed?open=true`, { headers: as("operator") })).json()).calls).toEqual([]);
    const t = await newTicket(env.app.ctx, "guangzhou", complaint(clock.value));
    const link = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/c1/ticket`, {
      method: "POST",
      headers: as("operator"),
      body: JSON.stringify({ ticketId: t.id }),
    });
    expect(await link.json()).toEqual({ callId: "c1", ticketId: t.id });
  });

  it("GX-28 a recording cannot be deleted within 3 years of the call; after that an admin may", async () => {
    expect((await event({ eventId: "c1-rec", callId: "c1", type: "recording_available", at: T(260), recordingRef: "rec/2026/11/24/c1.wav" })).status).toBe(201);
    const del = () =>
      fetch(`${env.url}/api/v1/jurisdictions/guangzhou/calls/c1/recording`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": "admin" },
      });
    const early = await del();
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { rule: string } }).error.rule).toBe("GX-28");
    clock.set("2029-11-24T09:04:00+08:00");
    expect((await del()).status).toBe(200);
  });
});
