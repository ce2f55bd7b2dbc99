import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });

describe("dashboard figures", () => {
  it("GZ-9 counts by channel, type and category, on-time feedback, satisfaction and overdue by unit for a period", async () => {
    const t = env.app;
    const server = { url: env.url };
    const th = await unitId(t.ctx, "GZ-TH");
    let a = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { channel: "wechat", category: "噪声" }));
    await newTicket(t.ctx, "guangzhou", complaint(clock.value, { channel: "wechat", category: "噪声", type: "help" }));
    const late = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { channel: "phone", category: "物业" }));
    await newTicket(t.ctx, "nanning", complaint(clock.value, { channel: "phone" }));
    a = await must(t.ctx, actors.dispatcher, a, { kind: "dispatch", leadUnitId: th });
    a = await must(t.ctx, actors.unit(th), a, { kind: "sign" });
    a = await must(t.ctx, actors.unit(th), a, { kind: "submitFeedback", handledAt: clock.value, process: "p", result: "r", requesterInformedBy: "phone" });
    a = await must(t.ctx, actors.reviewer, a, { kind: "reviewFeedback", approved: true, reason: "" });
    await must(t.ctx, actors.reviewer, a, { kind: "rate", rating: "satisfied" });
    await must(t.ctx, actors.dispatcher, late, { kind: "dispatch", leadUnitId: th });
    clock.set("2026-11-20T09:00:00+08:00");
    const res = await fetch(`${server.url}/api/v1/analytics/summary?jurisdiction=guangzhou&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00`, {
      headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
    });
    const s = (await res.json()) as Record<string, any>;
    expect(s["total"]).toBe(3);
    expect(s["byChannel"]).toEqual([
      { key: "wechat", n: 2 },
      { key: "phone", n: 1 },
    ]);
    expect(s["topCategories"]).toEqual([
      { key: "噪声", n: 2 },
      { key: "物业", n: 1 },
    ]);
    expect(s["onTime"]).toEqual({ onTime: 1, withFeedback: 1 });
    expect(s["ratings"]).toEqual([{ key: "satisfied", n: 1 }]);
    expect(s["overdueByUnit"]).toEqual([{ unit: "天河区人民政府", n: 1 }]);
    const unit = await fetch(`${server.url}/api/v1/analytics/summary?jurisdiction=guangzhou&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00`, {
      headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "unit_handler", "x-act-as-unit": th },
    });
    expect(unit.status).toBe(403);
  });

  it("GZ-9 GX-17 counts and rates by one dimension with filters: by channel, by unit for complaints only, by day; units may not ask", async () => {
    const t = env.app;
    const q = (extra: string, role = "analyst", unit?: string) =>
      fetch(`${env.url}/api/v1/analytics/counts?jurisdiction=guangzhou&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00&${extra}`, {
        headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": role, ...(unit ? { "x-act-as-unit": unit } : {}) },
      });
    const byChannel = (await (await q("groupBy=channel")).json()) as { rows: Record<string, unknown>[] };
    expect(byChannel.rows).toEqual([
      {
        key: "wechat",
        received: 2,
        concluded: 0,
        withFeedback: 1,
        onTime: 1,
        rated: 1,
        satisfied: 1,
        answered: 1,
        satisfiedAnswered: 1,
        askedSolved: 0,
        resolved: 0,
        partiallyResolved: 0,
        onTimeRate: 1,
        satisfactionRate: 1,
        satisfaction: { numerator: 1, denominator: 1, rate: 1 },
        concludedOnTime: { numerator: 1, denominator: 2, rate: 0.5 },
      },
      {
        key: "phone",
        received: 1,
        concluded: 0,
        withFeedback: 0,
        onTime: 0,
        rated: 0,
        satisfied: 0,
        answered: 0,
        satisfiedAnswered: 0,
        askedSolved: 0,
        resolved: 0,
        partiallyResolved: 0,
        onTimeRate: null,
        satisfactionRate: null,
        satisfaction: { numerator: 0, denominator: 0, rate: null },
        concludedOnTime: { numerator: 0, denominator: 1, rate: 0 },
      },
    ]);
    const byUnit = (await (await q("groupBy=unit&type=complaint")).json()) as { rows: { key: string; received: number }[] };
    expect(byUnit.rows.map((r) => [r.key, r.received])).toEqual([["天河区人民政府", 2]]);
    const byDay = (await (await q("groupBy=day")).json()) as { rows: { key: string; received: number }[] };
    expect(byDay.rows.map((r) => [r.key, r.received])).toEqual([["2026-11-02", 3]]);
    const bad = await q("groupBy=weather");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("groupBy");
    expect((await q("groupBy=channel", "unit_handler", await unitId(t.ctx, "GZ-TH"))).status).toBe(403);
  });

  it("GZ-9 a dashboard's question is answered from the daily rollup once built, with the same numbers as counting the tickets, and says as of when", async () => {
    const t = env.app;
    const q = async (extra: string) =>
      (await (
        await fetch(`${env.url}/api/v1/analytics/counts?jurisdiction=guangzhou&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00&${extra}`, {
          headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
        })
      ).json()) as { source: string; asOf?: number; rows: unknown[] };
    const { refreshRollups } = await import("../../src/app/analytics/rollups.ts");
    expect((await refreshRollups(t.ctx)).refreshed).toBe(true);
    for (const groupBy of ["day", "month", "channel", "type", "category", "district", "unit"]) {
      const rolled = await q(`groupBy=${groupBy}`);
      const counted = await q(`groupBy=${groupBy}&live=true`);
      expect([groupBy, rolled.source, counted.source]).toEqual([groupBy, "rollup", "live"]);
      expect([groupBy, rolled.rows]).toEqual([groupBy, counted.rows]);
      expect(rolled.rows.length).toBeGreaterThan(0);
      expect(rolled.asOf).toBe(clock.value);
    }
    // The dashboard page's summary too: the same figures from the rollup as from the tickets.
    const sum = async (extra: string) =>
      (await (
        await fetch(`${env.url}/api/v1/analytics/summary?jurisdiction=guangzhou&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00${extra}`, {
          headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
        })
      ).json()) as Record<string, unknown>;
    const { source: s1, asOf, ...rolledSummary } = await sum("");
    const { source: s2, ...countedSummary } = await sum("&live=true");
    expect([s1, s2, asOf]).toEqual(["rollup", "live", clock.value]);
    expect(rolledSummary).toEqual(countedSummary);
    expect(rolledSummary["total"]).toBeGreaterThan(0);
    // A request type or a district as the filter: from the rollup's pair dimensions, the same numbers.
    for (const filter of ["type=complaint", "type=help", "district=%E5%A4%A9%E6%B2%B3%E5%8C%BA"]) {
      for (const groupBy of ["day", "month", "channel", "type", "category", "district", "unit"]) {
        const rolled = await q(`groupBy=${groupBy}&${filter}`);
        const counted = await q(`groupBy=${groupBy}&${filter}&live=true`);
        expect([filter, groupBy, rolled.source]).toEqual([filter, groupBy, "rollup"]);
        expect([filter, groupBy, rolled.rows]).toEqual([filter, groupBy, counted.rows]);
      }
    }
    expect((await q("groupBy=unit&type=complaint")).rows.length).toBeGreaterThan(0);
    // Any other filter, or several: from the cube, the same numbers.
    const topCategory = ((await q("groupBy=category&live=true")).rows[0] as { key: string }).key;
    const th = (await t.ctx.db.execute(sql`select id from unit where code = 'GZ-TH'`)) as unknown as { rows: { id: string }[] };
    const filters = [
      "channel=wechat",
      `category=${encodeURIComponent(topCategory)}`,
      `unit=${th.rows[0]!.id}`,
      "type=complaint&district=%E5%A4%A9%E6%B2%B3%E5%8C%BA",
      `channel=phone&category=${encodeURIComponent(topCategory)}`,
      `type=complaint&unit=${th.rows[0]!.id}`,
    ];
    for (const filter of filters) {
      for (const groupBy of ["day", "month", "channel", "type", "category", "district", "unit"]) {
        const rolled = await q(`groupBy=${groupBy}&${filter}`);
        const counted = await q(`groupBy=${groupBy}&${filter}&live=true`);
        expect([filter, groupBy, rolled.source]).toEqual([filter, groupBy, "rollup"]);
        expect([filter, groupBy, rolled.rows]).toEqual([filter, groupBy, counted.rows]);
      }
    }
    expect((await q(`groupBy=channel&category=${encodeURIComponent(topCategory)}`)).rows.length).toBeGreaterThan(0);
    // A period that is not whole days: counted from the tickets.
    const partial = (await (
      await fetch(`${env.url}/api/v1/analytics/counts?jurisdiction=guangzhou&from=2026-11-01T08:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00&groupBy=channel`, {
        headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
      })
    ).json()) as { source: string };
    expect(partial.source).toBe("live");
  });

  // In production changes are looked for from ten minutes before the previous rebuild (transactions in flight); here from its start.
  it("GZ-9 the rollup is rebuilt only for the days whose tickets changed, still the same figures as counting; every day again once a day, in the night when it can", async () => {
    const t = env.app;
    const { refreshRollups } = await import("../../src/app/analytics/rollups.ts");
    const sum = async (extra: string) =>
      (await (
        await fetch(`${env.url}/api/v1/analytics/summary?jurisdiction=guangzhou&from=2026-10-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00${extra}`, {
          headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
        })
      ).json()) as Record<string, unknown>;
    const th = await unitId(t.ctx, "GZ-TH");
    clock.set("2026-11-20T10:00:00+08:00");
    await refreshRollups(t.ctx, { full: true });
    // An hour later: a ticket of 2 Nov is handled and rated, a new one comes in on 20 Nov, one of 10 Oct is untouched.
    clock.set("2026-11-20T11:00:00+08:00");
    const old = await newTicket(t.ctx, "guangzhou", complaint(Date.parse("2026-10-10T09:00:00+08:00"), { channel: "app" }));
    const before = await refreshRollups(t.ctx, { inFlightMarginMs: 0 });
    expect([before.full, before.days]).toEqual([false, 1]);
    clock.set("2026-11-20T12:00:00+08:00");
    let a = await newTicket(t.ctx, "guangzhou", complaint(Date.parse("2026-11-02T10:00:00+08:00"), { channel: "web", category: "噪声" }));
    clock.set("2026-11-20T13:00:00+08:00");
    const r1 = await refreshRollups(t.ctx, { inFlightMarginMs: 0 });
    expect([r1.refreshed, r1.full, r1.days]).toEqual([true, false, 1]);
    clock.set("2026-11-20T14:00:00+08:00");
    a = await must(t.ctx, actors.dispatcher, a, { kind: "dispatch", leadUnitId: th });
    a = await must(t.ctx, actors.unit(th), a, { kind: "sign" });
    a = await must(t.ctx, actors.unit(th), a, { kind: "submitFeedback", handledAt: clock.value, process: "p", result: "r", requesterInformedBy: "phone" });
    a = await must(t.ctx, actors.reviewer, a, { kind: "reviewFeedback", approved: true, reason: "" });
    await must(t.ctx, actors.reviewer, a, { kind: "rate", rating: "unsatisfied" });
    await newTicket(t.ctx, "guangzhou", complaint(clock.value, { channel: "phone", category: "物业" }));
    clock.set("2026-11-20T15:00:00+08:00");
    const r2 = await refreshRollups(t.ctx, { inFlightMarginMs: 0 });
    expect([r2.full, r2.days]).toEqual([false, 2]);
    const { source: s1, asOf, ...rolled } = await sum("");
    const { source: s2, ...counted } = await sum("&live=true");
    expect([s1, s2, asOf]).toEqual(["rollup", "live", clock.value]);
    expect(rolled).toEqual(counted);
    // Every day of the period is in the trend, a quiet one as 0; the days with tickets as counted.
    const byDay = rolled["byDay"] as { key: string; n: number }[];
    expect([byDay.length, byDay[0]?.key, byDay.at(-1)?.key]).toEqual([61, "2026-10-01", "2026-11-30"]);
    expect(byDay.filter((d) => d.n > 0).map((d) => d.key)).toEqual(["2026-10-10", "2026-11-02", "2026-11-20"]);
    expect(rolled["ratings"]).toEqual(expect.arrayContaining([{ key: "unsatisfied", n: 1 }]));
    expect(old.number).toMatch(/^GZ/);
    // Nothing changed: nothing recomputed. A day after the last full rebuild: every day again.
    clock.set("2026-11-20T15:30:00+08:00");
    expect((await refreshRollups(t.ctx, { inFlightMarginMs: 0 })).days).toBe(0);
    clock.set("2026-11-21T10:00:01+08:00");
    const daily = await refreshRollups(t.ctx, { inFlightMarginMs: 0 });
    // Guangzhou's three days and Nanning's one.
    expect([daily.full, daily.days]).toEqual([true, 4]);
    // After that, the full rebuild comes in the quiet night hours: not at 23:00 (13 h later), at 03:00, not again at 09:00.
    const fullAt = async (iso: string) => {
      clock.set(iso);
      return (await refreshRollups(t.ctx, { inFlightMarginMs: 0 })).full;
    };
    expect([await fullAt("2026-11-21T23:00:00+08:00"), await fullAt("2026-11-22T03:00:00+08:00"), await fullAt("2026-11-22T09:00:00+08:00")]).toEqual([
      false,
      true,
      false,
    ]);
  });
});
