import { describe, expect, it } from "vitest";
import { serverForTests } from "../support/http.ts";
import { complaint, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-20T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const DAY = 86_400_000;

async function get(path: string, role: string, unit?: string) {
  const res = await fetch(`${env.url}${path}`, { headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": role, ...(unit ? { "x-act-as-unit": unit } : {}) } });
  return { status: res.status, body: (await res.json()) as any };
}

describe("hot spots on the dashboard (GX-17, GZ-5, GX-12)", () => {
  it("GX-17 a cluster of similar requests in one place this week is listed with its words, examples and a rising trend", async () => {
    const ctx = env.app.ctx;
    const noise = { location: { district: "天河区", subDistrict: "五山街道" } };
    const texts = ["五山路工地夜间施工噪音扰民，影响休息。", "晚上十一点还在施工，噪音太大。", "工地夜间施工噪音扰民，请处理。", "施工噪音严重扰民，夜里睡不着。"];
    const made = [];
    for (const [i, content] of texts.entries()) made.push(await newTicket(ctx, "guangzhou", complaint(clock.value - (i + 1) * DAY, { content, ...noise })));
    await newTicket(ctx, "guangzhou", complaint(clock.value - 9 * DAY, { content: "工地夜间施工噪音扰民。", ...noise }));
    await newTicket(ctx, "guangzhou", complaint(clock.value - 2 * DAY, { content: "公司拖欠工资三个月。", location: { district: "海珠区" } }));
    await newTicket(ctx, "guangzhou", complaint(clock.value - 3 * DAY, { content: "小区电梯经常故障。", location: { district: "越秀区" } }));

    const r = await get("/api/v1/analytics/hotspots?jurisdiction=guangzhou&days=7", "analyst");
    expect(r.status).toBe(200);
    const first = r.body.hotspots[0];
    expect(first).toMatchObject({ place: "天河区五山街道", count: 4, previousCount: 1, trend: "rising" });
    expect(first.topWords).toEqual(expect.arrayContaining(["施工", "噪音"]));
    expect(first.topWords.some((w: string) => /[^\p{Script=Han}]/u.test(w) || w === "灯不")).toBe(false);
    expect(first.examples.map((e: { number: string }) => e.number)).toEqual(made.slice(0, 3).map((t) => t.number));
    expect(r.body.hotspots.map((h: { place: string }) => h.place)).not.toContain("海珠区");

    const unit = await get("/api/v1/analytics/hotspots?jurisdiction=guangzhou", "unit_handler", await unitId(ctx, "GZ-TH"));
    expect(unit.status).toBe(403);
    const bad = await get("/api/v1/analytics/hotspots?jurisdiction=guangzhou&days=400", "analyst");
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("days");
  });
});
