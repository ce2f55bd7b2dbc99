import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// Lists that page and export (#41): the total of what the filter finds, pages that follow on, and
// the same filter as a workbook, within the asker's scope and without requesters.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const headers = (role: string, unit?: string) => ({
  authorization: `Bearer ${env.app.seed.adminToken}`,
  "x-act-as-role": role,
  ...(unit ? { "x-act-as-unit": unit } : {}),
});

describe("ticket lists page and export", () => {
  it("GZ-9 GZ-25 a list says its total and pages through it; its export holds exactly the filtered tickets in the asker's scope, with no requester", async () => {
    const ctx = env.app.ctx;
    const [th, hz] = await Promise.all([unitId(ctx, "GZ-TH"), unitId(ctx, "GZ-HZ")]);
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) {
      let t = await newTicket(
        ctx,
        "guangzhou",
        complaint(clock.value, { content: `天河第${i}件`, requester: { kind: "person", name: "钱七", phone: "13912345678" } }),
      );
      t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th });
      mine.push(t.number);
    }
    const other = await must(
      ctx,
      actors.dispatcher,
      await newTicket(ctx, "guangzhou", complaint(clock.value, { content: "海珠的件", location: { district: "海珠区", address: "江南大道" } })),
      { kind: "dispatch", leadUnitId: hz },
    );
    await newTicket(ctx, "guangzhou", complaint(clock.value, { content: "待派单的件" }));

    const get = async (q: string, role = "supervisor", unit?: string) =>
      (await (await fetch(`${env.url}/api/v1/tickets?jurisdiction=guangzhou&${q}`, { headers: headers(role, unit) })).json()) as any;
    const first = await get("status=awaiting_sign&limit=2");
    expect(first.total).toEqual({ n: 6, capped: false });
    const seen = first.tickets.map((t: any) => t.number);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await get(`status=awaiting_sign&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(page.total).toEqual({ n: 6, capped: false });
      seen.push(...page.tickets.map((t: any) => t.number));
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual([...mine, other.number].sort());

    const workbook = async (q: string, role: string, unit?: string) => {
      const res = await fetch(`${env.url}/api/v1/tickets.xlsx?jurisdiction=guangzhou&${q}`, { headers: headers(role, unit) });
      expect(res.headers.get("content-type")).toContain("spreadsheetml");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet("工单列表")!;
      const rows: string[][] = [];
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
      return rows;
    };
    const all = await workbook("status=awaiting_sign", "supervisor");
    expect(all[0]?.slice(0, 5)).toEqual(["工单编号", "诉求标题", "类型", "渠道", "状态"]);
    expect(
      all
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...mine, other.number].sort());
    expect(all.slice(1).every((r) => r[4] === "待签收" && r[2] === "投诉")).toBe(true);
    expect(JSON.stringify(all)).not.toContain("13912345678");
    expect(JSON.stringify(all)).not.toContain("钱七");
    // The unit's export is its own tickets only, whatever it asks.
    const unit = await workbook("status=awaiting_sign", "unit_handler", th);
    expect(
      unit
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...mine].sort());
    // An area picks its tickets (a force-majeure adjustment starts there); none picked is refused naming the field.
    const inArea = await get(`district=${encodeURIComponent("海珠区")}&limit=50`);
    expect(inArea.tickets.map((t: any) => t.number)).toEqual([other.number]);
    const none = await fetch(`${env.url}/api/v1/tickets/bulk/adjustDeadline`, {
      method: "POST",
      headers: { ...headers("supervisor"), "content-type": "application/json" },
      body: JSON.stringify({ ticketIds: [], due: "2026-11-30T18:00:00+08:00", reason: "台风" }),
    });
    expect([none.status, ((await none.json()) as any).error.field]).toEqual([400, "ticketIds"]);
    const bad = await fetch(`${env.url}/api/v1/tickets.xlsx?jurisdiction=guangzhou&status=awaiting_sign&type=weather`, { headers: headers("supervisor") });
    expect([bad.status, ((await bad.json()) as any).error.field]).toEqual([400, "type"]);
  });
});
