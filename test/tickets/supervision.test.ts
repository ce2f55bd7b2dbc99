import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, refused, TestClock, unitId } from "../support/tickets.ts";
import { sweepTimers } from "../../src/jobs/timer-sweeper.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { listMisconduct, recordMisconduct } from "../../src/app/supervision/record-misconduct.ts";

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
});
