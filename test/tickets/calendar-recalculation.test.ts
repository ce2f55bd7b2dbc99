import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";
import { importCalendarYear } from "../../src/app/calendar/import-calendar-year.ts";
import { cliActor } from "../../src/app/actor.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { formatInstant } from "../../src/domain/calendar/local-date.ts";

const clock = new TestClock(Date.parse("2027-02-01T10:00:00+08:00"));
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t?.close());

const notice2027 = [
  "# scope: CN",
  "# year: 2027",
  "# notice: 国务院办公厅关于2027年部分节假日安排的通知（测试）",
  "date,status,name",
  ...[5, 6, 7, 8, 9, 10, 11].map((d) => `2027-02-${String(d).padStart(2, "0")},off,春节`),
  "",
].join("\n");

describe("loading a notice recomputes provisional limits", () => {
  it("GZ-17.2 a running ticket counted over provisional 2027 days is recounted with the notice, as an event with the reason", async () => {
    const th = await unitId(t.ctx, "GZ-TH");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: th });
    expect(tk.clock).toMatchObject({ provisional: true });
    expect(formatInstant(tk.clock?.due ?? 0, 480)).toBe("2027-02-17T23:59:59.999+08:00");
    const nnUnit = await unitId(t.ctx, "NN-D-CG");
    const gx = await newTicket(t.ctx, "nanning", complaint(clock.value));
    await must(t.ctx, actors.dispatcher, gx, { kind: "dispatch", leadUnitId: nnUnit });

    const r = await importCalendarYear(t.ctx, cliActor(), notice2027);
    expect(r.ok && r.value.recalculated).toBe(2);
    const after = await loadTicket(t.ctx.db, tk.id);
    expect(after?.clock).toMatchObject({ provisional: false });
    expect(formatInstant(after?.clock?.due ?? 0, 480)).toBe("2027-02-22T23:59:59.999+08:00");
    const last = (await loadTicketEvents(t.ctx.db, tk.id)).at(-1);
    expect(last).toMatchObject({
      actor: { role: "system" },
      data: { type: "DeadlineRecalculated", deadline: { cause: "calendarReloaded", before: { provisional: true }, after: { provisional: false } } },
    });
    expect(last?.data.type === "DeadlineRecalculated" && last.data.reason).toContain("2027年部分节假日安排");
  });
});
