import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { numberReserve, type DayCounter } from "../../src/store/number-reserve.ts";
import { ticketWrites } from "../../src/store/ticket-writes.ts";
import { intakeContact } from "../../src/app/tickets/intake-contact.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, TestClock } from "../support/tickets.ts";

/** A day counter in memory that records its calls; `gate` holds calls until `release`. */
function memoryCounter() {
  const last = new Map<string, number>();
  const calls: string[] = [];
  const open: (() => void)[] = [];
  let gated = false;
  let failNext = false;
  const counter: DayCounter = {
    take: async (prefix, day, count) => {
      calls.push(`take ${day} ${count}`);
      if (gated) await new Promise<void>((r) => open.push(r));
      if (failNext) {
        failNext = false;
        throw new Error("connection lost");
      }
      const k = `${prefix}${day}`;
      last.set(k, (last.get(k) ?? 0) + count);
      return last.get(k) as number;
    },
    giveBack: async (prefix, day, first, to) => {
      const k = `${prefix}${day}`;
      const ok = last.get(k) === to;
      calls.push(`give back ${day} ${first}-${to} ${ok ? "done" : "refused"}`);
      if (ok) last.set(k, first - 1);
      return ok;
    },
  };
  return {
    counter,
    calls,
    last,
    gate: () => (gated = true),
    release: () => ((gated = false), open.splice(0).forEach((r) => r())),
    failNext: () => (failNext = true),
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe("ticket numbers taken ahead while intakes stream in (issue 3)", () => {
  it("at rest a take asks the counter for just the numbers it needs and holds nothing", async () => {
    const m = memoryCounter();
    let now = 0;
    const reserve = numberReserve(m.counter, { busyWithinMs: 50, maxAhead: 128, now: () => now });
    expect(await reserve.take("GZ", "20261201", 1)).toEqual([1]);
    now += 1000;
    expect(await reserve.take("GZ", "20261201", 2)).toEqual([2, 3]);
    expect(m.calls).toEqual(["take 20261201 1", "take 20261201 2"]);
    await reserve.release();
    expect(m.last.get("GZ20261201")).toBe(3);
  });

  it("takes close together take numbers ahead: the next batch finds its numbers held, and numbers increase in the order taken", async () => {
    const m = memoryCounter();
    let now = 0;
    const reserve = numberReserve(m.counter, { busyWithinMs: 50, maxAhead: 128, now: () => now });
    const taken: number[] = [];
    for (let i = 0; i < 6; i++) {
      now += 5;
      taken.push(...(await reserve.take("GZ", "20261201", 4)));
      await turn();
    }
    expect(taken).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    // The first take at rest asks for 4; from the second on the counter is asked ahead, so fewer calls than takes.
    expect(m.calls[0]).toBe("take 20261201 4");
    expect(m.calls.length).toBeLessThan(6);
    // What is held ahead is given back when the process stops: the day's counter ends at the last number used.
    await reserve.release();
    expect(m.last.get("GZ20261201")).toBe(24);
  });

  it("takes arriving while the counter is asked wait for its answer, one call at a time per day, and are served in order", async () => {
    const m = memoryCounter();
    const reserve = numberReserve(m.counter, { busyWithinMs: 50, maxAhead: 128, now: () => 0 });
    m.gate();
    const a = reserve.take("GZ", "20261201", 2);
    const b = reserve.take("GZ", "20261201", 3);
    const c = reserve.take("GZ", "20261201", 1);
    await turn();
    expect(m.calls).toEqual(["take 20261201 2"]);
    m.release();
    expect(await Promise.all([a, b, c])).toEqual([[1, 2], [3, 4, 5], [6]]);
  });

  it("a failed counter call fails the takes waiting on it; the next take asks the counter again", async () => {
    const m = memoryCounter();
    let now = 0;
    const reserve = numberReserve(m.counter, { busyWithinMs: 50, maxAhead: 128, now: () => now });
    m.failNext();
    await expect(reserve.take("GZ", "20261201", 2)).rejects.toThrow("connection lost");
    now += 1000;
    expect(await reserve.take("GZ", "20261201", 2)).toEqual([1, 2]);
  });

  it("a stopping process whose give-back fails still stops: the numbers it held stay a gap, the failure is reported", async () => {
    const m = memoryCounter();
    let now = 0;
    const failures: unknown[] = [];
    const counter: DayCounter = { take: m.counter.take, giveBack: async () => Promise.reject(new Error("database gone")) };
    const reserve = numberReserve(counter, { busyWithinMs: 50, maxAhead: 128, now: () => now, onBackgroundError: (e) => failures.push(e) });
    await reserve.take("GZ", "20261201", 2);
    now += 1;
    await reserve.take("GZ", "20261201", 2);
    await turn();
    await expect(reserve.release()).resolves.toBeUndefined();
    expect(failures.map((e) => (e as Error).message)).toEqual(["database gone"]);
  });

  it("a new day gives back what the platform's earlier day still holds; held numbers others took after are not given back", async () => {
    const m = memoryCounter();
    let now = 0;
    const reserve = numberReserve(m.counter, { busyWithinMs: 50, maxAhead: 128, now: () => now });
    await reserve.take("GZ", "20261201", 2);
    now += 1;
    await reserve.take("GZ", "20261201", 2);
    await turn();
    const held = m.last.get("GZ20261201") as number;
    expect(held).toBeGreaterThan(4);
    await reserve.take("GZ", "20261202", 1);
    await turn();
    expect(m.calls).toContain(`give back 20261201 5-${held} done`);
    expect(m.last.get("GZ20261201")).toBe(4);
    // Another instance takes after this one's run: the run stays a gap rather than a number given twice.
    now += 1;
    await reserve.take("GZ", "20261202", 2);
    await turn();
    const mine = m.last.get("GZ20261202") as number;
    await m.counter.take("GZ", "20261202", 1);
    await reserve.release();
    expect(m.calls.at(-1)).toBe(`give back 20261202 4-${mine} refused`);
    expect(m.last.get("GZ20261202")).toBe(mine + 1);
  });
});

describe("ticket numbers of two instances on PostgreSQL", () => {
  const clock = new TestClock(Date.parse("2026-11-21T10:00:00+08:00"));
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ now: clock.now });
  });
  afterAll(async () => t?.close());

  it("two instances taking intakes together give unique numbers; stopping gives back what was held where no one took after it, so at most one instance's run stays unused", async () => {
    const other = { ...t.ctx, ticketWrites: ticketWrites(t.ctx.db, t.ctx.ticketHomes) };
    const intake = (ctx: typeof t.ctx, i: number) =>
      intakeContact(ctx, actors.operator, "guangzhou", complaint(clock.now() - i * 1000)).then((r) => {
        if (!r.ok || !r.value.ticket) throw new Error("no ticket");
        return r.value.ticket.number;
      });
    const numbers: string[] = [];
    for (let round = 0; round < 5; round++)
      numbers.push(...(await Promise.all(Array.from({ length: 12 }, (_, i) => intake(i % 2 ? other : t.ctx, round * 12 + i)))));
    expect(new Set(numbers).size).toBe(60);
    await t.ctx.ticketWrites.release();
    await other.ticketWrites.release();
    const used = numbers.map((n) => Number(n.slice(-6)));
    const { rows } = (await t.ctx.db.execute(sql`select last from ticket_number_counter where prefix = 'GZ' and day = '20261121'`)) as unknown as {
      rows: { last: number }[];
    };
    // At most the run of the instance that did not take last stays a gap.
    expect(Number(rows[0]?.last)).toBeGreaterThanOrEqual(Math.max(...used));
    expect(Number(rows[0]?.last) - Math.max(...used)).toBeLessThanOrEqual(128);
  });
});
