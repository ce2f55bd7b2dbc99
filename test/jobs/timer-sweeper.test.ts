import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";
import { sweepTimers } from "../../src/jobs/timer-sweeper.ts";
import { listTickets, loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createAppContext } from "../../src/app/context.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t?.close());

async function drain(worker = "w1") {
  while ((await sweepTimers(t.ctx, worker)) > 0);
}

describe("timers", () => {
  it("GZ-17.2 a running limit is flagged due soon 24 hours before and overdue after it passes; GX-27.1 overdue tickets are listed", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const th = await unitId(t.ctx, "GZ-TH");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: th });
    tk = await must(t.ctx, actors.unit(th), tk, { kind: "sign" });
    clock.set("2026-11-16T00:00:00.000+08:00");
    await drain();
    expect((await loadTicket(t.ctx.db, tk.id))?.flags).toEqual(["return_window_closed", "due_soon"]);
    clock.set("2026-11-17T00:00:00+08:00");
    await drain();
    const after = await loadTicket(t.ctx.db, tk.id);
    expect(after?.flags).toContain("overdue");
    const ev = (await loadTicketEvents(t.ctx.db, tk.id)).filter((e) => e.data.type === "Flagged");
    expect(ev.map((e) => [e.data.type === "Flagged" && e.data.flag, e.rule, e.actor.role])).toEqual([
      ["return_window_closed", "GZ-14", "system"],
      ["due_soon", "GZ-17.2", "system"],
      ["overdue", "GZ-17.2", "system"],
    ]);
    const listed = await listTickets(t.ctx.db, { jurisdictionId: "guangzhou", overdueAt: clock.value }, 200);
    expect(listed.tickets.map((x) => x.id)).toContain(tk.id);
  });

  it("GZ-13.2 a ticket not dispatched within 1 working day is flagged", async () => {
    clock.set("2026-11-06T17:00:00+08:00");
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    clock.set("2026-11-09T23:59:00+08:00");
    await drain();
    expect((await loadTicket(t.ctx.db, tk.id))?.flags).toEqual([]);
    clock.set("2026-11-10T00:00:00+08:00");
    await drain();
    expect((await loadTicket(t.ctx.db, tk.id))?.flags).toEqual(["dispatch_overdue"]);
  });

  it("GX-26.7 an urgent ticket not signed within 30 minutes is flagged sign-late", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-CG");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value, { type: "help", urgent: true }));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u, unitPhoned: { at: clock.value, person: "值班员" } });
    clock.set("2026-11-02T09:31:00+08:00");
    await drain();
    const events = await loadTicketEvents(t.ctx.db, tk.id);
    expect(events.at(-1)).toMatchObject({ rule: "GX-26.7", data: { type: "Flagged", flag: "sign_late" } });
  });

  it("GX-27.2 the sweeper applies default satisfaction 24 hours after the request and concludes", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const u = await unitId(t.ctx, "NN-D-CG");
    let tk = await newTicket(t.ctx, "nanning", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: u });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "sign" });
    tk = await must(t.ctx, actors.unit(u), tk, { kind: "submitFeedback", handledAt: clock.value, process: "处理", result: "完成", requesterInformedBy: "sms" });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "" });
    clock.set("2026-11-03T09:00:00+08:00");
    await drain();
    expect(await loadTicket(t.ctx.db, tk.id)).toMatchObject({ status: "concluded", rating: "satisfied", ratingDefaulted: true });
  });

  it("a timer whose limit moved does not fire on the old limit", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const th = await unitId(t.ctx, "GZ-TH");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: th });
    tk = await must(t.ctx, actors.unit(th), tk, { kind: "sign" });
    clock.set("2026-11-13T10:00:00+08:00");
    tk = await must(t.ctx, actors.unit(th), tk, { kind: "requestExtension", reason: "需协调" });
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideExtension", approved: true, reason: "同意" });
    clock.set("2026-11-17T10:00:00+08:00");
    await drain();
    expect((await loadTicket(t.ctx.db, tk.id))?.flags).not.toContain("overdue");
  });

  it.skipIf(!process.env["TEST_PG_URL"])("two server instances sweeping one database never fire a timer twice", async () => {
    if (!t.databaseUrl) return;
    clock.set("2026-11-02T09:00:00+08:00");
    const th = await unitId(t.ctx, "GZ-TH");
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: th });
      ids.push(tk.id);
    }
    const otherHandle = await openDatabase({ url: t.databaseUrl });
    const other = await createAppContext(otherHandle, { now: clock.now });
    try {
      clock.set("2026-12-31T00:00:00+08:00");
      const sweep = async (ctx: typeof other, worker: string) => {
        while ((await sweepTimers(ctx, worker, 7)) > 0);
      };
      await Promise.all([sweep(t.ctx, "instance-a"), sweep(other, "instance-b"), sweep(t.ctx, "instance-a2"), sweep(other, "instance-b2")]);
      const r = (await t.ctx.db.execute(sql`
        select e.ticket_id, e.data->>'flag' as flag, count(*)::int as n
        from ticket_event e where e.type = 'Flagged' and e.ticket_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        group by 1, 2`)) as unknown as { rows: { n: number }[] };
      expect(r.rows.length).toBe(30 * 3);
      expect(r.rows.every((row) => row.n === 1)).toBe(true);
      const workers = (await t.ctx.db.execute(
        sql`select count(distinct worker)::int as n from timer_firing where ticket_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      )) as unknown as { rows: { n: number }[] };
      expect(workers.rows[0]?.n).toBeGreaterThan(1);
    } finally {
      await otherHandle.close();
    }
  });
});
