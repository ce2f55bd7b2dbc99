import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { actAs, serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const as = (role: string, unit?: string) => actAs(env.app.seed.adminToken, role, unit);

describe("unit staff and the exports and assistance added with issues 6–8 (GZ-25)", () => {
  it("GZ-25 a unit's staff get only their own line of the circular, and none of the platform-wide exports, lists or requester data", async () => {
    const ctx = env.app.ctx;
    const th = await unitId(ctx, "GZ-TH");
    const hz = await unitId(ctx, "GZ-HZ");
    for (const unit of [th, hz]) {
      const t = await newTicket(ctx, "guangzhou", complaint(clock.value, { requester: { name: "张三", phone: "13812340000", kind: "person" } }));
      await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: unit });
    }
    clock.set("2026-12-01T09:00:00+08:00");
    const res = await fetch(`${env.url}/api/v1/assessment/monthly.xlsx?jurisdiction=guangzhou&month=2026-11`, { headers: as("unit_handler", th) });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet("考核通报")!;
    const names = [3, 4, 5].map((n) => ws.getRow(n).getCell(3).value).filter(Boolean);
    expect(names).toEqual(["天河区人民政府"]);

    const forbidden = [
      "/api/v1/analytics/report?jurisdiction=guangzhou&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00",
      "/api/v1/analytics/report.xlsx?jurisdiction=guangzhou&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00",
      "/api/v1/analytics/hotspots?jurisdiction=guangzhou",
      "/api/v1/admin/notices",
      "/api/v1/jurisdictions/guangzhou/calls/missed",
      "/api/v1/jurisdictions/guangzhou/supervision/board",
      "/api/v1/exchange/tickets",
      "/api/v1/jurisdictions/guangzhou/models",
    ];
    for (const path of forbidden) {
      const r = await fetch(`${env.url}${path}`, { headers: as("unit_handler", th) });
      expect([path, r.status]).toEqual([path, 403]);
    }
    const similar = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/assist/similar-tickets`, {
      method: "POST",
      headers: { ...as("unit_handler", th), "content-type": "application/json" },
      body: JSON.stringify({ text: "噪音", phone: "13812340000" }),
    });
    expect(similar.status).toBe(403);
    // The knowledge export holds no requester data at all, so units may have it.
    const kb = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/knowledge/export.xlsx`, { headers: as("unit_handler", th) });
    expect(kb.status).toBe(200);
    const kwb = new ExcelJS.Workbook();
    await kwb.xlsx.load(await kb.arrayBuffer());
    const cells: string[] = [];
    kwb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain("责任单位编码");
    expect(cells.some((c) => c.includes("13812340000") || c.includes("张三"))).toBe(false);
  });
});
