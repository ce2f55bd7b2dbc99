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
  tk = await must(t.ctx, actors.unit(cg), tk, { kind: "submitFeedback", handledAt: clock.value, process: "处理", result: "已处理", requesterInformedBy: "phone", solved: "resolved" });
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
    expect(view.indicators.find((i: any) => i.id === "satisfaction")).toMatchObject({ name: "满意率", formula: { label: "满意率（含24小时未评价默认满意）", numerator: ["satisfied"], denominator: ["rated"] } });

    const preview = async (body: unknown) => {
      const res = await fetch(`${server.url}/api/v1/assessment/rate-formulas/preview`, { method: "POST", headers: headers("supervisor"), body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const jiangsu = await preview({ jurisdiction: "nanning", month: "2026-11", rates: { satisfaction: { numerator: ["satisfiedAnswered"], denominator: ["answered"], label: "有效参评满意率" } } });
    expect(jiangsu.status).toBe(200);
    // By hand: A satisfied of A and C (B was silence, D upheld).
    expect([...sat(jiangsu.body).metNumbers]).toEqual([numbers["A"]]);
    expect([...sat(jiangsu.body).countedNumbers].sort()).toEqual([numbers["A"], numbers["C"]].sort());
    expect(sat(jiangsu.body).rate).toBeCloseTo(1 / 2);
    // The policy's own count is unchanged by a preview.
    expect(sat((await (await fetch(`${server.url}/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11`, { headers: headers("supervisor") })).json()) as any).rate).toBeCloseTo(2 / 3);

    const unknown = await preview({ jurisdiction: "nanning", month: "2026-11", rates: { satisfaction: { numerator: ["happy"], denominator: ["rated"] } } });
    expect([unknown.status, unknown.body.error.field]).toEqual([400, "rates.satisfaction.numerator.0"]);
    const unit = await fetch(`${server.url}/api/v1/assessment/rate-formulas/preview`, { method: "POST", headers: { ...headers("unit_handler"), "x-act-as-unit": cg }, body: JSON.stringify({ jurisdiction: "nanning", month: "2026-11", rates: {} }) });
    expect(unit.status).toBe(403);
  });
});
