import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Solved, type TicketState } from "../../src/domain/ticket/ticket.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// Replies that may be false (疑似不实反馈, GZ-26, GX-37): the unit said solved, the requester says not.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const headers = (role: string, unit?: string) => ({
  authorization: `Bearer ${t.seed.adminToken}`,
  "x-act-as-role": role,
  "content-type": "application/json",
  ...(unit ? { "x-act-as-unit": unit } : {}),
});
const get = async (path: string, role = "supervisor", unit?: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: headers(role, unit) });
  return { status: res.status, body: (await res.json()) as any };
};
const decide = async (tk: TicketState, body: Record<string, unknown>, role = "supervisor", unit?: string) => {
  const res = await fetch(`${server.url}/api/v1/tickets/${tk.id}/decideReplyMismatch`, {
    method: "POST",
    headers: headers(role, unit),
    body: JSON.stringify({ version: tk.version, ...body }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

/** A ticket the unit answered with `said`, rated by the requester with `answer`. */
async function rated(jurisdiction: string, unitCode: string, said: Solved, answer: Solved, content: string): Promise<TicketState> {
  const u = await unitId(t.ctx, unitCode);
  let tk = await newTicket(t.ctx, jurisdiction, complaint(clock.value, { content }));
  tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
  tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
  tk = await must(t.ctx, actors.unit(u), tk, {
    kind: "submitFeedback",
    handledAt: clock.value,
    process: "现场处理",
    result: "问题已解决",
    requesterInformedBy: "phone",
    solved: said,
  });
  tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "完整" });
  return must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "unsatisfied", solved: answer });
}

describe("replies flagged as possibly false (GZ-26, GX-37)", () => {
  let first: TicketState;
  let second: TicketState;
  let hz = "";

  it("GZ-26 the unit said solved, the requester says not: the reply is flagged with its rule, listed for the supervisors; partly solved or the unit's own doubt is not flagged", async () => {
    hz = await unitId(t.ctx, "GZ-HZ");
    first = await rated("guangzhou", "GZ-HZ", "resolved", "unresolved", "路灯仍然不亮");
    expect(first.replyMismatch).toMatchObject({ unitId: hz, feedbackSolved: "resolved", requesterSolved: "unresolved", status: "open" });
    expect((await loadTicketEvents(t.ctx.db, first.id)).at(-1)).toMatchObject({ rule: "GZ-26", data: { type: "ReplyMismatchFlagged", unitId: hz } });
    second = await rated("guangzhou", "GZ-HZ", "resolved", "unresolved", "噪声仍然扰民");
    expect((await rated("guangzhou", "GZ-HZ", "resolved", "partially_resolved", "井盖只修了一半")).replyMismatch).toBeUndefined();
    expect((await rated("guangzhou", "GZ-HZ", "partially_resolved", "unresolved", "占道经营仍在")).replyMismatch).toBeUndefined();

    const list = await get("/api/v1/jurisdictions/guangzhou/reply-mismatches?status=open");
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((i: any) => i.number).sort()).toEqual([first.number, second.number].sort());
    expect(list.body.items[0]).toMatchObject({
      unitId: hz,
      unitName: "海珠区人民政府",
      feedbackResult: "问题已解决",
      feedbackSolved: "resolved",
      requesterSolved: "unresolved",
      flag: "open",
    });
    expect((await get("/api/v1/jurisdictions/guangzhou/reply-mismatches", "unit_handler", hz)).status).toBe(403);
    expect((await get("/api/v1/jurisdictions/guangzhou/reply-mismatches?status=closed")).body.error.field).toBe("status");

    // The same list as a workbook, in words (#41).
    const res = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/reply-mismatches.xlsx?status=open`, { headers: headers("supervisor") });
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    expect(rows[0]).toEqual(["标记时间", "工单编号", "诉求标题", "承办单位", "单位反馈结果", "单位称", "诉求人称", "处理状态", "处理意见"]);
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual([first.number, second.number].sort());
    expect(rows[1]!.slice(3, 8)).toEqual(["海珠区人民政府", "问题已解决", "已解决", "未解决", "待处理"]);
    expect((await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/reply-mismatches.xlsx`, { headers: headers("unit_handler", hz) })).status).toBe(403);
  });

  it("GZ-26 clearing needs a reason and a misconduct its measure; a ticket not flagged is refused; nothing changes on a refusal", async () => {
    const unflagged = await loadTicketByNumberOf(await rated("guangzhou", "GZ-HZ", "resolved", "resolved", "已修好"));
    for (const [tk, body, status, field] of [
      [first, { outcome: "cleared", reason: "" }, 400, "reason"],
      [first, { outcome: "cleared", reason: "   " }, 400, "reason"],
      [first, { outcome: "misconduct", reason: "核实为虚报" }, 400, "measure"],
      [first, { outcome: "dismissed", reason: "x" }, 400, "outcome"],
      [unflagged, { outcome: "cleared", reason: "无" }, 404, "id"],
    ] as const) {
      const r = await decide(tk, body);
      expect([r.status, r.body.error.field]).toEqual([status, field]);
    }
    expect((await loadTicket(t.ctx.db, first.id))?.version).toBe(first.version);
    // The flagged unit's own staff may not clear it.
    const own = await decide(first, { outcome: "cleared", reason: "我们已解决" }, "unit_handler", hz);
    expect(own.status).toBe(403);
    expect((await loadTicket(t.ctx.db, first.id))?.replyMismatch?.status).toBe("open");
  });

  it("GZ-26 a supervisor clears one with a reason and turns the other into a misconduct record of the unit, in one transaction; the month's counts per unit follow", async () => {
    const cleared = await decide(first, { outcome: "cleared", reason: "回访核实：诉求人所指为另一路段，已另行受理" });
    expect(cleared.status).toBe(200);
    expect(cleared.body.replyMismatch).toMatchObject({ status: "cleared", decision: { reason: "回访核实：诉求人所指为另一路段，已另行受理" } });
    const stale = await decide(first, { outcome: "cleared", reason: "再次" });
    expect(stale.status).toBe(409);

    const confirmed = await decide(second, {
      outcome: "misconduct",
      reason: "现场核查噪声未处理，反馈不实",
      measure: "rectification_letter",
      staffName: "王五",
    });
    expect(confirmed.status).toBe(200);
    const misconductId = confirmed.body.replyMismatch.decision.misconductId as string;
    expect(confirmed.body.replyMismatch.status).toBe("misconduct");
    const records = (await get(`/api/v1/units/${hz}/misconduct`)).body.records as any[];
    expect(records.find((r) => r.id === misconductId)).toMatchObject({
      kind: "falsified_reply",
      measure: "rectification_letter",
      staffName: "王五",
      ticketId: second.id,
      rule: "GZ-26",
    });

    expect((await get("/api/v1/jurisdictions/guangzhou/reply-mismatches?status=open")).body.total).toBe(0);
    // By hand: 海珠区 had two flagged in November 2026, one cleared, one misconduct.
    const byUnit = await get("/api/v1/jurisdictions/guangzhou/reply-mismatches/by-unit?month=2026-11");
    expect(byUnit.body.units).toEqual([{ unitId: hz, unitName: "海珠区人民政府", flagged: 2, open: 0, cleared: 1, misconduct: 1 }]);
    expect((await get("/api/v1/jurisdictions/guangzhou/reply-mismatches/by-unit?month=2026-10")).body.units).toEqual([]);
    expect((await get("/api/v1/jurisdictions/guangzhou/reply-mismatches/by-unit?month=2026-13")).body.error.field).toBe("month");
  });

  it("GX-37 the Guangxi policy flags under its own rule", async () => {
    const tk = await rated("nanning", "NN-D-CG", "resolved", "unresolved", "垃圾仍未清运");
    expect((await loadTicketEvents(t.ctx.db, tk.id)).at(-1)).toMatchObject({ rule: "GX-37", data: { type: "ReplyMismatchFlagged" } });
  });
});

async function loadTicketByNumberOf(tk: TicketState): Promise<TicketState> {
  return (await loadTicket(t.ctx.db, tk.id))!;
}
