import { describe, expect, it } from "vitest";
import { serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const headers = (role: string) => ({ authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": role, "content-type": "application/json" });

describe("the supervisor's board (GZ-23)", () => {
  it("GZ-23 an overdue ticket is proposed for supervision; once supervised it waits for the unit's answer, late after its due time", async () => {
    const ctx = env.app.ctx;
    const th = await unitId(ctx, "GZ-TH");
    let t = await newTicket(ctx, "guangzhou", complaint(clock.value));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th });
    t = await must(ctx, actors.unit(th), t, { kind: "sign" });
    const soon = await must(ctx, actors.dispatcher, await newTicket(ctx, "guangzhou", complaint(clock.value)), { kind: "dispatch", leadUnitId: th });
    clock.set("2026-11-19T10:00:00+08:00"); // t (complaint, 10 working days in GZ) ran out on 16 Nov
    const get = async (role = "supervisor") => fetch(`${env.url}/api/v1/jurisdictions/guangzhou/supervision/board`, { headers: headers(role) });
    expect((await get("operator")).status).toBe(403);
    let board = (await (await get()).json()) as any;
    expect(board.proposed.map((x: { number: string }) => x.number)).toEqual([t.number, soon.number]);
    expect(board.unitNames[th]).toBe("天河区人民政府");

    const r = await fetch(`${env.url}/api/v1/tickets/${t.id}/supervise`, {
      method: "POST",
      headers: headers("supervisor"),
      body: JSON.stringify({
        version: t.version,
        method: "phone",
        reason: "overdue",
        note: "请说明超期原因并尽快办结",
        answerDue: "2026-11-20T18:00:00+08:00",
      }),
    });
    expect(r.status).toBe(200);
    board = (await (await get()).json()) as any;
    expect(board.proposed.map((x: { number: string }) => x.number)).toEqual([soon.number]);
    expect(board.supervised.map((x: { number: string }) => x.number)).toEqual([t.number]);
    expect(board.unanswered.map((x: { number: string; answerLate: boolean }) => [x.number, x.answerLate])).toEqual([[t.number, false]]);
    clock.set("2026-11-21T09:00:00+08:00");
    board = (await (await get()).json()) as any;
    expect(board.unanswered.map((x: { answerLate: boolean }) => x.answerLate)).toEqual([true]);
  });
});
