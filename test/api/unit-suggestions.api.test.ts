import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCatalogueEntry } from "../../src/app/dispatch/catalogue.ts";
import { retrainIntakeModels } from "../../src/app/assist/intake-models.ts";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// 派单建议的依据: the top-3 units for a ticket, each with the catalogue entry that names it (and its
// source), its record with the category and the model's score, read back through the API.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let TH: string;
let HZ: string;
let ZJ: string;
let entryId = "";
const done: TicketState[] = [];

async function concluded(units: string[], content: string): Promise<TicketState> {
  let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "物业管理", content }));
  for (const [i, u] of units.entries()) {
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u, overrideReason: "试派" });
    if (i < units.length - 1) {
      tk = await must(t.ctx, actors.unit(u), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位", legalBasis: "职责清单" });
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "approve", reason: "同意" });
    }
  }
  const last = units.at(-1)!;
  tk = await must(t.ctx, actors.unit(last), tk, { kind: "sign" });
  tk = await must(t.ctx, actors.unit(last), tk, {
    kind: "submitFeedback",
    handledAt: clock.value,
    process: "核查",
    result: "已处理",
    requesterInformedBy: "phone",
  });
  tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "完整" });
  tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "satisfied" });
  return must(t.ctx, actors.reviewer, tk, { kind: "conclude" });
}

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
  [TH, HZ, ZJ] = (await Promise.all(["GZ-TH", "GZ-HZ", "GZ-D-ZJ"].map((c) => unitId(t.ctx, c)))) as [string, string, string];
  const e = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
    category: "物业管理",
    district: "天河区",
    leadUnitId: TH,
    legalBasis: "属地管理",
    source: { kind: "power_list", document: "天河区人民政府权责清单", clause: "第5项" },
    reason: "新增",
  });
  if (!e.ok) throw new Error(e.error.en);
  entryId = e.value.id;
  // 天河区 concluded two 物业管理 tickets itself; one went to 海珠区 first and bounced to 住建局.
  done.push(await concluded([TH], "小区物业不作为，电梯长期故障"));
  clock.set("2026-11-03T09:00:00+08:00");
  done.push(await concluded([TH], "物业公司乱收停车费"));
  done.push(await concluded([HZ, ZJ], "物业维修基金使用不公开"));
  const trained = await retrainIntakeModels(t.ctx, { id: "admin-1", name: "管理员", role: "admin" }, "guangzhou");
  if (!trained.ok) throw new Error(trained.error.en);
  clock.set("2026-11-04T09:00:00+08:00");
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const get = async (id: string, role = "dispatcher", unit?: string) => {
  const res = await fetch(`${server.url}/api/v1/tickets/${id}/unit-suggestions`, {
    headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": role, ...(unit ? { "x-act-as-unit": unit } : {}) },
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe("unit suggestions with their evidence (派单建议)", () => {
  it("66号 the catalogue's unit comes first with its entry and source; each unit's record counts the category's tickets it concluded without a bounce, with the latest two", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "物业管理", content: "物业公司不按合同提供保洁服务" }));
    const r = await get(tk.id);
    expect(r.status).toBe(200);
    const [first, ...rest] = r.body.suggestions;
    expect(first).toMatchObject({
      rank: 1,
      unitId: TH,
      unitName: "天河区人民政府",
      catalogue: {
        entryId,
        version: 1,
        legalBasis: "属地管理",
        source: { kind: "power_list", document: "天河区人民政府权责清单", clause: "第5项" },
        matchedOn: "district",
      },
      // By hand: 天河区 concluded done[0] and done[1] as their first unit; the newest first.
      record: {
        category: "物业管理",
        handled: 2,
        examples: [
          { id: done[1]!.id, number: done[1]!.number },
          { id: done[0]!.id, number: done[0]!.number },
        ],
      },
    });
    // The model learnt 天河区 and 住建局 from the concluded tickets: its other unit follows, with a score.
    expect(r.body.suggestions.length).toBeLessThanOrEqual(3);
    const zj = rest.find((s: any) => s.unitId === ZJ);
    // 住建局 concluded done[2], but not as its first unit (海珠区's return was approved): no clean record.
    expect(zj).toMatchObject({ rank: 2, record: { handled: 0, examples: [] }, model: { version: 1, score: expect.any(Number) } });
    expect(zj.catalogue).toBeUndefined();
    expect(rest.some((s: any) => s.unitId === HZ)).toBe(false);
  });

  it("unit staff may not ask; an unknown ticket is 404 and a malformed id 400, naming the id", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "物业管理" }));
    expect((await get(tk.id, "unit_handler", TH)).status).toBe(403);
    for (const [id, status] of [
      ["7a1b2c3d-0000-4000-8000-000000000009", 404],
      ["not-a-ticket", 400],
    ] as const) {
      const r = await get(id);
      expect([r.status, r.body.error.field]).toEqual([status, "id"]);
    }
  });

  it("66号 taking a suggestion is recorded on the dispatch; passing over the first needs a reason, recorded with it", async () => {
    const { loadTicketEvents } = await import("../../src/store/repositories/ticket.repository.ts");
    const post = async (id: string, body: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/api/v1/tickets/${id}/dispatch`, {
        method: "POST",
        headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "dispatcher", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const a = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "物业管理", content: "物业服务差" }));
    const shown = (await get(a.id)).body.suggestions.map((s: any) => s.unitId);
    expect(shown[0]).toBe(TH);
    // 住建局 is the second suggestion: without a reason it is refused, naming the field, and nothing is written.
    const refusedDispatch = await post(a.id, { version: a.version, leadUnitId: ZJ, suggestedUnitIds: shown });
    expect([refusedDispatch.status, refusedDispatch.body.error.field]).toEqual([400, "overrideReason"]);
    expect((await loadTicketEvents(t.ctx.db, a.id)).length).toBe(1);
    expect((await post(a.id, { version: a.version, leadUnitId: ZJ, suggestedUnitIds: shown, overrideReason: "涉及维修基金，属住建局监管" })).status).toBe(200);
    expect((await loadTicketEvents(t.ctx.db, a.id)).at(-1)?.data).toMatchObject({
      type: "Dispatched",
      suggestion: { shown, chosenRank: 2, overrideReason: "涉及维修基金，属住建局监管" },
    });
    // Taking the first: rank 1, no reason needed.
    const b = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "物业管理", content: "物业不修路灯" }));
    expect((await post(b.id, { version: b.version, leadUnitId: TH, suggestedUnitIds: shown })).status).toBe(200);
    const taken = (await loadTicketEvents(t.ctx.db, b.id)).at(-1)?.data as { suggestion?: unknown };
    expect(taken.suggestion).toEqual({ shown, chosenRank: 1 });
  });

  it("66号 an overridden suggestion and an approved return land on the correction queue; an admin's accepted correction retrains the models, a bad decision is refused naming the field", async () => {
    const { suggestForIntake } = await import("../../src/app/assist/intake-models.ts");
    const admin = { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "admin", "content-type": "application/json" };
    const queue = async () => (await (await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/label-corrections`, { headers: admin })).json()) as any;
    const decide = async (body: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/label-corrections/decide`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const q = await queue();
    // By hand: the dispatch that passed over 天河区 for 住建局 (previous test), and 海珠区's approved return of done[2].
    const override = q.items.find((i: any) => i.kind === "suggestion_override");
    const bounced = q.items.find((i: any) => i.kind === "return_approved");
    expect(q.total).toBe(2);
    expect(override).toMatchObject({ wrongUnitId: TH, proposedUnitId: ZJ, reason: "涉及维修基金，属住建局监管", category: "物业管理" });
    expect(bounced).toMatchObject({ ticketId: done[2]!.id, wrongUnitId: HZ, proposedUnitId: ZJ, reason: "同意" });

    // Bad decisions change nothing.
    for (const [body, status, field] of [
      [{ ticketId: override.ticketId, seq: 99, accept: true }, 404, "seq"],
      [{ ticketId: override.ticketId, seq: override.seq, accept: true, unitId: "7a1b2c3d-0000-4000-8000-000000000001" }, 400, "unitId"],
      [{ ticketId: override.ticketId, seq: override.seq, accept: true, category: "没有这个分类" }, 400, "category"],
      [{ ticketId: override.ticketId, seq: override.seq, accept: false }, 400, "note"],
    ] as const) {
      const r = await decide(body);
      expect([r.status, r.body.error.field]).toEqual([status, field]);
    }
    expect((await queue()).total).toBe(2);
    const unitStaff = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/label-corrections`, { headers: { ...admin, "x-act-as-role": "dispatcher" } });
    expect(unitStaff.status).toBe(403);

    // The corrected case: whatever the model says for its text now, the admin corrects it to the other unit.
    const text = override.text;
    const before = await suggestForIntake(t.ctx, actors.dispatcher, "guangzhou", text);
    const top = before.ok ? before.value.unit?.suggestions[0]?.label : undefined;
    const corrected = top === ZJ ? TH : ZJ;
    const ok = await decide({ ticketId: override.ticketId, seq: override.seq, accept: true, unitId: corrected, note: "核实后纠正" });
    expect([ok.status, ok.body]).toEqual([200, { ticketId: override.ticketId, seq: override.seq, accepted: true, unitId: corrected, category: "物业管理" }]);
    expect((await decide({ ticketId: override.ticketId, seq: override.seq, accept: false, note: "再次" })).status).toBe(409);
    expect((await decide({ ticketId: bounced.ticketId, seq: bounced.seq, accept: false, note: "退回审核有误，不作纠错" })).status).toBe(200);
    expect((await queue()).total).toBe(0);

    const trained = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/models/train`, {
      method: "POST",
      headers: { authorization: admin.authorization, "x-act-as-role": "admin" },
    });
    const unitModel = ((await trained.json()) as any).trained.find((m: any) => m.target === "unit");
    expect(unitModel).toMatchObject({ corrections: 1 });
    const after = await suggestForIntake(t.ctx, actors.dispatcher, "guangzhou", text);
    expect(after.ok && after.value.unit?.suggestions[0]?.label).toBe(corrected);
  });

  it("66号 suggestion accuracy: of the month's concluded tickets first dispatched with suggestions, the share the first suggested unit concluded and one of the three did", async () => {
    const CG = await unitId(t.ctx, "GZ-D-CG");
    const shown = [TH, ZJ, HZ];
    const handled = async (lead: string, content: string, bounceTo?: string) => {
      let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "物业管理", content }));
      tk = await must(t.ctx, actors.dispatcher, tk, {
        kind: "dispatch",
        leadUnitId: lead,
        suggestedUnitIds: shown,
        ...(lead === TH ? {} : { overrideReason: "核实后改派" }),
      });
      let last = lead;
      if (bounceTo) {
        tk = await must(t.ctx, actors.unit(lead), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位", legalBasis: "职责清单" });
        tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "approve", reason: "同意" });
        tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: bounceTo, overrideReason: "退回后改派" });
        last = bounceTo;
      }
      tk = await must(t.ctx, actors.unit(last), tk, { kind: "sign" });
      tk = await must(t.ctx, actors.unit(last), tk, {
        kind: "submitFeedback",
        handledAt: clock.value,
        process: "核查",
        result: "已处理",
        requesterInformedBy: "phone",
      });
      tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "完整" });
      tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "satisfied" });
      return must(t.ctx, actors.reviewer, tk, { kind: "conclude" });
    };
    await handled(TH, "楼道灯不亮"); // the first suggestion concluded it: top-1 and top-3
    await handled(ZJ, "维修基金"); // the second: top-3 only
    await handled(CG, "占用消防通道"); // none of the three
    await handled(TH, "电梯困人", ZJ); // the first bounced, the second concluded it: top-3 only
    const res = await fetch(`${server.url}/api/v1/analytics/suggestion-accuracy?jurisdiction=guangzhou&month=2026-11`, {
      headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
    });
    const body = (await res.json()) as any;
    // By hand: 4 concluded with suggestions; top-1 1 of 4; top-3 3 of 4. The earlier dispatches with suggestions are not concluded.
    expect(body.overall).toEqual({ concluded: 4, top1: { numerator: 1, denominator: 4, rate: 0.25 }, top3: { numerator: 3, denominator: 4, rate: 0.75 } });
    expect(body.categories).toEqual([
      { category: "物业管理", concluded: 4, top1: { numerator: 1, denominator: 4, rate: 0.25 }, top3: { numerator: 3, denominator: 4, rate: 0.75 } },
    ]);
    const bad = await fetch(`${server.url}/api/v1/analytics/suggestion-accuracy?jurisdiction=guangzhou&month=2026-13`, {
      headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "analyst" },
    });
    expect([bad.status, ((await bad.json()) as any).error.field]).toEqual([400, "month"]);
  });

  it("66号 at intake the units come with the catalogue entry for the category and area entered; a unit chosen over the first goes on the queue and is carried to dispatch", async () => {
    const h = (role: string) => ({ authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": role, "content-type": "application/json" });
    const res = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/assist/suggestions`, {
      method: "POST",
      headers: h("operator"),
      body: JSON.stringify({ text: "小区物业不管电梯", category: "物业管理", district: "天河区" }),
    });
    expect(res.status).toBe(200);
    const s = ((await res.json()) as any).unit as { modelVersion: number; suggestions: any[] };
    expect(s.suggestions[0]).toMatchObject({
      rank: 1,
      unitId: TH,
      catalogue: { entryId, source: { document: "天河区人民政府权责清单" }, matchedOn: "district" },
      record: { category: "物业管理" },
    });
    // The tests above concluded more of 天河区's 物业管理 tickets than the two made at the start.
    expect(s.suggestions[0].record.handled).toBeGreaterThanOrEqual(2);
    expect(s.suggestions[0].record.examples).toHaveLength(2);
    // Without the area, no entry matches (it is 天河区's): the model's units alone, with their records.
    const nowhere = (
      (await (
        await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/assist/suggestions`, {
          method: "POST",
          headers: h("operator"),
          body: JSON.stringify({ text: "小区物业不管电梯", category: "物业管理" }),
        })
      ).json()) as any
    ).unit;
    expect(nowhere.suggestions.some((x: any) => x.catalogue)).toBe(false);

    const body = (unit: string) => ({
      channel: "phone",
      requester: { phone: "13900139001" },
      type: "complaint",
      category: "物业管理",
      location: { district: "天河区" },
      content: "小区物业不管电梯，维修基金去向不明",
      suggestionChoices: [{ target: "unit", modelVersion: s.modelVersion, suggested: s.suggestions.map((x) => x.unitId), chosen: unit }],
    });
    const contacts = `${server.url}/api/v1/jurisdictions/guangzhou/contacts`;
    // A unit not of the platform is refused naming the field, and nothing is taken.
    const bad = await fetch(contacts, { method: "POST", headers: h("operator"), body: JSON.stringify(body("7a1b2c3d-0000-4000-8000-000000000009")) });
    expect([bad.status, ((await bad.json()) as any).error.field]).toEqual([400, "suggestionChoices.0.chosen"]);
    const taken = await fetch(contacts, { method: "POST", headers: h("operator"), body: JSON.stringify(body(ZJ)) });
    expect(taken.status).toBe(201);
    const ticketId = ((await taken.json()) as any).ticket.id as string;

    const forDispatch = (await get(ticketId)).body;
    expect(forDispatch.intakeChoice).toMatchObject({ unitId: ZJ, accepted: false });
    expect(forDispatch.intakeChoice.unitName).toContain("住房");
    const queue = (await (await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/label-corrections`, { headers: h("admin") })).json()) as any;
    expect(queue.items.find((i: any) => i.ticketId === ticketId)).toMatchObject({
      kind: "intake_override",
      seq: 1,
      wrongUnitId: TH,
      proposedUnitId: ZJ,
      category: "物业管理",
    });
  });

  it("66号 a busy unit's record stops counting at the cap and says there are more; a unit with none has an empty record", async () => {
    const { sql } = await import("drizzle-orm");
    const { TRACK_RECORD_CAP } = await import("../../src/store/repositories/dispatch-fact.repository.ts");
    const { suggestionEvidence } = await import("../../src/store/repositories/suggestion-evidence.repository.ts");
    // Facts as the ticket writes leave them: 海珠区 concluded one more 占道经营 ticket than the cap, cleanly; one bounced.
    await t.ctx.db.execute(sql`
      insert into dispatch_fact (ticket_id, jurisdiction_id, first_at, first_unit_id, dispatcher_id, dispatcher_name, category, district, asked, approved, refused, ms_lost, concluded, lead_unit_id)
      select gen_random_uuid(), 'guangzhou', now() - make_interval(mins => g), ${HZ}::uuid, 'd', '派单员', '占道经营', '海珠区', (g = 0)::int, (g = 0)::int, 0, 0, true, ${HZ}::uuid
      from generate_series(0, ${TRACK_RECORD_CAP + 1}) g`);
    const r = (await suggestionEvidence(t.ctx.db, "guangzhou", "占道经营", [HZ, ZJ], clock.value)).units;
    expect(r.get(HZ)?.record).toMatchObject({ handled: TRACK_RECORD_CAP, more: true });
    expect(r.get(ZJ)).toMatchObject({ name: expect.stringContaining("住房"), active: true, record: { handled: 0, more: false, examples: [] } });
    await t.ctx.db.execute(sql`delete from dispatch_fact where category = '占道经营'`);
  });
});
