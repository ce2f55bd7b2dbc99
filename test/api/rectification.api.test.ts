import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepTimers } from "../../src/jobs/timer-sweeper.ts";
import { formatInstant } from "../../src/domain/calendar/local-date.ts";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { loadTicket } from "../../src/store/repositories/ticket.repository.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// 差评整改 (国办发〔2019〕51号; GX-27.3): every bad rating is called back by a person and rectified
// by the unit within the policy's limit, the hotline reviewing it; GZ-20's rehandling stays beside it.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let cg = "";

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
  cg = await unitId(t.ctx, "NN-D-CG");
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const local = (ms: number | undefined) => (ms === undefined ? undefined : formatInstant(ms, 480));

async function ratedBadly(jurisdiction: string, unit: string, rating: "unsatisfied" | "very_unsatisfied" | "satisfied", content: string): Promise<TicketState> {
  let tk = await newTicket(t.ctx, jurisdiction, complaint(clock.value, { content }));
  tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: unit });
  tk = await must(t.ctx, actors.unit(unit), tk, { kind: "sign" });
  tk = await must(t.ctx, actors.unit(unit), tk, {
    kind: "submitFeedback",
    handledAt: clock.value,
    process: "现场处理",
    result: "已处理",
    requesterInformedBy: "phone",
    solved: "partially_resolved",
  });
  tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "完整" });
  return must(t.ctx, actors.reviewer, tk, { kind: "rate", rating, solved: "partially_resolved" });
}

const post = async (tk: { id: string }, kind: string, body: Record<string, unknown>, role: string, unit?: string) => {
  const version = (await loadTicket(t.ctx.db, tk.id))!.version;
  const res = await fetch(`${server.url}/api/v1/tickets/${tk.id}/${kind}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${t.seed.adminToken}`,
      "x-act-as-role": role,
      "content-type": "application/json",
      ...(unit ? { "x-act-as-unit": unit } : {}),
    },
    body: JSON.stringify({ version, ...body }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe("差评整改: bad ratings rectified (51号, GX-27.3)", () => {
  it("51号 GX-27.3 a bad rating requires the unit's rectification within 15 working days; the unit files it, the hotline sends it back with a reason, then accepts it", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const tk = await ratedBadly("nanning", cg, "very_unsatisfied", "垃圾清运不及时");
    // By hand: 15 working days after Monday 2 November 2026 (no holiday in between) end on Monday 23 November.
    expect(tk.rectification).toMatchObject({ status: "awaiting", rule: "GX-27.3", rating: "very_unsatisfied" });
    expect(local(tk.rectification?.due)).toBe("2026-11-23T23:59:59.999+08:00");

    const empty = await post(tk, "fileRectification", { measures: " ", result: "已清运" }, "unit_handler", cg);
    expect([empty.status, empty.body.error.field]).toEqual([400, "measures"]);
    const early = await post(tk, "reviewRectification", { approved: true }, "reviewer");
    expect([early.status, early.body.error.code]).toEqual([409, "RECTIFICATION_CONFLICT"]);
    expect((await loadTicket(t.ctx.db, tk.id))?.version).toBe(tk.version);

    expect((await post(tk, "fileRectification", { measures: "约谈保洁公司负责人，增加清运频次", result: "已清运并每日巡查" }, "unit_handler", cg)).status).toBe(
      200,
    );
    const noReason = await post(tk, "reviewRectification", { approved: false }, "reviewer");
    expect([noReason.status, noReason.body.error.field]).toEqual([400, "reason"]);
    expect((await post(tk, "reviewRectification", { approved: false, reason: "未附巡查记录" }, "reviewer")).status).toBe(200);
    expect((await loadTicket(t.ctx.db, tk.id))?.rectification?.status).toBe("awaiting");
    expect((await post(tk, "fileRectification", { measures: "补充巡查记录", result: "已清运，巡查记录附后" }, "unit_handler", cg)).status).toBe(200);
    const accepted = await post(tk, "reviewRectification", { approved: true }, "reviewer");
    expect(accepted.status).toBe(200);
    const done = await loadTicket(t.ctx.db, tk.id);
    expect(done?.rectification).toMatchObject({
      status: "accepted",
      filings: [{ measures: "约谈保洁公司负责人，增加清运频次" }, { measures: "补充巡查记录" }],
      reviews: [{ approved: false, reason: "未附巡查记录" }, { approved: true }],
    });
  });

  it("51号 a rectification not filed by its limit is warned and then flagged; once accepted the flags go", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const tk = await ratedBadly("nanning", cg, "unsatisfied", "路灯不亮");
    clock.set("2026-11-24T09:00:00+08:00");
    await sweepTimers(t.ctx, "test");
    const late = await loadTicket(t.ctx.db, tk.id);
    expect(late?.flags).toEqual(expect.arrayContaining(["rectification_due_soon", "rectification_overdue"]));
    expect((await post(tk, "fileRectification", { measures: "更换灯具", result: "已亮灯" }, "unit_handler", cg)).status).toBe(200);
    expect((await post(tk, "reviewRectification", { approved: true }, "reviewer")).status).toBe(200);
    const after = await loadTicket(t.ctx.db, tk.id);
    expect(after?.flags.filter((f) => f.startsWith("rectification"))).toEqual([]);
  });

  it("GZ-20 in Guangzhou a bad rating requires its rectification too, and the one rehandling stays beside it; a rating that is not bad requires none, and filing one is refused naming the ticket", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const hz = await unitId(t.ctx, "GZ-HZ");
    const bad = await ratedBadly("guangzhou", hz, "unsatisfied", "噪声扰民");
    expect(bad.rectification).toMatchObject({ status: "awaiting", rule: "GZ-20" });
    expect((await must(t.ctx, actors.reviewer, bad, { kind: "orderRehandling", reason: "诉求人称仍有噪声" })).status).toBe("handling");
    const good = await ratedBadly("guangzhou", hz, "satisfied", "井盖已修");
    expect(good.rectification).toBeUndefined();
    const refused = await post(good, "fileRectification", { measures: "无", result: "无" }, "unit_handler", hz);
    expect([refused.status, refused.body.error.code, refused.body.error.field]).toEqual([404, "RECTIFICATION_NOT_FOUND", "id"]);
  });
});

describe("评价申诉: ratings appealed as malicious or unreasonable (51号)", () => {
  it("51号 the unit appeals a bad rating within the window with its statement; the hotline upholds it: the rating stays on record, out of the unit's satisfaction rate", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const tk = await ratedBadly("nanning", cg, "very_unsatisfied", "诉求人要求赔偿未果给差评");
    const other = await ratedBadly("nanning", cg, "satisfied", "路灯修好了");
    const rate = async () => {
      const q = `jurisdiction=nanning&groupBy=month&unit=${cg}&live=true&from=${encodeURIComponent("2026-11-01T00:00:00+08:00")}&to=${encodeURIComponent("2026-12-01T00:00:00+08:00")}`;
      const res = await fetch(`${server.url}/api/v1/analytics/counts?${q}`, {
        headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
      });
      const body = (await res.json()) as any;
      return body.rows[0] as { rated: number; satisfied: number };
    };
    const before = await rate();
    expect(await post(other, "appealRating", { ground: "malicious", statement: "满意的评价" }, "unit_handler", cg)).toMatchObject({
      status: 404,
      body: { error: { field: "id" } },
    });
    const blank = await post(tk, "appealRating", { ground: "malicious", statement: "  " }, "unit_handler", cg);
    expect([blank.status, blank.body.error.field]).toEqual([400, "statement"]);
    const badGround = await post(tk, "appealRating", { ground: "angry", statement: "x" }, "unit_handler", cg);
    expect([badGround.status, badGround.body.error.field]).toEqual([400, "ground"]);
    expect((await post(tk, "appealRating", { ground: "malicious", statement: "诉求人以差评要求不合理赔偿，通话录音为证" }, "unit_handler", cg)).status).toBe(
      200,
    );
    const again = await post(tk, "appealRating", { ground: "unreasonable", statement: "再次" }, "unit_handler", cg);
    expect([again.status, again.body.error.code]).toEqual([409, "RATING_APPEAL_CONFLICT"]);
    const noReason = await post(tk, "decideRatingAppeal", { upheld: true, reason: "" }, "supervisor");
    expect([noReason.status, noReason.body.error.field]).toEqual([400, "reason"]);
    expect((await post(tk, "decideRatingAppeal", { upheld: true, reason: "录音证实诉求人以评价施压" }, "supervisor")).status).toBe(200);
    const after = await loadTicket(t.ctx.db, tk.id);
    expect(after).toMatchObject({ rating: "very_unsatisfied", ratingAppeal: { status: "upheld", ground: "malicious", rule: "GX-27.3" } });
    // By hand: the unit's rated tickets lose the upheld one; its satisfied ones stay.
    const now = await rate();
    expect(now.rated).toBe(before.rated - 1);
    expect(now.satisfied).toBe(before.satisfied);
  });

  it("51号 an appeal after the window is refused naming the field, and nothing changes", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const tk = await ratedBadly("nanning", cg, "unsatisfied", "井盖缺失");
    // Five working days from Monday 2 November end on Monday 9 November.
    clock.set("2026-11-10T09:00:00+08:00");
    const late = await post(tk, "appealRating", { ground: "unreasonable", statement: "评价不合理" }, "unit_handler", cg);
    expect([late.status, late.body.error.code, late.body.error.field]).toEqual([422, "RATING_APPEAL_CLOSED", "ratedAt"]);
    expect((await loadTicket(t.ctx.db, tk.id))?.ratingAppeal).toBeUndefined();
  });
});

describe("the queues of a bad rating's work (51号)", () => {
  it("51号 the unit's 待整改, the hotline's 整改待审 and 申诉待裁定 list exactly the tickets waiting on each, within the unit's scope; a queue not known is refused naming the field", async () => {
    clock.set("2026-11-16T09:00:00+08:00");
    const toFile = await ratedBadly("nanning", cg, "unsatisfied", "路灯不亮");
    let toReview = await ratedBadly("nanning", cg, "very_unsatisfied", "占道经营");
    toReview = await must(t.ctx, actors.unit(cg), toReview, { kind: "fileRectification", measures: "清理占道摊点", result: "已清理" });
    let appealed = await ratedBadly("nanning", cg, "unsatisfied", "噪声扰民");
    appealed = await must(t.ctx, actors.unit(cg), appealed, { kind: "appealRating", ground: "malicious", statement: "诉求人以评价施压" });
    const other = await unitId(t.ctx, "NN-D-ZJ");
    const elsewhere = await ratedBadly("nanning", other, "unsatisfied", "积水");
    const list = async (work: string, role: string, unit?: string) => {
      const res = await fetch(`${server.url}/api/v1/tickets?jurisdiction=nanning&ratingWork=${work}&limit=200`, {
        headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": role, ...(unit ? { "x-act-as-unit": unit } : {}) },
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const ids = async (work: string, role: string, unit?: string) =>
      new Set(((await list(work, role, unit)).body.tickets as { id: string }[]).map((x) => x.id));
    const mine = await ids("rectification", "unit_handler", cg);
    expect([mine.has(toFile.id), mine.has(toReview.id), mine.has(appealed.id), mine.has(elsewhere.id)]).toEqual([true, false, true, false]);
    const review = await ids("rectification_review", "reviewer");
    expect([review.has(toFile.id), review.has(toReview.id), review.has(appealed.id)]).toEqual([false, true, false]);
    const appeals = await ids("rating_appeal", "supervisor");
    expect([appeals.has(toFile.id), appeals.has(toReview.id), appeals.has(appealed.id)]).toEqual([false, false, true]);
    // Every ticket listed is waiting on that work, as its state says.
    for (const id of review) expect((await loadTicket(t.ctx.db, id))?.rectification?.status).toBe("filed");
    for (const id of appeals) expect((await loadTicket(t.ctx.db, id))?.ratingAppeal?.status).toBe("pending");
    // Decided: out of the queue.
    await must(t.ctx, actors.reviewer, appealed, { kind: "decideRatingAppeal", upheld: false, reason: "证据不足" });
    expect((await ids("rating_appeal", "supervisor")).has(appealed.id)).toBe(false);
    const bad = await list("praise", "reviewer");
    expect([bad.status, bad.body.error.field]).toEqual([400, "ratingWork"]);
  });
});
