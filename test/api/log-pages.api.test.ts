import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../src/store/schema/index.ts";
import { actAs, serverForTests } from "../support/http.ts";
import { complaint, newTicket, TestClock } from "../support/tickets.ts";

// #41: the logs an admin reads every day (audit, SMS, who viewed personal data) page on the server,
// say their total, and export what is filtered.

const clock = new TestClock(Date.parse("2026-11-24T12:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const as = (role: string) => actAs(env.app.seed.adminToken, role, undefined, true);
type Json = Record<string, any>;

async function get(path: string, role = "admin"): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${env.url}${path}`, { headers: as(role) });
  return { status: res.status, body: (await res.json()) as Json };
}

/** Every page of a list, following its cursor: the rows in order and each page's length. */
async function allPages(path: string, key: string): Promise<{ rows: Json[]; sizes: number[]; totals: Json[] }> {
  const rows: Json[] = [];
  const sizes: number[] = [];
  const totals: Json[] = [];
  let cursor: string | null = null;
  do {
    const r = await get(`${path}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    rows.push(...r.body[key]);
    sizes.push(r.body[key].length);
    totals.push(r.body["total"]);
    cursor = r.body["nextCursor"];
  } while (cursor && sizes.length < 20);
  return { rows, sizes, totals };
}

async function sheetRows(path: string): Promise<string[][]> {
  const res = await fetch(`${env.url}${path}`, { headers: as("admin") });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
  return out;
}

describe("logs page on the server, say their total and export what is filtered (#41)", () => {
  it("GZ-25 the audit log pages newest first with no row repeated or skipped, rows of one instant too, and exports its filter in words", async () => {
    const at = (m: number) => new Date(Date.parse("2026-11-20T09:00:00+08:00") + m * 60_000);
    // Seven sign-in failures of one unknown name; three at the same instant, so only the id orders them.
    const minutes = [0, 5, 5, 5, 9, 12, 30];
    await env.app.ctx.db
      .insert(auditLog)
      .values(minutes.map((m) => ({ at: at(m), actorId: "username:pager", action: "auth.sign_in", outcome: "denied", jurisdictionId: "guangzhou" })));
    const pages = await allPages("/api/v1/admin/audit?actor=username:pager&limit=3", "entries");
    expect(pages.sizes).toEqual([3, 3, 1]);
    expect(pages.totals.every((t) => t["n"] === 7 && t["capped"] === false)).toBe(true);
    expect(new Set(pages.rows.map((r) => r["id"])).size).toBe(7);
    expect(pages.rows.map((r) => Date.parse(r["at"]))).toEqual(minutes.map((m) => at(m).getTime()).sort((a, b) => b - a));
    expect(pages.rows[0]).toMatchObject({ actorName: "pager（账号不存在）", actionLabel: "登录" });

    const sheet = await sheetRows("/api/v1/admin/audit.xlsx?actor=username:pager");
    expect(sheet[0]).toEqual(["时间", "操作人", "操作", "对象", "结果", "IP"]);
    expect(sheet).toHaveLength(8);
    // Times in the platform's zone (UTC+8 by the Guangzhou policy), newest first.
    expect(sheet[1]!.slice(0, 3)).toEqual(["2026-11-20 09:30", "pager（账号不存在）", "登录"]);
  });

  it("GZ-25 a bad cursor or page size is refused naming the field; the export of a role without the log is refused", async () => {
    const bad = await get("/api/v1/admin/audit?cursor=bm90LWEtY3Vyc29y");
    expect(bad.status).toBe(400);
    expect(bad.body["error"]).toMatchObject({ code: "INVALID_ARGUMENT", field: "cursor" });
    const zero = await get("/api/v1/admin/notices?limit=0");
    expect(zero.status).toBe(400);
    expect(zero.body["error"]["field"]).toBe("limit");
    expect((await fetch(`${env.url}/api/v1/admin/audit.xlsx`, { headers: as("dispatcher") })).status).toBe(403);
    expect((await fetch(`${env.url}/api/v1/admin/personal-data-access.xlsx`, { headers: as("dispatcher") })).status).toBe(403);
  });

  it("GZ-11.1 the SMS log pages with its total, template and status in words, and exports with every number masked", async () => {
    for (let i = 0; i < 5; i++)
      await newTicket(env.app.ctx, "guangzhou", complaint(clock.value, { requester: { name: "张三", phone: `1390000000${i}`, kind: "person" } }));
    const r = (await env.app.ctx.db.execute(
      sql`select count(*)::int as n from outbound_message where jurisdiction_id = 'guangzhou' and status = 'queued'`,
    )) as unknown as { rows: { n: number }[] };
    const queued = r.rows[0]!.n;
    expect(queued).toBeGreaterThanOrEqual(5);
    const pages = await allPages("/api/v1/admin/notices?jurisdiction=guangzhou&status=queued&limit=2", "notices");
    expect(pages.rows).toHaveLength(queued);
    expect(pages.totals[0]).toEqual({ n: queued, capped: false });
    expect(new Set(pages.rows.map((n) => n["id"])).size).toBe(queued);
    expect(pages.rows.find((n) => n["template"] === "ticket_received")).toMatchObject({
      templateLabel: "受理告知",
      statusLabel: "待发送",
      recipient: expect.stringMatching(/^139\*\*\*\*000\d$/),
    });

    const sheet = await sheetRows("/api/v1/admin/notices.xlsx?jurisdiction=guangzhou&status=queued");
    expect(sheet).toHaveLength(queued + 1);
    expect(sheet[0]).toEqual(["时间", "类别", "接收方", "内容", "状态", "次数", "发送时间", "回执时间"]);
    expect(JSON.stringify(sheet)).not.toMatch(/1390000000\d/);
    expect(sheet[1]![4]).toBe("待发送");
  });

  it("GZ-25 the log of who viewed personal data pages by ticket and exports, the phones masked", async () => {
    const t = await newTicket(env.app.ctx, "guangzhou", complaint(clock.value, { requester: { name: "李四", phone: "13712345678", kind: "person" } }));
    for (const purpose of ["dispatch", "verify", "callback"]) {
      const res = await fetch(`${env.url}/api/v1/tickets/${t.id}/requester/reveal`, {
        method: "POST",
        headers: as("dispatcher"),
        body: JSON.stringify({ purpose }),
      });
      if (res.status !== 200) {
        // A purpose the dispatcher may not give: state it as "other", with a note.
        const again = await fetch(`${env.url}/api/v1/tickets/${t.id}/requester/reveal`, {
          method: "POST",
          headers: as("dispatcher"),
          body: JSON.stringify({ purpose: "other", note: `核实${purpose}` }),
        });
        expect(again.status).toBe(200);
      }
    }
    const pages = await allPages(`/api/v1/admin/personal-data-access?ticket=${t.id}&limit=2`, "accesses");
    expect(pages.sizes).toEqual([2, 1]);
    expect(pages.totals[0]).toEqual({ n: 3, capped: false });
    expect(pages.rows.every((a) => a["requesterPhone"] === "137****5678" && a["roleLabel"] === "派单员")).toBe(true);

    const sheet = await sheetRows(`/api/v1/admin/personal-data-access.xlsx?number=${t.number}`);
    expect(sheet).toHaveLength(4);
    expect(sheet[1]).toEqual([expect.stringMatching(/^2026-11-24 12:00$/), expect.any(String), "派单员", t.number, "137****5678", expect.any(String)]);
    expect(JSON.stringify(sheet)).not.toContain("13712345678");
  });

  it("GX-25.1 GX-28 the missed calls page as a queue by callback due, or newest first; a year's call records page with their total and export", async () => {
    const { ingestCallEvent } = await import("../../src/app/calls/calls.ts");
    const base = Date.parse("2026-11-23T10:00:00+08:00");
    // Five abandoned calls a minute apart (each due for a callback), and two answered.
    for (let i = 0; i < 7; i++) {
      const at = base + i * 60_000;
      const answered = i >= 5;
      const steps: [string, number][] = answered
        ? [
            ["ringing", 0],
            ["queued", 3],
            ["answered", 8],
            ["ended", 60],
          ]
        : [
            ["ringing", 0],
            ["queued", 3],
            ["ended", 40],
          ];
      for (const [type, s] of steps) {
        const r = await ingestCallEvent(env.app.ctx, "guangzhou", {
          eventId: `pg-${i}-${type}`,
          callId: `pg-call-${i}`,
          type: type as "ringing",
          at: at + s * 1000,
          caller: `1350000000${i}`,
          ...(type === "answered" ? { agentId: "gz_operator" } : {}),
        });
        expect(r.ok).toBe(true);
      }
    }
    const queue = await allPages("/api/v1/jurisdictions/guangzhou/calls/missed?open=true&limit=2", "calls");
    expect(queue.sizes).toEqual([2, 2, 1]);
    expect(queue.totals[0]).toEqual({ n: 5, capped: false });
    expect(queue.rows.map((c) => c["callId"])).toEqual(["pg-call-0", "pg-call-1", "pg-call-2", "pg-call-3", "pg-call-4"]);
    expect(queue.rows.every((c) => /^135\*{4}000\d$/.test(c["caller"]))).toBe(true);
    const all = await allPages("/api/v1/jurisdictions/guangzhou/calls/missed?open=false&limit=3", "calls");
    expect(all.rows.map((c) => c["callId"])).toEqual(["pg-call-4", "pg-call-3", "pg-call-2", "pg-call-1", "pg-call-0"]);
    const missedSheet = await sheetRows("/api/v1/jurisdictions/guangzhou/calls/missed.xlsx?open=true");
    expect(missedSheet).toHaveLength(6);
    expect(missedSheet[1]!.slice(0, 2)).toEqual(["2026-11-23 10:00", "135****0000"]);

    const year = await allPages("/api/v1/jurisdictions/guangzhou/call-records?year=2026&limit=4", "records");
    expect(year.sizes).toEqual([4, 3]);
    expect(year.totals[0]).toEqual({ n: 7, capped: false });
    expect(year.rows[0]).toMatchObject({ callId: "pg-call-6", outcomeLabel: "已接听" });
    expect(year.rows[6]).toMatchObject({ callId: "pg-call-0", outcomeLabel: "呼损" });
    expect((await get("/api/v1/jurisdictions/guangzhou/call-records?year=2025")).body["total"]).toEqual({ n: 0, capped: false });
    const yearSheet = await sheetRows("/api/v1/jurisdictions/guangzhou/call-records.xlsx?year=2026");
    expect(yearSheet[0]).toEqual(["呼叫编号", "开始时间", "结果", "等待(秒)", "录音保存至"]);
    expect(yearSheet).toHaveLength(8);
    // A cursor that is not one, and a year that is not one, are refused by their names.
    expect((await get("/api/v1/jurisdictions/guangzhou/call-records?year=2026&cursor=eA")).body["error"]).toMatchObject({ field: "cursor" });
    expect((await get("/api/v1/jurisdictions/guangzhou/call-records?year=twenty")).body["error"]).toMatchObject({ field: "year" });
  });
});
