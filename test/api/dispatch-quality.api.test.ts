import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { type TicketActor, type TicketState } from "../../src/domain/ticket/ticket.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// 派单质量 (国办函〔2025〕66号): a month of Guangzhou tickets with known bounces, every figure
// computed by hand below and read back through the API on real PostgreSQL.

const clock = new TestClock(Date.parse("2026-10-30T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let TH: string;
let ZJ: string;
let HZ: string;
const A = actors.dispatcher; // 派单员乙
const B: TicketActor = { id: "disp-2", name: "派单员戊", role: "dispatcher" };
const tk: Record<string, TicketState> = {};

async function at(iso: string) {
  clock.set(iso);
}

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
  [TH, ZJ, HZ] = (await Promise.all(["GZ-TH", "GZ-D-ZJ", "GZ-HZ"].map((c) => unitId(t.ctx, c)))) as [string, string, string];
  const ask = { kind: "requestReturn" as const, reasonCode: "not_our_duty", reason: "不属本单位职责", legalBasis: "三定方案" };

  // T0, dispatched in October: not November's.
  let x = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
  tk["T0"] = await must(t.ctx, A, x, { kind: "dispatch", leadUnitId: TH });

  // T1: A → 天河区, which concludes it: accurate.
  await at("2026-11-02T09:00:00+08:00");
  x = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
  await at("2026-11-02T10:00:00+08:00");
  x = await must(t.ctx, A, x, { kind: "dispatch", leadUnitId: TH });
  x = await must(t.ctx, actors.unit(TH), x, { kind: "sign" });
  await at("2026-11-06T15:00:00+08:00");
  x = await must(t.ctx, actors.unit(TH), x, {
    kind: "submitFeedback",
    handledAt: clock.value - 3_600_000,
    process: "现场核查",
    result: "已停工",
    requesterInformedBy: "phone",
  });
  x = await must(t.ctx, actors.reviewer, x, { kind: "reviewFeedback", approved: true, reason: "答复完整" });
  x = await must(t.ctx, actors.reviewer, x, { kind: "rate", rating: "satisfied" });
  tk["T1"] = await must(t.ctx, actors.reviewer, x, { kind: "conclude" });

  // T2: A → 天河区, whose return is approved a day after the dispatch; B → 住建局: one bounce, 1.0 day lost.
  await at("2026-11-03T09:30:00+08:00");
  x = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
  await at("2026-11-03T10:00:00+08:00");
  x = await must(t.ctx, A, x, { kind: "dispatch", leadUnitId: TH });
  await at("2026-11-03T14:00:00+08:00");
  x = await must(t.ctx, actors.unit(TH), x, ask);
  await at("2026-11-04T10:00:00+08:00");
  x = await must(t.ctx, A, x, { kind: "decideReturn", decision: "approve", reason: "属住建局" });
  await at("2026-11-04T11:00:00+08:00");
  tk["T2"] = await must(t.ctx, B, x, { kind: "dispatch", leadUnitId: ZJ });

  // T3: B → 住建局, whose return is found unfounded; still in hand: outcome not known yet.
  await at("2026-11-05T09:00:00+08:00");
  x = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
  await at("2026-11-05T10:00:00+08:00");
  x = await must(t.ctx, B, x, { kind: "dispatch", leadUnitId: ZJ });
  await at("2026-11-05T12:00:00+08:00");
  x = await must(t.ctx, actors.unit(ZJ), x, ask);
  await at("2026-11-05T16:00:00+08:00");
  tk["T3"] = await must(t.ctx, B, x, { kind: "decideReturn", decision: "refuse", reason: "属本单位职责" });

  // T4: A → 海珠区, no return, in hand.
  await at("2026-11-06T09:00:00+08:00");
  x = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
  await at("2026-11-06T10:00:00+08:00");
  tk["T4"] = await must(t.ctx, A, x, { kind: "dispatch", leadUnitId: HZ });

  await at("2026-12-01T09:00:00+08:00");
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const headers = () => ({ authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" });
async function quality(q: string) {
  const res = await fetch(`${server.url}/api/v1/analytics/dispatch-quality?${q}`, { headers: headers() });
  return { status: res.status, body: (await res.json()) as any };
}
const id = (name: string) => tk[name]!.id;
const fig = (numerator: number, denominator: number, rate: number | null) => ({ numerator, denominator, rate });
const figures = (g: any) => g;
/** The tickets a figure opens, by their test names, read a page at a time through the API. */
async function opened(q: string, pageSize = 50): Promise<{ status: number; total: number; names: string[]; body: any }> {
  const res = await fetch(`${server.url}/api/v1/analytics/dispatch-quality/tickets?jurisdiction=guangzhou&month=2026-11&${q}&pageSize=${pageSize}`, {
    headers: headers(),
  });
  const body = (await res.json()) as any;
  const byId = new Map(Object.entries(tk).map(([name, s]) => [s.id, name]));
  return { status: res.status, total: body.total, names: (body.tickets ?? []).map((x: any) => byId.get(x.id) ?? x.id).sort(), body };
}

describe("dispatch quality, measured from the tickets' own history (派单质量)", () => {
  it("66号 a month's figures: first-dispatch accuracy, return and unfounded-return rates, bounces and days lost, each with its tickets", async () => {
    const r = await quality("jurisdiction=guangzhou&month=2026-11");
    expect(r.status).toBe(200);
    // By hand: T1–T4 were first dispatched in November (T0 in October).
    // Outcome known for T1 (concluded by its first unit) and T2 (bounced): 1 of 2 accurate.
    // Returned: T2, T3 of 4. Ruled returns: T2 approved, T3 refused: 1 of 2 unfounded.
    // Bounces: 1 (T2) over 4 tickets; days lost: T2 held by 天河区 3 Nov 10:00 → 4 Nov 10:00 = 1.0 day, over 4.
    expect(figures(r.body.overall)).toEqual({
      dispatched: 4,
      firstDispatchAccuracy: fig(1, 2, 0.5),
      returnRate: fig(2, 4, 0.5),
      unfoundedReturnRate: fig(1, 2, 0.5),
      meanBounces: fig(1, 4, 0.25),
      meanDaysLost: fig(1, 4, 0.25),
    });
    // Each figure opens its tickets, with their numbers.
    const lists: Record<string, string[]> = {};
    for (const f of ["firstDispatchAccuracy", "returnRate", "unfoundedReturnRate", "meanBounces", "meanDaysLost"])
      lists[f] = (await opened(`figure=${f}`)).names;
    expect(lists).toEqual({ firstDispatchAccuracy: ["T1"], returnRate: ["T2", "T3"], unfoundedReturnRate: ["T3"], meanBounces: ["T2"], meanDaysLost: ["T2"] });
    expect((await opened("figure=meanBounces")).body.tickets).toEqual([{ id: id("T2"), number: tk["T2"]!.number }]);
    // A page at a time: T2 then T3 (by first dispatch), with the total on each page.
    const [p1, p2] = [await opened("figure=returnRate&page=1", 1), await opened("figure=returnRate&page=2", 1)];
    expect([p1.total, p1.names, p2.total, p2.names]).toEqual([2, ["T2"], 2, ["T3"]]);
    // A group's figure: 天河区's bounces.
    expect((await opened(`figure=meanBounces&by=unit&key=${TH}`)).names).toEqual(["T2"]);
    expect((await opened(`figure=returnRate&by=unit&key=${HZ}`)).names).toEqual([]);
  });

  it("66号 the figures summed from the stored dispatch facts are the ones counted live from the events, by every dimension", async () => {
    const { dispatchQualityOver, dispatchQualityLive } = await import("../../src/app/analytics/dispatch-quality.ts");
    const { monthPeriod } = await import("../../src/domain/assessment/period.ts");
    const nov = monthPeriod(2026, 11, 480);
    for (const by of [undefined, "unit", "dispatcher", "category", "district"] as const) {
      const [stored, live] = await Promise.all([dispatchQualityOver(t.ctx, "guangzhou", nov, by), dispatchQualityLive(t.ctx, "guangzhou", nov, by)]);
      expect([by, stored]).toEqual([by, live]);
    }
    expect((await dispatchQualityOver(t.ctx, "guangzhou", nov, undefined)).overall.dispatched).toBe(4);
  });

  it("66号 by dispatcher and by unit: the first dispatch is whose the figure is", async () => {
    const d = await quality("jurisdiction=guangzhou&month=2026-11&by=dispatcher");
    // A dispatched T1, T2, T4 first: 1 of 2 known accurate, 1 of 3 returned, 0 of 1 unfounded, 1 bounce, 1.0 day.
    // B dispatched T3 first (T2's second dispatch is not B's first): nothing known, 1 of 1 returned and unfounded.
    expect(d.body.groups.map((g: any) => [g.key, g.label, g.figures.dispatched])).toEqual([
      [A.id, A.name, 3],
      [B.id, B.name, 1],
    ]);
    expect(figures(d.body.groups[0].figures)).toEqual({
      dispatched: 3,
      firstDispatchAccuracy: fig(1, 2, 0.5),
      returnRate: fig(1, 3, 0.3333),
      unfoundedReturnRate: fig(0, 1, 0),
      meanBounces: fig(1, 3, 0.3333),
      meanDaysLost: fig(1, 3, 0.3333),
    });
    expect(figures(d.body.groups[1].figures)).toMatchObject({
      firstDispatchAccuracy: fig(0, 0, null),
      returnRate: fig(1, 1, 1),
      unfoundedReturnRate: fig(1, 1, 1),
    });
    expect((await opened(`figure=returnRate&by=dispatcher&key=${B.id}`)).names).toEqual(["T3"]);

    const u = await quality("jurisdiction=guangzhou&month=2026-11&by=unit");
    // Worst first: 天河区 (1 of 2) before the units whose outcomes are not known yet.
    expect(u.body.groups.map((g: any) => [g.label, g.figures.dispatched, g.figures.firstDispatchAccuracy.rate])).toEqual([
      ["天河区人民政府", 2, 0.5],
      ...u.body.groups.slice(1).map((g: any) => [g.label, 1, null]),
    ]);
    expect(
      u.body.groups
        .slice(1)
        .map((g: any) => g.key)
        .sort(),
    ).toEqual([ZJ, HZ].sort());
  });

  it("66号 a dispatcher sees their own figures and the categories they most often got wrong; other roles are refused", async () => {
    // As 派单员乙 (A) itself: T1, T2, T4, one bounce in T2's category.
    const mine = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/dispatch-quality/mine?month=2026-11`, {
      headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "dispatcher" },
    });
    const body = (await mine.json()) as any;
    // A token acting as a dispatcher is not 派单员乙: it dispatched nothing itself.
    expect([mine.status, body.overall.dispatched]).toEqual([200, 0]);
    const { myDispatchQuality } = await import("../../src/app/analytics/dispatch-quality.ts");
    const a = await myDispatchQuality(t.ctx, A, "guangzhou", "2026-11");
    expect(
      a.ok && [a.value.overall.dispatched, a.value.overall.meanBounces.numerator, a.value.groups?.map((g) => [g.key, g.figures.meanBounces.numerator])],
    ).toEqual([3, 1, [[tk["T2"]!.category ?? "", 1]]]);
    const b = await myDispatchQuality(t.ctx, B, "guangzhou", "2026-11");
    expect(b.ok && b.value.overall.dispatched).toBe(1);
    const analyst = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/dispatch-quality/mine?month=2026-11`, { headers: headers() });
    expect(analyst.status).toBe(403);
  });

  it("66号 filtered to one unit, the figures are that unit's first dispatches only", async () => {
    const r = await quality(`jurisdiction=guangzhou&month=2026-11&unit=${TH}`);
    expect([r.body.overall.dispatched, r.body.overall.firstDispatchAccuracy.rate, r.body.overall.meanBounces.numerator]).toEqual([2, 0.5, 1]);
  });

  it("66号 the analysis report carries the period's dispatch quality, and its workbook a 派单质量 sheet", async () => {
    const range = "from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00";
    const report = (await (await fetch(`${server.url}/api/v1/analytics/report?jurisdiction=guangzhou&${range}`, { headers: headers() })).json()) as any;
    expect(report.dispatch.overall.firstDispatchAccuracy).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(report.dispatch.worstUnits.map((u: any) => [u.unit, u.figures.meanBounces.numerator])).toEqual([["天河区人民政府", 1]]);
    const res = await fetch(`${server.url}/api/v1/analytics/report.xlsx?jurisdiction=guangzhou&${range}`, { headers: headers() });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.getWorksheet("派单质量");
    expect(sheet?.getRow(3).values).toEqual([undefined, "全平台", 4, "50.0%（1/2）", "50.0%（2/4）", "50.0%（1/2）", "0.25（1/4）", "0.25（1/4）"]);
    expect(sheet?.getRow(4).getCell(1).value).toBe("天河区人民政府");
    // The monthly circular carries the same month's figures, by unit.
    const circular = await fetch(`${server.url}/api/v1/assessment/monthly.xlsx?jurisdiction=guangzhou&month=2026-11`, {
      headers: { ...headers(), "x-act-as-role": "supervisor" },
    });
    expect(circular.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await circular.arrayBuffer()) as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["考核通报", "预警", "派单质量"]);
    expect(book.getWorksheet("派单质量")?.getRow(3).values).toEqual([
      undefined,
      "全平台",
      4,
      "50.0%（1/2）",
      "50.0%（2/4）",
      "50.0%（1/2）",
      "0.25（1/4）",
      "0.25（1/4）",
    ]);
    // A unit's staff get their own unit's line only.
    const own = await fetch(`${server.url}/api/v1/assessment/monthly.xlsx?jurisdiction=guangzhou&month=2026-11`, {
      headers: { ...headers(), "x-act-as-role": "unit_leader", "x-act-as-unit": TH },
    });
    const theirs = new ExcelJS.Workbook();
    await theirs.xlsx.load((await own.arrayBuffer()) as ArrayBuffer);
    const rows = theirs
      .getWorksheet("派单质量")!
      .getRows(3, 10)
      ?.map((r) => r.getCell(1).value)
      .filter(Boolean);
    expect(rows).toEqual(["天河区人民政府"]);
  });

  it("a month in a bad format or an unknown grouping is 400 naming the field; a role without analytics is 403", async () => {
    for (const [q, field] of [
      ["jurisdiction=guangzhou&month=2026-13", "month"],
      ["jurisdiction=guangzhou&month=11-2026", "month"],
      ["jurisdiction=guangzhou&month=2026-11&by=street", "by"],
      ["jurisdiction=guangzhou&month=2026-11&unit=7a1b2c3d-0000-4000-8000-000000000002", "unit"],
      ["jurisdiction=guangzhou&month=2026-11&unit=not-a-unit", "unit"],
      ["jurisdiction=guangzhou&month=2026-11&dispatcher=nobody", "dispatcher"],
    ]) {
      const r = await quality(q!);
      expect([q, r.status, r.body.error.field]).toEqual([q, 400, field]);
      expect(r.body.error.messageEn).toBeTruthy();
    }
    for (const [q, field] of [
      ["figure=accuracy", "figure"],
      ["figure=returnRate&by=unit", "key"],
      ["figure=returnRate&key=x", "by"],
      ["figure=returnRate&page=0", "page"],
      ["figure=returnRate&pageSize=1000", "pageSize"],
      ["figure=returnRate&dispatcher=nobody", "dispatcher"],
    ]) {
      const r = await opened(q!);
      expect([q, r.status, r.body.error?.field]).toEqual([q, 400, field]);
    }
    // A unit's staff do not read the platform's figures.
    const unit = await fetch(`${server.url}/api/v1/analytics/dispatch-quality?jurisdiction=guangzhou&month=2026-11`, {
      headers: { ...headers(), "x-act-as-role": "unit_handler", "x-act-as-unit": TH },
    });
    expect(unit.status).toBe(403);
  });

  it("66号 the migration folds tickets written before the facts existed into the same facts and records the writes keep", async () => {
    const { readFileSync, readdirSync } = await import("node:fs");
    const { sql } = await import("drizzle-orm");
    const dir = new URL("../../src/store/migrations/", import.meta.url);
    // Each migration that added to the facts ends with its backfill, run in order.
    const backfills = readdirSync(dir)
      .filter((f) => f.endsWith("_dispatch_facts.sql") || f.endsWith("_dispatch_fact_suggestions.sql"))
      .sort()
      .map((f) => readFileSync(new URL(f, dir), "utf8").split("--> statement-breakpoint").at(-1)!);
    const read = async () => ({
      facts: ((await t.ctx.db.execute(sql`select * from dispatch_fact order by ticket_id`)) as unknown as { rows: unknown[] }).rows,
      records: (
        (await t.ctx.db.execute(sql`select id, state->'dispatchRecord' as r from ticket where state ? 'dispatchRecord' order by id`)) as unknown as {
          rows: unknown[];
        }
      ).rows,
    });
    const kept = await read();
    expect(kept.facts.length).toBe(5);
    // As before the table existed: no facts, no records in the states.
    await t.ctx.db.execute(sql`delete from dispatch_fact`);
    await t.ctx.db.execute(sql`update ticket set state = state - 'dispatchRecord'`);
    for (const backfill of backfills) await t.ctx.db.execute(sql.raw(backfill));
    expect(await read()).toEqual(kept);
  });
});
