import { describe, expect, it } from "vitest";
import { formatInstant } from "../../src/domain/calendar/local-date.ts";
import { maintainUnit } from "../../src/app/org/maintain-units.ts";
import { takeOwnLineContact } from "../../src/app/tickets/own-line-intake.ts";
import { actAs, serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, refused, TestClock, unitId } from "../support/tickets.ts";

// Guangxi's own rules through the use cases and the API: 接诉即办 (GX-15), one extension of at
// most the original period (GX-26.9), assessment by class on 100 points monthly and yearly
// (GX-31), sub-centres' own lines handled and assessed (GX-4).

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const local = (ms: number | undefined) => (ms === undefined ? undefined : formatInstant(ms, 480));
const admin = { id: "admin-1", name: "管理员", role: "admin" } as const;

describe("Guangxi's own rules", () => {
  it("GX-15 a request in a fast-track category (接诉即办) is counted by the policy's fast-track limit; another category by its type's", async () => {
    const ctx = env.app.ctx;
    const cg = await unitId(ctx, "NN-D-CG");
    let fast = await newTicket(ctx, "nanning", complaint(clock.value, { category: "噪声污染" }));
    fast = await must(ctx, actors.dispatcher, fast, { kind: "dispatch", leadUnitId: cg });
    let usual = await newTicket(ctx, "nanning", complaint(clock.value, { category: "城管执法" }));
    usual = await must(ctx, actors.dispatcher, usual, { kind: "dispatch", leadUnitId: cg });
    // By hand: dispatched Monday 2 November; 3 working days end Thursday 5th; a complaint's 10 end Monday 16th.
    expect([fast.clock?.rule, local(fast.clock?.due)]).toEqual(["GX-15", "2026-11-05T23:59:59.999+08:00"]);
    expect([usual.clock?.rule, local(usual.clock?.due)]).toEqual(["GX-26.2", "2026-11-16T23:59:59.999+08:00"]);
  });

  it("GX-26.9 an extension is applied for before the limit with a reason, adds the original period once, and a second is refused", async () => {
    const ctx = env.app.ctx;
    clock.set("2026-11-02T09:00:00+08:00");
    const cg = await unitId(ctx, "NN-D-CG");
    let t = await newTicket(ctx, "nanning", complaint(clock.value, { category: "城管执法" }));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: cg });
    t = await must(ctx, actors.unit(cg), t, { kind: "sign" });
    expect(await refused(ctx, actors.unit(cg), t, { kind: "requestExtension", reason: " " })).toMatchObject({ field: "reason", rule: "GX-26.9" });
    t = await must(ctx, actors.unit(cg), t, { kind: "requestExtension", reason: "需多部门联合执法" });
    // The request states the period and the limit it gives: 10 more working days after Monday 16th.
    expect(t.pendingExtension).toMatchObject({ period: { unit: "workingDays", n: 10 }, proposedDue: Date.parse("2026-11-30T23:59:59.999+08:00") });
    t = await must(ctx, actors.dispatcher, t, { kind: "decideExtension", approved: true, reason: "同意" });
    expect([t.clock?.rule, local(t.clock?.due), t.clock?.extensionsGranted]).toEqual(["GX-26.9", "2026-11-30T23:59:59.999+08:00", 1]);
    expect(await refused(ctx, actors.unit(cg), t, { kind: "requestExtension", reason: "仍需时间" })).toMatchObject({
      code: "EXTENSION_LIMIT_REACHED",
      rule: "GX-26.9",
    });
    // Past its limit a ticket may not ask at all.
    let late = await must(ctx, actors.dispatcher, await newTicket(ctx, "nanning", complaint(clock.value, { category: "城管执法" })), {
      kind: "dispatch",
      leadUnitId: cg,
    });
    late = await must(ctx, actors.unit(cg), late, { kind: "sign" });
    clock.set("2026-11-17T09:00:00+08:00");
    expect(await refused(ctx, actors.unit(cg), late, { kind: "requestExtension", reason: "来不及" })).toMatchObject({
      code: "EXTENSION_TOO_LATE",
      rule: "GX-26.9",
    });
  });

  it("GX-4 GX-31 a sub-centre's own line is taken, handled and concluded by it, and it is assessed by class on 100 points, month and year", async () => {
    const ctx = env.app.ctx;
    clock.set("2026-11-03T09:00:00+08:00");
    const root = await unitId(ctx, "NN-DSJ");
    const made = await maintainUnit(ctx, admin, "nanning", {
      kind: "create",
      parentId: root,
      code: "NN-SC-SW",
      name: "南宁市税务12366分中心",
      unitKind: "subcentre",
    });
    if (!made.ok) throw new Error(made.error.en);
    const staff = actors.unit(made.value.id, "税务分中心坐席");
    const taken = (
      await takeOwnLineContact(
        ctx,
        staff,
        { id: made.value.id, kind: "subcentre", jurisdictionId: "nanning" },
        { ...complaint(clock.value, { content: "个税汇算退税进度咨询" }) },
        undefined,
      )
    ).ok;
    expect(taken).toBe(true);
    const [ticket] = (
      (await (
        await fetch(`${env.url}/api/v1/tickets?jurisdiction=nanning&channel=subcentre&limit=5`, {
          headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": "supervisor" },
        })
      ).json()) as { tickets: { id: string; status: string; assignment: { leadUnitId: string } }[] }
    ).tickets;
    expect([ticket?.status, ticket?.assignment.leadUnitId]).toEqual(["handling", made.value.id]);

    const get = async (path: string) =>
      (await (
        await fetch(`${env.url}${path}`, { headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": "supervisor" } })
      ).json()) as any;
    const month = await get("/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11");
    const year = await get("/api/v1/assessment/yearly?jurisdiction=nanning&year=2026");
    for (const view of [month, year]) {
      expect(view.scale).toBe(100);
      const line = view.units.find((u: any) => u.unitId === made.value.id);
      expect(line?.unitClass).toBe("分中心");
      expect(line.score).toBeGreaterThanOrEqual(0);
      expect(line.score).toBeLessThanOrEqual(100);
      // Ranked within its class only.
      const classmates = view.units.filter((u: any) => u.unitClass === line.unitClass);
      expect(line.rankInClass).toBe(1 + classmates.filter((u: any) => u.score > line.score).length);
    }
    // The assessment year runs from 1 December before (GX-30).
    expect(new Date(year.period.from).toISOString()).toBe("2025-11-30T16:00:00.000Z");
  });

  it("GX-26.9 over HTTP a unit asks a shorter extension than the original period; a longer one is refused naming the period, nothing changed", async () => {
    const ctx = env.app.ctx;
    const cg = await unitId(ctx, "NN-D-CG");
    let t = await newTicket(ctx, "nanning", complaint(clock.value, { category: "城管执法" }));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: cg });
    t = await must(ctx, actors.unit(cg), t, { kind: "sign" });
    const ask = (period: number) =>
      fetch(`${env.url}/api/v1/tickets/${t.id}/requestExtension`, {
        method: "POST",
        headers: actAs(env.app.seed.adminToken, "unit_handler", cg, true),
        body: JSON.stringify({ version: t.version, reason: "待检测报告", period }),
      });
    const long = await ask(11);
    expect(long.status).toBe(422);
    expect(((await long.json()) as { error: unknown }).error).toMatchObject({ code: "EXTENSION_TOO_LONG", field: "period", rule: "GX-26.9" });
    const short = await ask(4);
    expect(short.status).toBe(200);
    const view = (await short.json()) as { ticket: { pendingExtension: { period: unknown; proposedDue: number } } };
    // By hand: due Tuesday 17 November; four working days after end on Monday 23 November (the 21st and 22nd a weekend).
    expect(local(t.clock?.due)).toBe("2026-11-17T23:59:59.999+08:00");
    expect([view.ticket.pendingExtension.period, local(view.ticket.pendingExtension.proposedDue)]).toEqual([
      { unit: "workingDays", n: 4 },
      "2026-11-23T23:59:59.999+08:00",
    ]);
  });
});
