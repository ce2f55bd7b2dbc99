import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, refused, TestClock, unitId } from "../support/tickets.ts";
import { sweepTimers } from "../../src/jobs/timer-sweeper.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { listMisconduct, recordMisconduct } from "../../src/app/supervision/record-misconduct.ts";
import { boardTickets, OPEN_SUPERVISION } from "../../src/store/repositories/supervision-board.repository.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t?.close());

describe("supervision (督办)", () => {
  it("GZ-23 a supervisor presses the unit by phone, online, on site, meeting or letter; the unit must answer, and both are recorded", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const th = await unitId(t.ctx, "GZ-TH");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: th, overrideReason: "测试" });
    tk = await must(t.ctx, actors.unit(th), tk, { kind: "sign" });
    expect(
      await refused(t.ctx, actors.dispatcher, tk, {
        kind: "supervise",
        supervisionId: "s1",
        method: "phone",
        reason: "long_running",
        note: "请加快办理",
        answerDue: clock.value + 86_400_000,
      }),
    ).toMatchObject({ code: "FORBIDDEN" });
    tk = await must(t.ctx, actors.supervisor, tk, {
      kind: "supervise",
      supervisionId: "s1",
      method: "letter",
      reason: "long_running",
      note: "请于三日内书面答复办理进展",
      answerDue: clock.value + 3 * 86_400_000,
    });
    expect(tk.supervisions?.[0]).toMatchObject({ method: "letter", reason: "long_running", unitId: th });
    tk = await must(t.ctx, actors.unit(th), tk, { kind: "answerSupervision", supervisionId: "s1", text: "已成立专班，预计下周完成整治" });
    expect(tk.supervisions?.[0]?.answer?.text).toBe("已成立专班，预计下周完成整治");
    expect((await loadTicketEvents(t.ctx.db, tk.id)).at(-1)?.rule).toBe("GZ-23");
  });

  it("GX-27.1 an overdue ticket's unit states the reason", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-ZJ");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { type: "help" }));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
    expect(await refused(t.ctx, actors.unit(u), tk, { kind: "explainOverdue", text: "x" })).toMatchObject({ code: "NOT_OVERDUE", rule: "GX-27.1" });
    clock.set("2026-11-10T09:00:00+08:00");
    while ((await sweepTimers(t.ctx, "w")) > 0);
    tk = (await loadTicket(t.ctx.db, tk.id)) ?? tk;
    expect(tk.flags).toContain("overdue");
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "explainOverdue", text: "涉及多部门，协调时间较长" });
    expect(tk.overdueExplanation?.text).toBe("涉及多部门，协调时间较长");
    expect((await loadTicketEvents(t.ctx.db, tk.id)).at(-1)?.rule).toBe("GX-27.1");
  });

  it("GZ-26 GX-36 GX-37 staff misconduct is recorded with its measure (record, rectification letter, discipline referral) and cannot be erased", async () => {
    const th = await unitId(t.ctx, "GZ-TH");
    const nn = await unitId(t.ctx, "NN-D-ZJ");
    const a = await recordMisconduct(t.ctx, actors.supervisor, "guangzhou", {
      unitId: th,
      staffName: "某工作人员",
      kind: "rude_service",
      measure: "record",
      description: "回访中态度生硬",
    });
    expect(a.ok && a.value.rule).toBe("GZ-26");
    const b = await recordMisconduct(t.ctx, actors.supervisor, "nanning", {
      unitId: nn,
      kind: "falsified_reply",
      measure: "rectification_letter",
      description: "反馈内容与实际不符",
    });
    expect(b.ok && b.value.rule).toBe("GX-37");
    clock.value += 60_000;
    const c = await recordMisconduct(t.ctx, actors.supervisor, "nanning", { unitId: nn, kind: "leak", measure: "record", description: "泄露诉求人电话" });
    expect(c.ok && c.value.rule).toBe("GX-36");
    const d = await recordMisconduct(t.ctx, actors.unit(th), "guangzhou", { unitId: th, kind: "other", measure: "record", description: "x" });
    expect(!d.ok && d.error.code).toBe("FORBIDDEN");
    const list = await listMisconduct(t.ctx, actors.supervisor, nn);
    expect(list.ok && list.value.map((r) => r.measure)).toEqual(["record", "rectification_letter"]);
    const elsewhere = await listMisconduct(t.ctx, { ...actors.supervisor, jurisdictionId: "guangzhou" }, nn);
    expect(!elsewhere.ok && elsewhere.error.code).toBe("UNIT_NOT_FOUND");
    await expect(t.ctx.db.execute(sql`delete from misconduct_record`)).rejects.toThrow();
  });

  it("GZ-23 the board finds a supervision not yet answered, and not one answered, through the open-supervision index", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const th = await unitId(t.ctx, "GZ-TH");
    const supervised = async (answered: boolean) => {
      let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { content: answered ? "督办已答复的工单" : "督办未答复的工单" }));
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: th, overrideReason: "测试" });
      tk = await must(t.ctx, actors.unit(th), tk, { kind: "sign" });
      tk = await must(t.ctx, actors.supervisor, tk, {
        kind: "supervise",
        supervisionId: "b1",
        method: "phone",
        reason: "long_running",
        note: "请加快",
        answerDue: clock.value + 86_400_000,
      });
      return answered ? must(t.ctx, actors.unit(th), tk, { kind: "answerSupervision", supervisionId: "b1", text: "已办理" }) : tk;
    };
    const open = await supervised(false);
    const done = await supervised(true);
    // Far from their limits: only the unanswered supervision brings a ticket onto the board.
    const found = (await boardTickets(t.ctx.db, "guangzhou", clock.value)).map((x) => x.id);
    expect(found).toContain(open.id);
    expect(found).not.toContain(done.id);
    // The board's arm for open supervisions (OPEN_SUPERVISION) is the index's own predicate, so that index serves it.
    const plan = await t.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = (
        (await tx.execute(sql`explain select id from ticket where jurisdiction_id = 'guangzhou' and ${sql.raw(OPEN_SUPERVISION)}`)) as unknown as {
          rows: { "QUERY PLAN": string }[];
        }
      ).rows;
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    // Each partition's scan uses its part of the partial index (named after its column there), with no filter left to apply.
    const used = [...plan.matchAll(/using (\S+) on/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    const defs = (
      (await t.ctx.db.execute(
        sql`select indexname, indexdef from pg_indexes where indexname in (${sql.join(
          used.map((u) => sql`${u}`),
          sql`, `,
        )})`,
      )) as unknown as { rows: { indexdef: string }[] }
    ).rows;
    expect(defs.length).toBe(new Set(used).size);
    expect(defs.every((d) => d.indexdef.includes("jsonb_path_exists"))).toBe(true);
    expect(plan).not.toContain("Filter");
  });
});
