import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Rating, type Solved, type TicketState } from "../../src/domain/ticket/ticket.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// 三率 as formulas the policy owns (51号): a month counted by the formula in force, and by one proposed.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let cg = "";
const numbers: Record<string, string> = {};

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
  cg = await unitId(t.ctx, "NN-D-CG");
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

async function replied(content: string): Promise<TicketState> {
  let tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { content }));
  tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: cg });
  tk = await must(t.ctx, actors.unit(cg), tk, { kind: "sign" });
  tk = await must(t.ctx, actors.unit(cg), tk, {
    kind: "submitFeedback",
    handledAt: clock.value,
    process: "处理",
    result: "已处理",
    requesterInformedBy: "phone",
    solved: "resolved",
  });
  return must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "完整" });
}
async function ratedAndConcluded(key: string, rating: Rating, solved: Solved): Promise<TicketState> {
  let tk = await must(t.ctx, actors.reviewer, await replied(`工单${key}`), { kind: "rate", rating, solved });
  if (tk.countsSatisfied === false) tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewUnsatisfied", reasons: "已回访", calledBack: true });
  tk = await must(t.ctx, actors.reviewer, tk, { kind: "conclude" });
  numbers[key] = tk.number;
  return tk;
}
const headers = (role: string) => ({ authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": role, "content-type": "application/json" });

describe("rates as formulas the policy owns (51号)", () => {
  it("51号 November by hand: GX counts silence as satisfied; counted like Jiangsu (the requester's own answers only) the same month gives another rate, with its tickets", async () => {
    await ratedAndConcluded("A", "satisfied", "resolved");
    let d = await ratedAndConcluded("D", "very_unsatisfied", "unresolved");
    // D's unit appeals and the hotline upholds it: on record, out of the rate.
    d = await must(t.ctx, actors.unit(cg), d, { kind: "appealRating", ground: "malicious", statement: "以评价施压" });
    await must(t.ctx, actors.reviewer, d, { kind: "decideRatingAppeal", upheld: true, reason: "录音证实" });
    await ratedAndConcluded("C", "unsatisfied", "partially_resolved");
    // B: the requester never answers; 24 hours later silence counts as satisfied (GX-27.2).
    const b = await replied("工单B");
    clock.set("2026-11-04T10:00:00+08:00");
    numbers["B"] = (await must(t.ctx, actors.system, b, { kind: "applyDefaultSatisfaction" })).number;

    const monthly = await fetch(`${server.url}/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11`, { headers: headers("supervisor") });
    const view = (await monthly.json()) as any;
    expect(view.formulasFrom).toBe("2021-01-01");
    const sat = (v: any) => v.units.find((u: any) => u.unitId === cg).indicators.find((i: any) => i.id === "satisfaction");
    // By hand: A and B satisfied of A, B, C (D's appeal upheld).
    expect([...sat(view).metNumbers].sort()).toEqual([numbers["A"], numbers["B"]].sort());
    expect([...sat(view).countedNumbers].sort()).toEqual([numbers["A"], numbers["B"], numbers["C"]].sort());
    expect(sat(view).rate).toBeCloseTo(2 / 3);
    expect(view.indicators.find((i: any) => i.id === "satisfaction")).toMatchObject({
      name: "满意率",
      formula: { label: "满意率（含24小时未评价默认满意）", numerator: ["satisfied"], denominator: ["rated"] },
    });

    const preview = async (body: unknown) => {
      const res = await fetch(`${server.url}/api/v1/assessment/rate-formulas/preview`, {
        method: "POST",
        headers: headers("supervisor"),
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const jiangsu = await preview({
      jurisdiction: "nanning",
      month: "2026-11",
      rates: { satisfaction: { numerator: ["satisfiedAnswered"], denominator: ["answered"], label: "有效参评满意率" } },
    });
    expect(jiangsu.status).toBe(200);
    // By hand: A satisfied of A and C (B was silence, D upheld).
    expect([...sat(jiangsu.body).metNumbers]).toEqual([numbers["A"]]);
    expect([...sat(jiangsu.body).countedNumbers].sort()).toEqual([numbers["A"], numbers["C"]].sort());
    expect(sat(jiangsu.body).rate).toBeCloseTo(1 / 2);
    // The policy's own count is unchanged by a preview.
    expect(
      sat((await (await fetch(`${server.url}/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11`, { headers: headers("supervisor") })).json()) as any)
        .rate,
    ).toBeCloseTo(2 / 3);

    // Every rate of every unit is its numerator over its denominator; its points say so of the weight.
    for (const u of view.units)
      for (const i of u.indicators) expect([u.unitName, i.id, i.rate]).toEqual([u.unitName, i.id, i.counted.length ? i.met.length / i.counted.length : null]);

    const unknown = await preview({ jurisdiction: "nanning", month: "2026-11", rates: { satisfaction: { numerator: ["happy"], denominator: ["rated"] } } });
    expect([unknown.status, unknown.body.error.field]).toEqual([400, "rates.satisfaction.numerator.0"]);
    const unit = await fetch(`${server.url}/api/v1/assessment/rate-formulas/preview`, {
      method: "POST",
      headers: { ...headers("unit_handler"), "x-act-as-unit": cg },
      body: JSON.stringify({ jurisdiction: "nanning", month: "2026-11", rates: {} }),
    });
    expect(unit.status).toBe(403);
  });

  it("51号 the dashboard counts the month by the same formula, numerator over denominator, from the tickets and from the daily rollup alike", async () => {
    const period = "jurisdiction=nanning&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00";
    const get = async (path: string) => (await (await fetch(`${server.url}${path}`, { headers: headers("analyst") })).json()) as any;
    const live = await get(`/api/v1/analytics/summary?${period}&live=true`);
    // By hand, as the assessment: A and B satisfied of A, B, C; D's upheld appeal out of both.
    expect(live.rates.satisfaction).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(live.formulas.from).toBe("2021-01-01");
    expect(live.formulas.rates.satisfaction.label).toBe("满意率（含24小时未评价默认满意）");
    // 按时办结率: feedback in time over every ticket of the month (A, B, C, D).
    expect(live.rates.concludedOnTime).toEqual({ numerator: 4, denominator: 4, rate: 1 });
    const byUnit = await get(`/api/v1/analytics/counts?${period}&groupBy=unit&live=true`);
    const row = byUnit.rows.find((r: any) => r.received === 4);
    expect([row.satisfaction, row.satisfactionRate]).toEqual([{ numerator: 2, denominator: 3, rate: 2 / 3 }, 2 / 3]);

    const { refreshRollups } = await import("../../src/app/analytics/rollups.ts");
    await refreshRollups(t.ctx, { full: true });
    const { source, asOf, ...rolled } = await get(`/api/v1/analytics/summary?${period}`);
    const { source: liveSource, ...counted } = live;
    expect([source, liveSource, asOf]).toEqual(["rollup", "live", clock.value]);
    expect(rolled).toEqual(counted);
    expect((await get(`/api/v1/analytics/counts?${period}&groupBy=unit`)).rows).toEqual(byUnit.rows);

    // Each number opens its tickets: the list of an outcome over the period holds as many, and the ones counted by hand.
    const listed = async (outcome: string) =>
      ((await get(`/api/v1/tickets?${period}&outcome=${outcome}&limit=200`)).tickets as { number: string }[]).map((x) => x.number).sort();
    expect(await listed("satisfied")).toEqual([numbers["A"], numbers["B"]].sort());
    expect(await listed("rated")).toEqual([numbers["A"], numbers["B"], numbers["C"]].sort());
    expect(await listed("answered")).toEqual([numbers["A"], numbers["C"]].sort());
    expect((await listed("onTime")).length).toBe(live.rates.concludedOnTime.numerator);
    const bad = await fetch(`${server.url}/api/v1/tickets?${period}&outcome=happy`, { headers: headers("analyst") });
    expect([bad.status, ((await bad.json()) as any).error.field]).toEqual([400, "outcome"]);
  });

  it("51号 the SQL the sums count by answers each outcome as the formulas' own definition does, ticket by ticket", async () => {
    const { sql } = await import("drizzle-orm");
    const { OUTCOME_SQL } = await import("../../src/store/outcome-sql.ts");
    const { OUTCOMES } = await import("../../src/domain/assessment/rate-formulas.ts");
    const names = Object.keys(OUTCOME_SQL) as (keyof typeof OUTCOME_SQL)[];
    const rows = (
      (await t.ctx.db.execute(
        sql`select state, ${sql.join(
          names.map((n) => sql`coalesce(${OUTCOME_SQL[n](sql`state`)}, false) as ${sql.identifier(n)}`),
          sql`, `,
        )} from ticket where jurisdiction_id = 'nanning'`,
      )) as unknown as { rows: ({ state: TicketState } & Record<string, boolean>)[] }
    ).rows;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) for (const n of names) expect([r.state.number, n, r[n]]).toEqual([r.state.number, n, OUTCOMES[n](r.state)]);
  });
});
