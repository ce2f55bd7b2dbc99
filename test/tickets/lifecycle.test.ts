import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, refused, TestClock, unitId } from "../support/tickets.ts";
import { intakeContact } from "../../src/app/tickets/intake-contact.ts";
import { addAttachment } from "../../src/app/tickets/attachments.ts";
import { runTicketCommand } from "../../src/app/tickets/run-ticket-command.ts";
import { loadTicket, loadTicketEvents, requesterHistory } from "../../src/store/repositories/ticket.repository.ts";
import { replay } from "../../src/domain/ticket/evolve.ts";
import { formatInstant } from "../../src/domain/calendar/local-date.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let TH: string; // 天河区人民政府
let HZ: string; // 海珠区人民政府
let TH_WS: string; // 天河区五山街道办事处 (executing unit)
let FGW: string; // guidance department
let BZB: string; // staffing office
let ZJ: string; // 市住建局

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const ids = await Promise.all(["GZ-TH", "GZ-HZ", "GZ-TH-01", "GZ-FGW", "GZ-BZB", "GZ-D-ZJ"].map((c) => unitId(t.ctx, c)));
  [TH, HZ, TH_WS, FGW, BZB, ZJ] = ids as [string, string, string, string, string, string];
});
afterAll(async () => t?.close());

const local = (ms: number | undefined) => (ms === undefined ? undefined : formatInstant(ms, 480));

async function expectReplayMatches(id: string) {
  const stored = await loadTicket(t.ctx.db, id);
  expect(replay(await loadTicketEvents(t.ctx.db, id))).toEqual(stored);
}

describe("intake", () => {
  it("GZ-13.2 a contact becomes a ticket with a readable number, its channel, operator and a dispatch limit of 1 working day", async () => {
    clock.set("2026-11-06T17:30:00+08:00");
    const r = await intakeContact(t.ctx, actors.operator, "guangzhou", complaint(clock.value));
    expect(r.ok).toBe(true);
    if (!r.ok || !r.value.ticket) return;
    const tk = r.value.ticket;
    expect(tk.number).toMatch(/^GZ20261106\d{6}$/);
    expect(tk).toMatchObject({ status: "awaiting_dispatch", channel: "phone", type: "complaint", version: 1 });
    expect(local(tk.dispatchDue)).toBe("2026-11-09T23:59:59.999+08:00");
    expect(r.value.rule).toBe("GZ-13.2");
    const events = await loadTicketEvents(t.ctx.db, tk.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, command: "intake", actor: { id: "op-1", role: "operator" }, data: { type: "TicketCreated" } });
  });

  it("GX-25.1 the request records content, requester, channel, time and operator; GX-5 intake on a holiday night still works", async () => {
    clock.set("2026-10-01T02:00:00+08:00");
    const r = await intakeContact(t.ctx, actors.operator, "nanning", complaint(clock.value, { channel: "wechat", type: "help" }));
    expect(r.ok && r.value.ticket?.number).toMatch(/^NN20261001\d{6}$/);
    if (r.ok && r.value.ticket) expect(local(r.value.ticket.dispatchDue)).toBe("2026-10-02T02:00:00.000+08:00");
  });

  it("GZ-2 ticket numbers are unique per platform and counted per day", async () => {
    clock.set("2026-11-10T09:00:00+08:00");
    const a = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    const b = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    expect(Number(b.number.slice(-6))).toBe(Number(a.number.slice(-6)) + 1);
  });

  it("an Idempotency-Key makes a channel's retry answer the first ticket, never a second", async () => {
    clock.set("2026-11-10T10:00:00+08:00");
    const input = complaint(clock.value, { channel: "app" });
    const [a, b] = await Promise.all([
      intakeContact(t.ctx, actors.operator, "guangzhou", input, "app-msg-7781"),
      intakeContact(t.ctx, actors.operator, "guangzhou", input, "app-msg-7781"),
    ]);
    if (!a.ok || !b.ok) throw new Error("intake refused");
    expect(a.value.ticket?.id).toBe(b.value.ticket?.id);
    expect([a.value.replayed, b.value.replayed].sort()).toEqual([false, true]);
    const n = await t.ctx.db.execute(sql`select count(*)::int as n from contact where id = ${a.value.contactId}`);
    expect((n as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
  });

  it("bad input is refused with the field named in Chinese and English, storing nothing", async () => {
    const count = async () => ((await t.ctx.db.execute(sql`select count(*)::int as n from contact`)) as unknown as { rows: { n: number }[] }).rows[0]?.n;
    const before = await count();
    const r = await intakeContact(t.ctx, actors.operator, "guangzhou", complaint(clock.value, { requester: { name: "李四", phone: "12345", kind: "person" } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "INVALID_ARGUMENT", field: "requester.phone" });
    const empty = await intakeContact(t.ctx, actors.operator, "guangzhou", complaint(clock.value, { content: "   " }));
    if (!empty.ok) expect(empty.error).toMatchObject({ field: "content", rule: "GX-25.1" });
    expect(await count()).toBe(before);
  });

  it.each([
    ["GZ-11.1", { decision: "emergency_transfer", emergencyLine: "119" }],
    ["GZ-11.2", { decision: "legal_channel", channelKind: "litigation" }],
    ["GZ-11.3", { decision: "other_authority", authority: "peoples_congress" }],
    ["GZ-11.5", { decision: "confidential_matter", secretKind: "privacy" }],
  ] as const)("%s a contact decided without a ticket is recorded with its reason", async (rule, outcome) => {
    const r = await intakeContact(t.ctx, actors.operator, "guangzhou", complaint(clock.value, { outcome }));
    expect(r.ok && { decision: r.value.decision, rule: r.value.rule, ticket: r.value.ticket }).toEqual({ decision: outcome.decision, rule, ticket: undefined });
  });

  it("GZ-11.1 an emergency transferred at intake shows in the caller's history with the line it went to", async () => {
    const { requesterHistoryOf } = await import("../../src/app/tickets/ticket-queries.ts");
    const r = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, {
        requester: { name: "周十", phone: "13711112222", kind: "person" },
        outcome: { decision: "emergency_transfer", emergencyLine: "119" },
      }),
    );
    expect(r.ok).toBe(true);
    const h = await requesterHistoryOf(t.ctx, actors.operator, "guangzhou", "13711112222");
    expect(h.ok && h.value.contacts.map((c) => [c.decision, c.emergencyLine])).toEqual([["emergency_transfer", "119"]]);
  });

  it("GX-21.1 out of the region's jurisdiction: not accepted, recorded", async () => {
    const r = await intakeContact(t.ctx, actors.operator, "guangxi", complaint(clock.value, { outcome: { decision: "out_of_jurisdiction" } }));
    expect(r.ok && r.value.rule).toBe("GX-21.1");
  });

  it("GZ-13.1 a consultation answered from the knowledge base is closed at intake with the article recorded; an unknown or withdrawn article is refused", async () => {
    const { createArticle, decideArticle } = await import("../../src/app/knowledge/knowledge-base.ts");
    const owner = await unitId(t.ctx, "GZ-D-RS");
    const admin = { id: "admin-1", name: "管理员", role: "admin" as const };
    const article = await createArticle(t.ctx, admin, "guangzhou", {
      content: { question: "社保卡怎么补办", answer: "携带身份证到就近网点。", ownerUnitId: owner, validFrom: "2020-01-01" },
      reason: "新增",
    });
    if (!article.ok) throw new Error(article.error.en);
    const r = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, {
        type: "consultation",
        outcome: { decision: "direct_answer", knowledgeArticleId: article.value.id, answer: "社保卡补办请携带身份证到就近网点。" },
      }),
    );
    expect(r.ok && { rule: r.value.rule, ticket: r.value.ticket }).toEqual({ rule: "GZ-13.1", ticket: undefined });
    const unknown = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, { type: "consultation", outcome: { decision: "direct_answer", knowledgeArticleId: "KB-0042", answer: "x" } }),
    );
    expect(!unknown.ok && unknown.error.field).toBe("outcome.knowledgeArticleId");
    await decideArticle(t.ctx, admin, article.value.id, 1, "withdraw", "停用");
    const withdrawn = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, { type: "consultation", outcome: { decision: "direct_answer", knowledgeArticleId: article.value.id, answer: "x" } }),
    );
    expect(!withdrawn.ok && withdrawn.error.field).toBe("outcome.knowledgeArticleId");
    const refusedType = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, { outcome: { decision: "direct_answer", knowledgeArticleId: "KB-1", answer: "x" } }),
    );
    expect(!refusedType.ok && refusedType.error.field).toBe("type");
  });

  it("GZ-11.4 a matter already being handled: the contact is linked to the existing ticket", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    const r = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, { outcome: { decision: "progress_notice", linkedTicketId: tk.id } }),
    );
    expect(r.ok && r.value.rule).toBe("GZ-11.4");
    const rows = await t.ctx.db.execute(sql`select count(*)::int as n from contact where linked_ticket_id = ${tk.id}`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
  });

  it("GZ-12 GZ-27 abusive conduct is recorded against the requester and shown at the next contact; nothing is deleted", async () => {
    const phone = "13912345678";
    const r = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, {
        requester: { phone, kind: "person" },
        outcome: { decision: "abusive_invalid", abuseKind: "insult", note: "来电辱骂话务员，已劝导" },
      }),
    );
    expect(r.ok && r.value.rule).toBe("GZ-12");
    const h = await requesterHistory(t.ctx.db, "guangzhou", phone, t.ctx.now());
    expect(h.notes).toEqual([expect.objectContaining({ kind: "insult", note: "来电辱骂话务员，已劝导" })]);
    await expect(t.ctx.db.execute(sql`delete from requester_note where requester_phone = ${phone}`)).rejects.toThrow();
  });

  it("GX-21.4 matters against public order are not accepted and the requester is advised", async () => {
    const r = await intakeContact(
      t.ctx,
      actors.operator,
      "guangxi",
      complaint(clock.value, { outcome: { decision: "abusive_invalid", abuseKind: "public_order", note: "已劝导" } }),
    );
    expect(r.ok && r.value.rule).toBe("GX-21.4");
  });
});

describe("the ticket lifecycle, Guangzhou", () => {
  it("GZ-17.2 GZ-19 GZ-20 intake → dispatch → sign → feedback → review → callback → conclude → archive, replaying to the stored state", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    clock.set("2026-11-02T10:00:00+08:00");
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    expect(tk.status).toBe("awaiting_sign");
    expect(local(tk.clock?.due)).toBe("2026-11-16T23:59:59.999+08:00");
    expect(local(tk.assignment?.checkDue)).toBe("2026-11-04T23:59:59.999+08:00");
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    clock.set("2026-11-09T15:00:00+08:00");
    tk = await must(t.ctx, actors.unit(TH), tk, {
      kind: "submitFeedback",
      handledAt: clock.value - 3_600_000,
      process: "现场核查，责令施工单位22时后停工",
      result: "已停止夜间施工",
      requesterInformedBy: "phone",
    });
    expect(tk.status).toBe("awaiting_review");
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "答复完整" });
    expect(tk.status).toBe("awaiting_callback");
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "satisfied" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "conclude" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "archive" });
    expect(tk).toMatchObject({ status: "archived", rating: "satisfied", version: 8 });
    const events = await loadTicketEvents(t.ctx.db, tk.id);
    expect(events.map((e) => e.data.type)).toEqual([
      "TicketCreated",
      "Dispatched",
      "Signed",
      "FeedbackSubmitted",
      "FeedbackReviewed",
      "Rated",
      "Concluded",
      "Archived",
    ]);
    expect(events[1]).toMatchObject({ rule: "GZ-17.2", actor: { role: "dispatcher" } });
    await expectReplayMatches(tk.id);
  });

  it("GZ-19 feedback lacks a required item: refused naming the field; review sends it back without recomputing the limit", async () => {
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    const missing = await refused(t.ctx, actors.unit(TH), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "已处理",
      result: "",
      requesterInformedBy: "sms",
    });
    expect(missing).toMatchObject({ field: "result", rule: "GZ-19" });
    tk = await must(t.ctx, actors.unit(TH), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "已处理",
      result: "已答复",
      requesterInformedBy: "sms",
    });
    const due = tk.clock?.due;
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: false, reason: "答复不具针对性" });
    expect(tk).toMatchObject({ status: "handling", reviewSendBacks: 1 });
    expect(tk.clock?.due).toBe(due);
    const last = (await loadTicketEvents(t.ctx.db, tk.id)).at(-1);
    expect(last?.rule).toBe("GZ-19");
  });

  it("GZ-19 work done by an executing unit is reviewed by the handling unit before it reaches the hotline", async () => {
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "designateExecutingUnit", unitId: TH_WS });
    tk = await must(t.ctx, actors.unit(TH_WS), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "街道执法队到场",
      result: "已整改",
      requesterInformedBy: "visit",
    });
    expect(tk.status).toBe("awaiting_unit_review");
    expect(await refused(t.ctx, actors.unit(TH_WS), tk, { kind: "reviewUnitFeedback", approved: true, reason: "同意" })).toMatchObject({
      code: "NOT_ASSIGNED",
    });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "reviewUnitFeedback", approved: true, reason: "同意上报" });
    expect(tk.status).toBe("awaiting_review");
  });

  it("GZ-14 a return after 2 working days from the day after receipt is refused: the unit must handle it", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    clock.set("2026-11-05T09:00:00+08:00");
    expect(
      await refused(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位职责", legalBasis: "三定方案" }),
    ).toMatchObject({ code: "RETURN_WINDOW_CLOSED", rule: "GZ-14" });
    clock.set("2026-11-04T23:00:00+08:00");
    expect(await refused(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位职责" })).toMatchObject({
      field: "legalBasis",
      rule: "GZ-14",
    });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位职责", legalBasis: "三定方案" });
    expect(tk.status).toBe("awaiting_return_decision");
  });

  it("GZ-15.1 GZ-15.2 return refused keeps the limit; approved and redispatched computes it anew", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    const firstDue = tk.clock?.due;
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "属住建部门职责", legalBasis: "物业管理条例" });
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "refuse", reason: "属地管理，由区政府办理" });
    expect(tk.status).toBe("handling");
    expect(tk.clock?.due).toBe(firstDue);
    expect((await loadTicketEvents(t.ctx.db, tk.id)).at(-1)?.rule).toBe("GZ-15.2");

    clock.set("2026-11-03T11:00:00+08:00");
    tk = await must(t.ctx, actors.unit(TH), tk, {
      kind: "requestReturn",
      reasonCode: "not_our_duty",
      reason: "属住建部门职责",
      legalBasis: "物业管理条例第十条",
    });
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "approve", reason: "同意退回" });
    expect(tk).toMatchObject({ status: "awaiting_dispatch", returnsCount: 1 });
    clock.set("2026-11-04T09:00:00+08:00");
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: ZJ });
    expect(local(tk.clock?.due)).toBe("2026-11-18T23:59:59.999+08:00");
    const ev = (await loadTicketEvents(t.ctx.db, tk.id)).at(-1);
    expect(ev).toMatchObject({ rule: "GZ-15.1", data: { type: "Dispatched", redispatch: true, deadline: { cause: "redispatched" } } });
  });

  it("GZ-15.3 GX-18 several units: the first unit leads, the others assist, and the limit is computed anew", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "涉及住建部门", legalBasis: "职责分工" });
    clock.set("2026-11-03T09:00:00+08:00");
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "multi_unit", reason: "区政府主办，市住建局协办", assistingUnitIds: [ZJ] });
    expect(tk.assignment).toMatchObject({ leadUnitId: TH, assistingUnitIds: [ZJ] });
    expect(local(tk.clock?.due)).toBe("2026-11-17T23:59:59.999+08:00");
    expect((await loadTicketEvents(t.ctx.db, tk.id)).at(-1)?.rule).toBe("GZ-15.3");
  });

  it("GZ-16 returned three times becomes a difficult case: decided after consulting the right body, and the decided unit may not return it", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    for (const [i, unit] of [TH, HZ, ZJ].entries()) {
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: unit });
      tk = await must(t.ctx, actors.unit(unit), tk, {
        kind: "requestReturn",
        reasonCode: "not_our_duty",
        reason: `第${i + 1}次退回：不属本单位`,
        legalBasis: "职责清单",
      });
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "approve", reason: "同意" });
    }
    expect(tk).toMatchObject({ returnsCount: 3, difficult: true, status: "awaiting_dispatch" });
    expect(await refused(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH })).toMatchObject({ field: "consultation", rule: "GZ-16" });
    const wrongBody = await refused(t.ctx, actors.dispatcher, tk, {
      kind: "dispatch",
      leadUnitId: TH,
      consultation: { disputeKind: "unclear_duties", consultedUnitId: FGW, opinion: "x" },
    });
    expect(wrongBody).toMatchObject({ field: "consultation.consultedUnitId", rule: "GZ-16" });
    tk = await must(t.ctx, actors.dispatcher, tk, {
      kind: "dispatch",
      leadUnitId: TH,
      consultation: { disputeKind: "unclear_duties", consultedUnitId: BZB, opinion: "依三定规定由属地区政府负责" },
    });
    expect(tk.difficultDecision).toMatchObject({ disputeKind: "unclear_duties", consultedUnitId: BZB });
    expect(await refused(t.ctx, actors.unit(TH), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "再次退回", legalBasis: "x" })).toMatchObject(
      { code: "RETURN_NOT_ALLOWED", rule: "GZ-16" },
    );
    await expectReplayMatches(tk.id);
  });

  it("GZ-18 extended twice before the deadline, then a third is refused", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    for (const [applied, expected] of [
      ["2026-11-13T10:00:00+08:00", "2026-11-30"],
      ["2026-11-27T10:00:00+08:00", "2026-12-14"],
    ] as const) {
      clock.set(applied);
      tk = await must(t.ctx, actors.unit(TH), tk, { kind: "requestExtension", reason: "需协调多个部门" });
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideExtension", approved: true, reason: "同意延期" });
      expect(local(tk.clock?.due)?.slice(0, 10)).toBe(expected);
    }
    clock.set("2026-12-10T10:00:00+08:00");
    expect(await refused(t.ctx, actors.unit(TH), tk, { kind: "requestExtension", reason: "仍需时间" })).toMatchObject({
      code: "EXTENSION_LIMIT_REACHED",
      rule: "GZ-18",
    });
  });

  it("GZ-18 an extension asked after the deadline is refused", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    clock.set("2026-11-17T09:00:00+08:00");
    expect(await refused(t.ctx, actors.unit(TH), tk, { kind: "requestExtension", reason: "来不及" })).toMatchObject({
      code: "EXTENSION_TOO_LATE",
      rule: "GZ-18",
    });
  });

  it("GZ-20 unsatisfied, re-handled with a new limit and no extension, unsatisfied again, then concluded", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    const feedback = { kind: "submitFeedback", handledAt: clock.value, process: "已协调", result: "已处理", requesterInformedBy: "phone" } as const;
    tk = await must(t.ctx, actors.unit(TH), tk, feedback);
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "合格" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "unsatisfied", note: "问题未解决" });
    clock.set("2026-11-10T10:00:00+08:00");
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "orderRehandling", reason: "诉求人反映仍有施工" });
    expect(tk).toMatchObject({ status: "handling" });
    expect(tk.clock).toMatchObject({ phase: "rehandling", rehandlings: 1, rule: "GZ-20" });
    expect(local(tk.clock?.due)).toBe("2026-11-24T23:59:59.999+08:00");
    expect(await refused(t.ctx, actors.unit(TH), tk, { kind: "requestExtension", reason: "需要时间" })).toMatchObject({
      code: "EXTENSION_NOT_ALLOWED",
      rule: "GZ-20",
    });
    tk = await must(t.ctx, actors.unit(TH), tk, { ...feedback, handledAt: clock.value });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "合格" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "unsatisfied" });
    expect(await refused(t.ctx, actors.reviewer, tk, { kind: "orderRehandling", reason: "再次重办" })).toMatchObject({
      code: "REHANDLE_LIMIT_REACHED",
      rule: "GZ-20",
    });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "conclude", note: "已重办一次，依规办结" });
    expect(tk.status).toBe("concluded");
    await expectReplayMatches(tk.id);
  });

  it("GZ-17 new information accepted by the unit restarts the limit; GZ-17 force majeure sets it with a reason", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    clock.set("2026-11-05T10:00:00+08:00");
    tk = await must(t.ctx, actors.operator, tk, { kind: "addInformation", text: "诉求人补充：施工方已更换为夜间22点后作业" });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "decideInformation", relevant: true, explanation: "影响办理，已向诉求人说明" });
    expect(local(tk.clock?.due)).toBe("2026-11-19T23:59:59.999+08:00");
    tk = await must(t.ctx, actors.supervisor, tk, {
      kind: "adjustDeadline",
      due: Date.parse("2026-12-04T23:59:59.999+08:00"),
      reason: "台风影响，全市停工三天",
    });
    expect(tk.clock).toMatchObject({ due: Date.parse("2026-12-04T23:59:59.999+08:00"), rule: "GZ-17" });
    expect(await refused(t.ctx, actors.dispatcher, tk, { kind: "adjustDeadline", due: Date.parse("2026-12-10T00:00:00+08:00"), reason: "x" })).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("GZ-21 a statutory procedure: the result is due 3 working days after it ends; a long-running plan sets stage reports", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "fileLongRunningPlan", plan: "分三期整治施工噪声" });
    expect(local(tk.longRunningPlan?.nextStageDue)).toBe("2026-11-30T23:59:59.999+08:00");
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "startStatutoryProcedure", description: "行政处罚立案调查" });
    expect(
      await refused(t.ctx, actors.unit(TH), tk, { kind: "submitFeedback", handledAt: clock.value, process: "x", result: "y", requesterInformedBy: "sms" }),
    ).toMatchObject({ code: "PROCEDURE_RUNNING" });
    clock.set("2026-12-30T16:00:00+08:00");
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "endStatutoryProcedure" });
    expect(local(tk.clock?.due)).toBe("2027-01-05T23:59:59.999+08:00");
    expect(tk.clock?.provisional).toBe(true);
  });
});

describe("the ticket lifecycle, Guangxi", () => {
  it("GX-26.7 an urgent ticket signed after 30 minutes is flagged late; GX-26.3 its return window is 30 minutes after signing", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const ws = await unitId(t.ctx, "NN-QX");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { type: "help", urgent: true, content: "小区停水两天，老人无法做饭" }));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: ws, unitPhoned: { at: clock.value, person: "值班员刘" } });
    expect(local(tk.assignment?.signDue)).toBe("2026-11-02T09:30:00.000+08:00");
    expect(local(tk.clock?.due)).toBe("2026-11-03T09:00:00.000+08:00");
    clock.set("2026-11-02T09:45:00+08:00");
    tk = await must(t.ctx, actors.unit(ws), tk, { kind: "sign" });
    expect(tk.assignment).toMatchObject({ signedLate: true });
    expect((await loadTicketEvents(t.ctx.db, tk.id)).at(-1)?.rule).toBe("GX-26.7");
    clock.set("2026-11-02T10:16:00+08:00");
    expect(await refused(t.ctx, actors.unit(ws), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "非本单位" })).toMatchObject({
      code: "RETURN_WINDOW_CLOSED",
      rule: "GX-26.3",
    });
  });

  it("GX-26.3 a return is asked within 1 working day after signing, with a reason (no legal basis required)", async () => {
    clock.set("2026-11-06T16:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-ZJ");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
    expect(await refused(t.ctx, actors.unit(u), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "x" })).toMatchObject({
      code: "COMMAND_NOT_ALLOWED",
      rule: "GX-26.3",
    });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
    expect(local(tk.assignment?.checkDue)).toBe("2026-11-09T23:59:59.999+08:00");
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "属城管部门职责" });
    expect(tk.status).toBe("awaiting_return_decision");
  });

  it("GX-27.2 no rating within 24 hours of the satisfaction request counts as satisfied and concludes", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-CG");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(u), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "到场处理",
      result: "已解决",
      requesterInformedBy: "phone",
    });
    clock.set("2026-11-03T10:00:00+08:00");
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "合格" });
    expect(local(tk.satisfactionDefaultDue)).toBe("2026-11-04T10:00:00.000+08:00");
    clock.set("2026-11-04T09:59:00+08:00");
    expect(await refused(t.ctx, actors.system, tk, { kind: "applyDefaultSatisfaction" })).toMatchObject({ code: "NOT_DUE", rule: "GX-27.2" });
    clock.set("2026-11-04T10:00:00+08:00");
    tk = await must(t.ctx, actors.system, tk, { kind: "applyDefaultSatisfaction" });
    expect(tk).toMatchObject({ status: "concluded", rating: "satisfied", countsSatisfied: true, ratingDefaulted: true });
  });

  it("GX-26.1 the unit records its contacts with the requester after receiving the ticket; the policy's time for the first is set at dispatch", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-CG");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
    expect(local(tk.assignment?.firstContactDue)).toBe("2026-11-03T23:59:59.999+08:00");
    expect(await refused(t.ctx, actors.unit(u), tk, { kind: "contactRequester", method: "phone", note: "已电话联系" })).toMatchObject({
      code: "COMMAND_NOT_ALLOWED",
    });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
    clock.set("2026-11-02T15:00:00+08:00");
    expect(
      await refused(t.ctx, actors.unit(u), tk, {
        kind: "contactRequester",
        method: "phone",
        note: "已联系",
        contactedAt: Date.parse("2026-11-02T16:00:00+08:00"),
      }),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "contactedAt" });
    expect(await refused(t.ctx, actors.unit(u), tk, { kind: "contactRequester", method: "phone", note: "  " })).toMatchObject({ field: "note" });
    expect(await refused(t.ctx, actors.reviewer, tk, { kind: "contactRequester", method: "phone", note: "已联系" })).toMatchObject({ code: "FORBIDDEN" });
    tk = await must(t.ctx, actors.unit(u), tk, {
      kind: "contactRequester",
      method: "phone",
      note: "已电话联系诉求人，约定明早到场",
      contactedAt: Date.parse("2026-11-02T14:30:00+08:00"),
    });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "contactRequester", method: "visit", note: "到场查看" });
    expect(tk.requesterContacts?.map((c) => [c.method, local(c.at), c.unitId])).toEqual([
      ["phone", "2026-11-02T14:30:00.000+08:00", u],
      ["visit", "2026-11-02T15:00:00.000+08:00", u],
    ]);
    const [event] = (await loadTicketEvents(t.ctx.db, tk.id)).filter((e) => e.data.type === "RequesterContacted");
    expect(event).toMatchObject({ command: "contactRequester", rule: "GX-26.1" });
    // Guangzhou's regulation sets no time for it: recorded, with no limit and no rule.
    const gz = await unitId(t.ctx, "GZ-TH");
    let g = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    g = await must(t.ctx, actors.dispatcher, g, { kind: "dispatch", leadUnitId: gz });
    g = await must(t.ctx, actors.unit(gz), g, { kind: "sign" });
    expect(g.assignment?.firstContactDue).toBeUndefined();
    g = await must(t.ctx, actors.unit(gz), g, { kind: "contactRequester", method: "sms", note: "短信告知已受理" });
    const [ge] = (await loadTicketEvents(t.ctx.db, g.id)).filter((e) => e.data.type === "RequesterContacted");
    expect(ge?.rule).toBeUndefined();
  });

  it("GX-8 a county workstation's unit handles a city ticket; GX-26.2 help requests get the city's derived 2-day limit (GX-38)", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const county = await unitId(t.ctx, "NN-BY-ZJ");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { type: "help" }));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: county });
    expect(local(tk.clock?.due)).toBe("2026-11-04T23:59:59.999+08:00");
    expect(tk.clock?.rule).toBe("GX-38");
  });
});

describe("nothing lost", () => {
  it("two people acting on the same version at once: one wins, the other gets VERSION_CONFLICT; nothing doubled", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    const [a, b] = await Promise.all([
      runTicketCommand(t.ctx, actors.dispatcher, tk.id, tk.version, { kind: "dispatch", leadUnitId: TH }),
      runTicketCommand(t.ctx, { ...actors.dispatcher, id: "disp-2" }, tk.id, tk.version, { kind: "dispatch", leadUnitId: HZ }),
    ]);
    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser && !loser.ok && loser.error).toMatchObject({ code: "VERSION_CONFLICT", field: "version" });
    expect((await loadTicketEvents(t.ctx.db, tk.id)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it("a refused command changes nothing: same version, same events", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    await refused(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    expect(await loadTicket(t.ctx.db, tk.id)).toEqual(tk);
    expect(await loadTicketEvents(t.ctx.db, tk.id)).toHaveLength(1);
  });

  it("ticket events are append-only: UPDATE and DELETE are refused by the database", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    await expect(t.ctx.db.execute(sql`update ticket_event set rule = 'X-1' where ticket_id = ${tk.id}`)).rejects.toThrow();
    await expect(t.ctx.db.execute(sql`delete from ticket_event where ticket_id = ${tk.id}`)).rejects.toThrow();
  });
});

describe("force majeure", () => {
  it("GZ-17 one action adjusts the limits of many tickets with one reason; tickets it cannot apply to are listed, not lost", async () => {
    const { adjustDeadlines } = await import("../../src/app/tickets/adjust-deadlines.ts");
    clock.set("2026-11-02T09:00:00+08:00");
    const running = [];
    for (let i = 0; i < 3; i++) {
      let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
      running.push(tk.id);
    }
    const notDispatched = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    const due = Date.parse("2026-11-30T23:59:59.999+08:00");
    const r = await adjustDeadlines(t.ctx, actors.supervisor, [...running, notDispatched.id], due, "台风红色预警，全市停课停工");
    expect(r.adjusted.sort()).toEqual([...running].sort());
    expect(r.refused).toEqual([{ ticketId: notDispatched.id, error: expect.objectContaining({ code: "COMMAND_NOT_ALLOWED" }) }]);
    for (const id of running) {
      const ev = (await loadTicketEvents(t.ctx.db, id)).at(-1);
      expect(ev).toMatchObject({
        rule: "GZ-17",
        actor: { role: "supervisor" },
        data: { type: "DeadlineAdjusted", reason: "台风红色预警，全市停课停工", clock: { due } },
      });
    }
  });
});

describe("Guangxi's own steps", () => {
  it.each([
    ["GX-14", { decision: "emergency_transfer", emergencyLine: "120" }, "GX-21.3"],
    ["GX-21.2", { decision: "legal_channel", channelKind: "petition" }, "GX-21.2"],
    ["GX-21.2", { decision: "other_authority", authority: "procuratorate" }, "GX-21.2"],
    ["GX-21.3", { decision: "confidential_matter", secretKind: "state" }, "GX-21.3"],
  ] as const)("%s a contact not accepted is recorded with the reason and the rule %s", async (_id, outcome, rule) => {
    const r = await intakeContact(t.ctx, actors.operator, "nanning", complaint(clock.value, { outcome }));
    expect(r.ok && { rule: r.value.rule, ticket: r.value.ticket }).toEqual({ rule, ticket: undefined });
  });

  it.each(["phone", "web", "wechat", "app", "mailbox", "gov_platform", "gov_cn", "subcentre", "dual_number"] as const)(
    "GX-2 GZ-2 the channel %s is taken and recorded on the ticket",
    async (channel) => {
      const tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { channel }));
      expect(tk.channel).toBe(channel);
    },
  );

  it.each(["consultation", "help", "complaint", "report", "suggestion", "praise"] as const)("GX-20 GZ-11 the request type %s is taken", async (type) => {
    const tk = await newTicket(t.ctx, "guangxi", complaint(clock.value, { type }));
    expect(tk.type).toBe(type);
  });

  it("GX-25.2 an urgent ticket is dispatched only with the phone call to the unit recorded", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-CG");
    const tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { urgent: true, type: "help" }));
    expect(await refused(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u })).toMatchObject({ field: "unitPhoned", rule: "GX-25.2" });
    const done = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u, unitPhoned: { at: clock.value, person: "值班员黄" } });
    expect(done.assignment?.unitPhoned).toEqual({ at: clock.value, person: "值班员黄" });
  });

  it("GX-27.3 an unsatisfied result is reviewed, the requester called back and the reasons fed to the unit before concluding", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-SJ");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(u), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "约谈商家",
      result: "已退款",
      requesterInformedBy: "phone",
    });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "unsatisfied" });
    expect(await refused(t.ctx, actors.reviewer, tk, { kind: "conclude" })).toMatchObject({ code: "UNSATISFIED_REVIEW_REQUIRED", rule: "GX-27.3" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewUnsatisfied", reasons: "退款金额不足", calledBack: true });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "conclude" });
    expect(tk.status).toBe("concluded");
    expect((await loadTicketEvents(t.ctx.db, tk.id)).find((e) => e.data.type === "UnsatisfiedReviewed")?.rule).toBe("GX-27.3");
  });

  it("GX-26.4 the unit's feedback lists handling time, process, result and how the requester was told, with attachments", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-RS");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
    expect(
      await refused(t.ctx, actors.unit(u), tk, { kind: "submitFeedback", handledAt: clock.value, process: "", result: "x", requesterInformedBy: "sms" }),
    ).toMatchObject({ field: "process", rule: "GX-26.4" });
    const files = [];
    for (const [name, bytes] of [
      ["台账.jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1])],
      ["回执.pdf", new TextEncoder().encode("%PDF-1.7\n")],
    ] as const) {
      const a = await addAttachment(t.ctx, actors.unit(u), tk, { name, bytes });
      if (!a.ok) throw new Error(a.error.en);
      files.push(a.value.id);
    }
    expect(
      await refused(t.ctx, actors.unit(u), tk, {
        kind: "submitFeedback",
        handledAt: clock.value - 60_000,
        process: "p",
        result: "r",
        requesterInformedBy: "phone",
        attachments: ["台账.jpg"],
      }),
    ).toMatchObject({ field: "attachments.0" });
    tk = await must(t.ctx, actors.unit(u), tk, {
      kind: "submitFeedback",
      handledAt: clock.value - 60_000,
      process: "调取工资台账",
      result: "企业已补发工资",
      requesterInformedBy: "phone",
      attachments: files,
    });
    expect(tk.feedback).toMatchObject({ handledAt: clock.value - 60_000, requesterInformedBy: "phone", attachments: files });
  });

  it("GX-19 a disputed ticket returned three times is decided after a joint consultation with any relevant department", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const [a, b, c, bzb] = await Promise.all(["NN-D-CG", "NN-D-ZJ", "NN-QX", "NN-BZB"].map((x) => unitId(t.ctx, x)));
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    for (const unit of [a, b, c] as string[]) {
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: unit });
      tk = await must(t.ctx, actors.unit(unit), tk, { kind: "sign" });
      tk = await must(t.ctx, actors.unit(unit), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "职责不清" });
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "approve", reason: "同意" });
    }
    expect(tk.difficult).toBe(true);
    expect((await loadTicketEvents(t.ctx.db, tk.id)).at(-1)?.rule).toBe("GX-19");
    tk = await must(t.ctx, actors.dispatcher, tk, {
      kind: "dispatch",
      leadUnitId: a as string,
      assistingUnitIds: [b as string],
      consultation: { disputeKind: "unclear_duties", consultedUnitId: bzb as string, opinion: "联席会议确定城管局主办、住建局协办" },
    });
    expect(tk.assignment).toMatchObject({ leadUnitId: a, assistingUnitIds: [b] });
  });

  it("GX-3 GZ-6 handling units are district governments, departments and workstations' county units; an inactive or foreign unit is refused", async () => {
    const gzUnit = TH;
    const tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    expect(await refused(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: gzUnit })).toMatchObject({
      code: "INVALID_ARGUMENT",
      field: "leadUnitId",
    });
  });
});

describe("repeat requests (GZ-22)", () => {
  it("GZ-22 after the unit files a written statement on a concluded matter, a repeat by the requester is closed by reference, not handled again", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(TH), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "依法处理",
      result: "已依法办结",
      requesterInformedBy: "letter",
    });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "unsatisfied" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "conclude", note: "依法办结" });
    const early = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, { outcome: { decision: "closed_by_reference", statementTicketId: tk.id } }),
    );
    expect(!early.ok && early.error).toMatchObject({ code: "NO_WRITTEN_STATEMENT", rule: "GZ-22" });
    tk = await must(t.ctx, actors.unit(TH), tk, {
      kind: "fileWrittenStatement",
      statement: "该事项已依法处理完毕，处理结果及依据如下……",
      legalBasis: "《广州市建筑施工噪声管理规定》",
    });
    const repeat = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, { outcome: { decision: "closed_by_reference", statementTicketId: tk.id } }),
    );
    expect(repeat.ok && { rule: repeat.value.rule, ticket: repeat.value.ticket }).toEqual({ rule: "GZ-22", ticket: undefined });
  });

  it("GZ-22 another requester's contact about the same matter is not closed by the first requester's written statement: refused naming the phone, nothing recorded", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    tk = await must(t.ctx, actors.unit(TH), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(TH), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "依法处理",
      result: "已依法办结",
      requesterInformedBy: "letter",
    });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "unsatisfied" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "conclude", note: "依法办结" });
    tk = await must(t.ctx, actors.unit(TH), tk, {
      kind: "fileWrittenStatement",
      statement: "该事项已依法处理完毕",
      legalBasis: "《广州市建筑施工噪声管理规定》",
    });
    const { sql } = await import("drizzle-orm");
    const count = async () =>
      ((await t.ctx.db.execute(sql`select count(*)::int as n from contact where linked_ticket_id = ${tk.id}`)) as unknown as { rows: { n: number }[] }).rows[0]
        ?.n;
    const before = await count();
    const other = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, {
        requester: { name: "孙八", phone: "13900009999", kind: "person" },
        outcome: { decision: "closed_by_reference", statementTicketId: tk.id },
      }),
    );
    expect(!other.ok && other.error).toMatchObject({ code: "NOT_SAME_REQUESTER", field: "requester.phone", rule: "GZ-22" });
    const anonymous = await intakeContact(
      t.ctx,
      actors.operator,
      "guangzhou",
      complaint(clock.value, { requester: { kind: "person" }, outcome: { decision: "closed_by_reference", statementTicketId: tk.id } }),
    );
    expect(!anonymous.ok && anonymous.error.code).toBe("NOT_SAME_REQUESTER");
    expect(await count()).toBe(before);
  });
});

describe("merging contacts about one matter (并单)", () => {
  it("GZ-11.4 several tickets about one matter merge into one, keep every requester, and split again", async () => {
    const { mergeOrSplit } = await import("../../src/app/tickets/merge-tickets.ts");
    clock.set("2026-11-02T09:00:00+08:00");
    let a = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    a = await must(t.ctx, actors.dispatcher, a, { kind: "dispatch", leadUnitId: TH });
    const b = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { requester: { name: "赵六", phone: "13600000000", kind: "person" } }));
    const m = await mergeOrSplit(t.ctx, actors.dispatcher, "merge", b.id, a.id, "同一工地夜间施工");
    if (!m.ok) throw new Error(m.error.en);
    expect(m.value.source).toMatchObject({ status: "merged", mergedInto: a.id });
    expect(m.value.target.mergedTickets).toEqual([expect.objectContaining({ id: b.id, requester: expect.objectContaining({ name: "赵六" }) })]);
    const again = await mergeOrSplit(t.ctx, actors.dispatcher, "merge", b.id, a.id, "x");
    expect(!again.ok && again.error.code).toBe("COMMAND_NOT_ALLOWED");
    const s = await mergeOrSplit(t.ctx, actors.dispatcher, "split", b.id, a.id, "并非同一事项");
    if (!s.ok) throw new Error(s.error.en);
    expect(s.value.source.status).toBe("awaiting_dispatch");
    expect(s.value.target.mergedTickets).toEqual([]);
    await expectReplayMatches(a.id);
    await expectReplayMatches(b.id);
    const unit = await mergeOrSplit(t.ctx, actors.unit(TH), "merge", b.id, a.id, "x");
    expect(!unit.ok && unit.error.code).toBe("FORBIDDEN");
  });
});

describe("relay by workstations (GX-8)", () => {
  it("GX-8 a city ticket goes to the county workstation, which passes it to a county unit; the workstation reviews that unit's feedback", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const [ws, county] = (await Promise.all(["NN-BY-WS", "NN-BY-01"].map((c) => unitId(t.ctx, c)))) as [string, string];
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { location: { district: "宾阳县", subDistrict: "宾州镇" } }));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: ws });
    tk = await must(t.ctx, actors.unit(ws), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(ws), tk, { kind: "designateExecutingUnit", unitId: county });
    tk = await must(t.ctx, actors.unit(county), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "镇政府到场调查",
      result: "已处理",
      requesterInformedBy: "visit",
    });
    expect(tk.status).toBe("awaiting_unit_review");
    tk = await must(t.ctx, actors.unit(ws), tk, { kind: "reviewUnitFeedback", approved: true, reason: "工作站审核通过" });
    expect(tk.status).toBe("awaiting_review");
  });
});
