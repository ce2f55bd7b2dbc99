import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { actAs, serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });

const headers = (role: string, unit?: string, json = false) => actAs(env.app.seed.adminToken, role, unit, json);
async function get(path: string, role: string, unit?: string) {
  const res = await fetch(`${env.url}${path}`, { headers: headers(role, unit) });
  return { status: res.status, body: (await res.json()) as any };
}
async function post(path: string, body: unknown, role: string, unit?: string) {
  const res = await fetch(`${env.url}${path}`, { method: "POST", headers: headers(role, unit, true), body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

let cg = "";
let late: TicketState;

describe("monthly assessment, warnings, appeals and the circular (GX-30–GX-34, GZ-24)", () => {
  it("GX-30 GX-34 scores November as it stood at its end: on-time, satisfaction and compliance to 100 points, an overdue ticket counted late with an SMS warning", async () => {
    const ctx = env.app.ctx;
    cg = await unitId(ctx, "NN-D-CG");
    let good = await newTicket(ctx, "nanning", complaint(clock.value, { location: { district: "青秀区" } }));
    good = await must(ctx, actors.dispatcher, good, { kind: "dispatch", leadUnitId: cg });
    good = await must(ctx, actors.unit(cg), good, { kind: "sign" });
    late = await newTicket(ctx, "nanning", complaint(clock.value, { content: "路边摊占道经营。", location: { district: "青秀区" } }));
    late = await must(ctx, actors.dispatcher, late, { kind: "dispatch", leadUnitId: cg });
    late = await must(ctx, actors.unit(cg), late, { kind: "sign" });
    clock.set("2026-11-05T10:00:00+08:00");
    good = await must(ctx, actors.unit(cg), good, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "现场处理",
      result: "已解决",
      requesterInformedBy: "phone",
    });
    good = await must(ctx, actors.reviewer, good, { kind: "reviewFeedback", approved: true, reason: "" });
    good = await must(ctx, actors.reviewer, good, { kind: "rate", rating: "satisfied" });
    await must(ctx, actors.reviewer, good, { kind: "conclude" });
    // Dispatched late in the month: due in December, so not November's.
    clock.set("2026-11-25T10:00:00+08:00");
    const december = await newTicket(ctx, "nanning", complaint(clock.value, { location: { district: "青秀区" } }));
    await must(ctx, actors.dispatcher, december, { kind: "dispatch", leadUnitId: cg });

    clock.set("2026-12-01T09:00:00+08:00");
    const r = await get("/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11", "supervisor");
    expect(r.status).toBe(200);
    const line = r.body.units.find((u: { unitId: string }) => u.unitId === cg);
    expect(
      line.indicators.map((i: { id: string; met: string[]; counted: string[]; points: number }) => [i.id, i.met.length, i.counted.length, i.points]),
    ).toEqual([
      ["signOnTime", 0, 0, 10],
      ["concludedOnTime", 1, 2, 15],
      ["satisfaction", 1, 1, 30],
      ["returnAccuracy", 0, 0, 10],
      ["feedbackCompliance", 1, 1, 10],
      ["knowledgeUpkeep", 0, 0, 10],
    ]);
    expect(line.score).toBe(85);
    expect([...line.indicators[1].countedNumbers].sort()).toEqual([good.number, late.number].sort());
    expect(line.warning).toEqual({ level: "sms", rule: "GX-34", overdueTickets: [late.number] });
    expect(r.body.appealDue).toBe(Date.parse("2026-12-09T23:59:59.999+08:00"));

    // Later events do not change a closed month: the late ticket is finished in December.
    late = await must(ctx, actors.unit(cg), late, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "处理",
      result: "已取缔",
      requesterInformedBy: "phone",
    });
    const again = await get("/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11", "supervisor");
    expect(again.body).toEqual(r.body);
  });

  it("GX-32 a unit appeals within 7 working days; an accepted appeal exempts the ticket and the score and warning follow; only the unit's own line is visible to it", async () => {
    clock.set("2026-12-03T10:00:00+08:00");
    const other = await unitId(env.app.ctx, "NN-D-RS");
    expect((await get("/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11", "unit_handler", other)).body.units).toEqual([]);
    const own = await get("/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11", "unit_handler", cg);
    expect(own.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([cg]);

    const appeal = await post(
      "/api/v1/jurisdictions/nanning/assessment/appeals",
      { month: "2026-11", ticketId: late.id, reason: "诉求人要求超出法定职责，属不合理诉求" },
      "unit_handler",
      cg,
    );
    expect(appeal.status).toBe(201);
    expect(appeal.body.windowDue).toBe(Date.parse("2026-12-09T23:59:59.999+08:00"));
    expect(
      (await post(`/api/v1/assessment/appeals/${appeal.body.id}/decision`, { accept: true, exemptTicket: true, note: "ok" }, "unit_leader", cg)).status,
    ).toBe(403);
    const decided = await post(
      `/api/v1/assessment/appeals/${appeal.body.id}/decision`,
      { accept: true, exemptTicket: true, note: "经核实属不合理诉求，免于考核" },
      "supervisor",
    );
    expect(decided.body).toEqual({ id: appeal.body.id, status: "accepted" });
    const after = (await get("/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11", "supervisor")).body.units.find(
      (u: { unitId: string }) => u.unitId === cg,
    );
    expect(after.score).toBe(100);
    expect(after.warning).toBeNull();

    // A manual item by an assessor; units cannot enter one.
    expect(
      (
        await post(
          "/api/v1/jurisdictions/nanning/assessment/manual-items",
          { month: "2026-11", unitId: cg, item: "台账检查", points: -4, reason: "台账不完整" },
          "unit_leader",
          cg,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await post(
          "/api/v1/jurisdictions/nanning/assessment/manual-items",
          { month: "2026-11", unitId: cg, item: "台账检查", points: -4, reason: "台账不完整" },
          "supervisor",
        )
      ).status,
    ).toBe(201);
    expect(
      (await get("/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11", "supervisor")).body.units.find((u: { unitId: string }) => u.unitId === cg)
        .score,
    ).toBe(96);

    clock.set("2026-12-10T00:00:01+08:00");
    const tooLate = await post("/api/v1/jurisdictions/nanning/assessment/appeals", { month: "2026-11", reason: "补充申诉" }, "unit_handler", cg);
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.error).toMatchObject({ code: "APPEAL_WINDOW_CLOSED", rule: "GX-32" });
  });

  it("GX-32 the appeal window counts working days: September's closes on 15 Oct, after the National Day holiday and the 10 Oct 调休 Saturday", async () => {
    clock.set("2026-10-15T23:00:00+08:00");
    expect((await post("/api/v1/jurisdictions/nanning/assessment/appeals", { month: "2026-09", reason: "数据有误" }, "unit_handler", cg)).body.windowDue).toBe(
      Date.parse("2026-10-15T23:59:59.999+08:00"),
    );
    clock.set("2026-10-16T00:00:01+08:00");
    expect((await post("/api/v1/jurisdictions/nanning/assessment/appeals", { month: "2026-09", reason: "数据有误" }, "unit_handler", cg)).body.error.code).toBe(
      "APPEAL_WINDOW_CLOSED",
    );
    clock.set("2026-12-10T09:00:00+08:00");
  });

  it("GX-33 the monthly circular .xlsx holds the ranking, every indicator's points and the warnings, cell by cell", async () => {
    clock.set("2026-12-01T09:00:00+08:00");
    const ctx = env.app.ctx;
    // A second unit with an overdue ticket, to rank and warn.
    const rs = await unitId(ctx, "NN-D-RS");
    clock.set("2026-11-02T09:00:00+08:00");
    let t = await newTicket(ctx, "nanning", complaint(clock.value, { content: "拖欠工资。" }));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: rs });
    clock.set("2026-12-10T09:00:00+08:00");
    const res = await fetch(`${env.url}/api/v1/assessment/monthly.xlsx?jurisdiction=nanning&month=2026-11`, { headers: headers("supervisor") });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet("考核通报")!;
    expect(ws.getCell("A1").value).toBe("2026-11 考核通报（满分 100 分，GX-30）");
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      "单位类别",
      "类别内排名",
      "单位",
      "得分",
      "按时签收率（10分）",
      "按时办结率（30分）",
      "满意率（30分）",
      "退回准确率（10分）",
      "反馈规范率（10分）",
      "知识库按时补充率（10分）",
      "人工项",
      "预警",
    ]);
    const rows = [3, 4].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    expect(rows).toEqual([
      ["承办单位", 1, "南宁市城市管理综合执法局", 96, 10, 30, 30, 10, 10, 10, -4, ""],
      ["承办单位", 2, "南宁市人力资源和社会保障局", 70, 10, 0, 30, 10, 10, 10, 0, "短信预警"],
    ]);
    // 66号: the hotline's own dispatch score follows the units, the same figures as the assessment's.
    expect((ws.getRow(6).values as unknown[]).slice(1)).toEqual([
      "热线派单考核（满分 100 分，GX-26.3）",
      "",
      "",
      "得分",
      "派单准确率（80分）",
      "退回裁定及时率（20分）",
    ]);
    const json = (await (
      await fetch(`${env.url}/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11`, { headers: headers("supervisor") })
    ).json()) as { hotline: { score: number; indicators: { points: number; counted: string[] }[] } };
    expect(json.hotline.indicators[0]?.counted).toContain(t.id);
    expect((ws.getRow(7).values as unknown[]).slice(1)).toEqual(["", "", "12345热线", json.hotline.score, ...json.hotline.indicators.map((i) => i.points)]);
    const w = wb.getWorksheet("预警")!;
    expect((w.getRow(2).values as unknown[]).slice(1)).toEqual(["南宁市人力资源和社会保障局", "短信预警", 1, t.number, "GX-34"]);
  });

  it("GX-34 publishing the circular tells each warned unit through the notice interface, once", async () => {
    const rs = await unitId(env.app.ctx, "NN-D-RS");
    expect((await post("/api/v1/jurisdictions/nanning/assessment/monthly/2026-11/publish", {}, "unit_leader", cg)).status).toBe(403);
    const first = await post("/api/v1/jurisdictions/nanning/assessment/monthly/2026-11/publish", {}, "supervisor");
    expect(first).toEqual({ status: 201, body: { warnings: 1, queued: 1 } });
    expect((await post("/api/v1/jurisdictions/nanning/assessment/monthly/2026-11/publish", {}, "supervisor")).body).toEqual({ warnings: 1, queued: 0 });
    const { sql } = await import("drizzle-orm");
    const r = (await env.app.ctx.db.execute(sql`select recipient, body from outbound_message where template = 'unit_warning'`)) as unknown as {
      rows: { recipient: string; body: string }[];
    };
    expect(r.rows).toEqual([{ recipient: `unit:${rs}`, body: "【12345热线】贵单位2026-11超期工单1件，现予短信预警，请及时整改。" }]);
  });

  it("GX-32 GX-33 the year is appealed within its window, published only after the window and every appeal's decision, and then kept as published", async () => {
    const score = (body: { units: { unitId: string; score: number }[] }) => body.units.find((u) => u.unitId === cg)?.score;
    // GX-30: the 2026 assessment year ended with 30 November; its window closes 7 working days later (9 December).
    clock.set("2026-12-02T09:00:00+08:00");
    const before = await get("/api/v1/assessment/yearly?jurisdiction=nanning&year=2026", "supervisor");
    expect(before.body.published).toBeNull();
    expect(before.body.appealDue).toBe(Date.parse("2026-12-09T23:59:59.999+08:00"));
    expect(
      (await post("/api/v1/jurisdictions/nanning/assessment/appeals", { month: "2026-11", year: 2026, reason: "两者" }, "unit_handler", cg)).body.error.field,
    ).toBe("month");
    const appeal = await post("/api/v1/jurisdictions/nanning/assessment/appeals", { year: 2026, reason: "全年台账已补齐，请复核人工扣分" }, "unit_handler", cg);
    expect(appeal.status).toBe(201);
    expect(
      (await get("/api/v1/jurisdictions/nanning/assessment/appeals?year=2026", "supervisor")).body.appeals.map((a: { id: string; period: string }) => [
        a.id,
        a.period,
      ]),
    ).toEqual([[appeal.body.id, "2026年度"]]);
    expect((await post("/api/v1/jurisdictions/nanning/assessment/yearly/2026/publish", {}, "supervisor")).body.error).toMatchObject({
      code: "APPEAL_WINDOW_OPEN",
      field: "year",
    });

    clock.set("2026-12-10T09:00:00+08:00");
    expect((await post("/api/v1/jurisdictions/nanning/assessment/yearly/2026/publish", {}, "supervisor")).body.error).toMatchObject({
      code: "APPEALS_PENDING",
      rule: "GX-32",
    });
    expect(
      (await post(`/api/v1/assessment/appeals/${appeal.body.id}/decision`, { accept: true, points: 3, note: "核实后返还 3 分" }, "supervisor")).status,
    ).toBe(200);
    const decided = await get("/api/v1/assessment/yearly?jurisdiction=nanning&year=2026", "supervisor");
    expect(score(decided.body)).toBe(score(before.body)! + 3);
    expect((await post("/api/v1/jurisdictions/nanning/assessment/yearly/2026/publish", {}, "unit_leader", cg)).status).toBe(403);
    const published = await post("/api/v1/jurisdictions/nanning/assessment/yearly/2026/publish", {}, "supervisor");
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ period: "2026年度", publishedAt: clock.value });
    const twice = await post("/api/v1/jurisdictions/nanning/assessment/yearly/2026/publish", {}, "supervisor");
    expect([twice.status, twice.body.error.code]).toEqual([409, "ALREADY_PUBLISHED"]);

    // What was published stays: a later manual item for a month of the year does not change it.
    expect(
      (
        await post(
          "/api/v1/jurisdictions/nanning/assessment/manual-items",
          { month: "2026-10", unitId: cg, item: "暗访测评", points: -5, reason: "补录" },
          "supervisor",
        )
      ).status,
    ).toBe(201);
    const after = await get("/api/v1/assessment/yearly?jurisdiction=nanning&year=2026", "supervisor");
    expect(after.body.published).toMatchObject({ at: clock.value, byName: expect.any(String) });
    expect(after.body.units).toEqual(decided.body.units);
    // The unit reads its own line of the published result only.
    const own = await get("/api/v1/assessment/yearly?jurisdiction=nanning&year=2026", "unit_leader", cg);
    expect(own.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([cg]);
    expect(score(own.body)).toBe(score(decided.body));
  });
});
