import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { saveCatalogueEntry } from "../../src/app/dispatch/catalogue.ts";
import { ticketBounces, ticketById } from "../../src/app/tickets/ticket-queries.ts";
import { loadSupervisionBoard } from "../../src/app/supervision/supervision-board.ts";
import { assessMonth } from "../../src/app/assessment/assess.ts";
import { sweepTimers } from "../../src/jobs/timer-sweeper.ts";
import { formatInstant } from "../../src/domain/calendar/local-date.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, refused, TestClock, unitId } from "../support/tickets.ts";

// 派单异议 (国办函〔2025〕66号): every return names a reason code from the policy, cites what it
// relies on, and gets a ruling within the policy's limit; the ticket shows its bounce timeline.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let TH: string; // 天河区人民政府
let ZJ: string; // 市住建局
let NN: string; // a unit of Nanning
let entry = "";
const local = (ms: number | undefined) => (ms === undefined ? undefined : formatInstant(ms, 480));

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
  [TH, ZJ, NN] = (await Promise.all(["GZ-TH", "GZ-D-ZJ", "NN-QX"].map((c) => unitId(t.ctx, c)))) as [string, string, string];
  const saved = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
    category: "物业管理",
    leadUnitId: ZJ,
    legalBasis: "《广州市物业管理条例》第十条",
    source: { kind: "power_list", document: "市住建局权责清单", clause: "第12项" },
    reason: "新增",
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  entry = saved.value.id;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe("returns with reason codes, citations and rulings (派单异议)", () => {
  it("66号 GZ-14 a return names a reason code of the policy and cites a catalogue entry or legal basis; else it is refused naming the field", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    const unit = actors.unit(TH);
    expect(await refused(t.ctx, unit, tk, { kind: "requestReturn", reasonCode: "not_mine", reason: "不属本单位", legalBasis: "三定方案" })).toMatchObject({
      code: "INVALID_ARGUMENT",
      field: "reasonCode",
      rule: "GZ-14",
    });
    expect(await refused(t.ctx, unit, tk, { kind: "requestReturn", reasonCode: "wrong_area", reason: "不属本辖区" })).toMatchObject({
      field: "legalBasis",
      rule: "GZ-14",
    });
    // A catalogue entry of another platform, or one that does not exist, is not a citation.
    expect(await refused(t.ctx, unit, tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位", catalogueEntryId: NN })).toMatchObject({
      field: "catalogueEntryId",
    });
    tk = await must(t.ctx, unit, tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "属住建部门职责", catalogueEntryId: entry });
    expect(tk.pendingReturn).toMatchObject({ reasonCode: "not_our_duty", catalogueEntryId: entry, byUnitId: TH });
    // 66号: the hotline rules within the policy's limit, one working day: by the end of the next one.
    expect(local(tk.pendingReturn?.rulingDue)).toBe("2026-11-03T23:59:59.999+08:00");
  });

  it("66号 GZ-15.1 GZ-15.2 a bounce: A's return found unfounded keeps A's limit; A's second return approved; B gets a new limit; the timeline shows it all", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    const firstDue = tk.clock?.due;
    // Complaint, GZ-17.2: 10 working days from the day after dispatch (Mon 2 Nov → Mon 16 Nov).
    expect(local(firstDue)).toBe("2026-11-16T23:59:59.999+08:00");
    clock.set("2026-11-02T15:00:00+08:00");
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "属住建部门职责", legalBasis: "三定方案第三条" });
    clock.set("2026-11-03T10:00:00+08:00");
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "refuse", reason: "属地管理，由区政府办理" });
    expect(tk.clock?.due).toBe(firstDue);
    clock.set("2026-11-03T16:00:00+08:00");
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "物业监管属住建局", catalogueEntryId: entry });
    clock.set("2026-11-04T09:00:00+08:00");
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "approve", reason: "按派单目录应由住建局主办" });
    clock.set("2026-11-04T10:00:00+08:00");
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: ZJ });
    // GZ-15.1: the new unit's limit is computed anew from its dispatch (Wed 4 Nov → Wed 18 Nov).
    expect(local(tk.clock?.due)).toBe("2026-11-18T23:59:59.999+08:00");

    // B concludes it: signs, reports, is reviewed and rated; the ticket is concluded within B's new limit.
    tk = await must(t.ctx, actors.unit(ZJ), tk, { kind: "sign" });
    clock.set("2026-11-10T15:00:00+08:00");
    tk = await must(t.ctx, actors.unit(ZJ), tk, {
      kind: "submitFeedback",
      handledAt: clock.value - 3_600_000,
      process: "督促物业整改",
      result: "已整改",
      requesterInformedBy: "phone",
    });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "答复完整" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "satisfied" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "conclude" });
    expect(tk.status).toBe("concluded");
    expect(tk.concludedAt! <= tk.clock!.due).toBe(true);

    const visits = await ticketBounces(t.ctx, tk.id);
    expect(visits.map((v) => ({ unit: v.unitId, from: local(v.from), to: local(v.to) }))).toEqual([
      { unit: TH, from: "2026-11-02T09:00:00.000+08:00", to: "2026-11-04T09:00:00.000+08:00" },
      { unit: ZJ, from: "2026-11-04T10:00:00.000+08:00", to: undefined },
    ]);
    expect(visits[0]?.returns.map((r) => [r.reasonCode, r.legalBasis ?? r.catalogueEntryId, r.ruling?.finding, r.ruling?.by.name, r.ruling?.rule])).toEqual([
      ["not_our_duty", "三定方案第三条", "return_unfounded", actors.dispatcher.name, "GZ-15.2"],
      ["not_our_duty", entry, "dispatch_wrong", actors.dispatcher.name, "GZ-15.1"],
    ]);
    expect(visits[1]?.returns).toEqual([]);

    // Who pays (GZ-24 returnAccuracy, 10 of 100 points in Guangzhou's set): 天河区 asked twice on this
    // ticket and was right once, so this ticket brings it 1 met of 2 counted; 住建局 asked nothing.
    // The approved return is the hotline's misdispatch, not the unit's: it is a "met" for 天河区.
    const assessed = await assessMonth(t.ctx, actors.supervisor, "guangzhou", "2026-11");
    if (!assessed.ok) throw new Error(assessed.error.en);
    const returnsOf = (unit: string) => assessed.value.units.find((u) => u.unitId === unit)?.indicators.find((i) => i.id === "returnAccuracy");
    const mine = (ids: readonly string[] | undefined) => (ids ?? []).filter((x) => x === tk.id).length;
    expect([mine(returnsOf(TH)?.counted), mine(returnsOf(TH)?.met)]).toEqual([2, 1]);
    expect(mine(returnsOf(ZJ)?.counted)).toBe(0);
    // The hotline's side (国办函〔2025〕66号, Guangzhou's demo weights 80 + 20): it dispatched this
    // ticket twice in November; the first dispatch ended in a return it approved, so it counts
    // against the hotline's 派单准确率 (1 met of 2 counted). Both rulings fell due in November and
    // were given in time (3 Nov 10:00 ≤ 3 Nov 23:59; 4 Nov 09:00 ≤ 4 Nov 23:59): 2 of 2.
    const hotlineOf = (id: string) => assessed.value.hotline?.indicators.find((i) => i.id === id);
    expect([mine(hotlineOf("dispatchAccuracy")?.counted), mine(hotlineOf("dispatchAccuracy")?.met)]).toEqual([2, 1]);
    expect([mine(hotlineOf("returnRulingOnTime")?.counted), mine(hotlineOf("returnRulingOnTime")?.met)]).toEqual([2, 2]);
    expect(assessed.value.hotline).toMatchObject({ rule: "GZ-15.1", scale: 100 });
    expect(hotlineOf("dispatchAccuracy")?.countedNumbers.filter((n) => n === tk.number)).toHaveLength(2);
    // Unit staff see the hotline's rates, not the tickets of other units behind them.
    const asUnit = await assessMonth(t.ctx, actors.unit(TH), "guangzhou", "2026-11");
    if (!asUnit.ok) throw new Error(asUnit.error.en);
    expect(asUnit.value.hotline?.indicators.find((i) => i.id === "dispatchAccuracy")).toMatchObject({
      counted: [],
      countedNumbers: [],
      rate: hotlineOf("dispatchAccuracy")?.rate,
    });
  });

  it("66号 GZ-15.2 a ruling not given within one working day is flagged with the policy's rule and listed on the supervisors' board", async () => {
    clock.set("2026-11-09T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "wrong_area", reason: "属海珠区", legalBasis: "行政区划" });
    const board = async () => {
      const b = await loadSupervisionBoard(t.ctx, actors.supervisor, "guangzhou");
      if (!b.ok) throw new Error(b.error.en);
      return b.value.lateRulings.filter((x) => x.ticketId === tk.id);
    };
    // Due by the end of Tuesday 10 November; on Tuesday evening nothing is late yet.
    clock.set("2026-11-10T22:00:00+08:00");
    await sweepTimers(t.ctx, "test");
    expect(await board()).toEqual([]);
    clock.set("2026-11-11T08:00:00+08:00");
    await sweepTimers(t.ctx, "test");
    expect((await board()).map((x) => [x.number, local(x.rulingDue), x.byUnitId])).toEqual([[tk.number, "2026-11-10T23:59:59.999+08:00", TH]]);
    const flagged = (await t.ctx.db.execute(sql`select data, rule from ticket_event where ticket_id = ${tk.id} and data->>'type' = 'Flagged'`)) as unknown as {
      rows: { data: { flag: string }; rule: string }[];
    };
    expect(flagged.rows.map((r) => [r.data.flag, r.rule])).toContainEqual(["return_ruling_overdue", "GZ-15.2"]);
    // Once ruled, it leaves the board.
    const now = await ticketById(t.ctx, tk.id);
    await must(t.ctx, actors.dispatcher, now!, { kind: "decideReturn", decision: "refuse", reason: "属本区" });
    expect(await board()).toEqual([]);
  });

  it("66号 over HTTP: a return without a reason code, with an unknown one, or without a citation is 400 naming the field in Chinese and English, and changes nothing; the timeline is served", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    const headers = { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "unit_handler", "x-act-as-unit": TH, "content-type": "application/json" };
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/tickets/${tk.id}/requestReturn`, { method: "POST", headers, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      }));
    for (const [body, field] of [
      [{ version: tk.version, reason: "不属本单位", legalBasis: "三定方案" }, "reasonCode"],
      [{ version: tk.version, reasonCode: "nope", reason: "不属本单位", legalBasis: "三定方案" }, "reasonCode"],
      [{ version: tk.version, reasonCode: "not_our_duty", reason: "不属本单位" }, "legalBasis"],
    ] as const) {
      const r = await post(body);
      expect([r.status, r.body.error.field]).toEqual([400, field]);
      expect(r.body.error.message).toBeTruthy();
      expect(r.body.error.messageEn).toBeTruthy();
    }
    const ruling = await fetch(`${server.url}/api/v1/tickets/${tk.id}/decideReturn`, {
      method: "POST",
      headers: { ...headers, "x-act-as-role": "dispatcher" },
      body: JSON.stringify({ version: tk.version, decision: "refuse", reason: "无退回申请" }),
    });
    expect(ruling.status).toBe(409);
    const ok = await post({ version: tk.version, reasonCode: "not_our_duty", reason: "不属本单位", legalBasis: "三定方案" });
    expect(ok.status).toBe(200);
    // A unit may not rule on its own return: 403, and the return still waits.
    const own = await fetch(`${server.url}/api/v1/tickets/${tk.id}/decideReturn`, {
      method: "POST",
      headers,
      body: JSON.stringify({ version: tk.version + 1, decision: "approve", reason: "自己同意" }),
    });
    expect([own.status, ((await own.json()) as any).error.code]).toEqual([403, "FORBIDDEN"]);
    const timeline = (await (await fetch(`${server.url}/api/v1/tickets/${tk.id}/bounces`, { headers })).json()) as any;
    expect(timeline.visits[0].returns[0].ruling).toBeUndefined();
    expect(timeline.visits[0].returns[0]).toMatchObject({ reasonCode: "not_our_duty", legalBasis: "三定方案", byUnitId: TH });
  });
});
