import { describe, expect, it } from "vitest";
import { serverForTests } from "../support/http.ts";
import { complaint, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-20T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const DAY = 86_400_000;

async function get(path: string, role: string, unit?: string) {
  const res = await fetch(`${env.url}${path}`, {
    headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": role, ...(unit ? { "x-act-as-unit": unit } : {}) },
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("hot spots on the dashboard (GX-17, GZ-5, GX-12)", () => {
  it("GX-17 a cluster of similar requests in one place this week is listed with its words, examples and a rising trend", async () => {
    const ctx = env.app.ctx;
    const noise = { location: { district: "天河区", subDistrict: "五山街道" } };
    const texts = [
      "五山路工地夜间施工噪音扰民，影响休息。",
      "晚上十一点还在施工，噪音太大。",
      "工地夜间施工噪音扰民，请处理。",
      "施工噪音严重扰民，夜里睡不着。",
    ];
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

describe("hot-spot alerts for supervisors (GX-17)", () => {
  it("GX-17 a rising hot spot is raised once for the supervisors, who acknowledge it", async () => {
    const { raiseHotspotAlerts } = await import("../../src/app/analytics/hotspot-alerts.ts");
    expect(await raiseHotspotAlerts(env.app.ctx, "guangzhou")).toBe(1);
    expect(await raiseHotspotAlerts(env.app.ctx, "guangzhou")).toBe(0);
    const open = await get("/api/v1/analytics/hotspot-alerts?jurisdiction=guangzhou&open=true", "supervisor");
    expect(open.status).toBe(200);
    expect(open.body.alerts.map((a: { place: string; count: number; previousCount: number }) => [a.place, a.count, a.previousCount])).toEqual([
      ["天河区五山街道", 4, 1],
    ]);
    const id = open.body.alerts[0].id;
    const post = (role: string) =>
      fetch(`${env.url}/api/v1/hotspot-alerts/${id}/acknowledge`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": role },
      });
    expect((await post("analyst")).status).toBe(403);
    expect((await post("supervisor")).status).toBe(200);
    expect((await post("supervisor")).status).toBe(404);
    expect((await get("/api/v1/analytics/hotspot-alerts?jurisdiction=guangzhou&open=true", "supervisor")).body.alerts).toEqual([]);
  });
});

describe("the analysis report for leaders (GX-17, GZ-5)", () => {
  it("GX-17 GZ-5 reports volume against the period before, categories and districts with their change, and the hot spots; the .xlsx holds the same, sheet by sheet", async () => {
    const q = `jurisdiction=guangzhou&from=${encodeURIComponent("2026-11-13T09:00:00+08:00")}&to=${encodeURIComponent("2026-11-20T09:00:00+08:00")}`;
    const r = await get(`/api/v1/analytics/report?${q}`, "analyst");
    expect(r.status).toBe(200);
    // This week: the four noise tickets, the wages one and the lift one; the week before: one noise ticket.
    expect(r.body).toMatchObject({ total: 6, previousTotal: 1, hotspotDays: 7 });
    expect(r.body.byDistrict).toEqual([
      { key: "天河区", n: 4, previous: 1 },
      { key: "海珠区", n: 1, previous: 0 },
      { key: "越秀区", n: 1, previous: 0 },
    ]);
    expect(r.body.hotspots[0]).toMatchObject({ place: "天河区五山街道", trend: "rising" });
    const res = await fetch(`${env.url}/api/v1/analytics/report.xlsx?${q}`, {
      headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": "analyst" },
    });
    expect(res.status).toBe(200);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(["概况", "每日受理", "热点分类", "区域分布", "热点诉求", "派单质量"]);
    const o = wb.getWorksheet("概况")!;
    expect([o.getCell("A1").value, o.getCell("B1").value]).toEqual(["诉求分析报告", "2026-11-13 至 2026-11-20"]);
    expect([o.getCell("B2").value, o.getCell("B3").value, o.getCell("B4").value]).toEqual([6, 1, "+500.0%"]);
    const g = wb.getWorksheet("区域分布")!;
    expect((g.getRow(2).values as unknown[]).slice(1)).toEqual(["天河区", 4, 1, "+300.0%"]);
    const h = wb.getWorksheet("热点诉求")!;
    expect((h.getRow(3).values as unknown[]).slice(1, 6)).toEqual(["天河区五山街道", r.body.hotspots[0].topWords.join("、"), 4, 1, "上升"]);
  });
});
