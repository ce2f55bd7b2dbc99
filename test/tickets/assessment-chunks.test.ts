import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TicketEvent } from "../../src/domain/ticket/ticket.ts";
import { eachTicketForAssessment } from "../../src/store/repositories/assessment.repository.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { complaint, newTicket, TestClock } from "../support/tickets.ts";

describe("the assessment reads a year of tickets a chunk at a time (GX-30)", () => {
  const clock = new TestClock(Date.parse("2026-11-20T10:00:00+08:00"));
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ now: clock.now });
  });
  afterAll(async () => t?.close());

  it("every ticket of the look-back comes once, in id order, with its events before the period's end, whatever the chunk size; older tickets and other platforms' are left out", async () => {
    const from = Date.parse("2026-11-01T00:00:00+08:00");
    const to = Date.parse("2026-12-01T00:00:00+08:00");
    const mine = [];
    for (let i = 0; i < 7; i++) mine.push(await newTicket(t.ctx, "guangzhou", complaint(clock.now() - i * 86_400_000 * 30)));
    const old = await newTicket(t.ctx, "guangzhou", complaint(from - 401 * 86_400_000));
    const other = await newTicket(t.ctx, "guangxi", complaint(clock.now()));
    const read = async (chunk: number) => {
      const chunks: string[][] = [];
      const events = new Map<string, TicketEvent[]>();
      await eachTicketForAssessment(
        t.ctx.db,
        t.ctx.ticketIds,
        "guangzhou",
        from,
        to,
        (c) => {
          chunks.push([...c.keys()]);
          for (const [id, evs] of c) events.set(id, evs);
        },
        { chunk },
      );
      return { chunks, events };
    };
    const whole = await read(1000);
    const small = await read(2);
    const ids = mine.map((x) => x.id).sort();
    expect(whole.chunks).toEqual([ids]);
    expect(small.chunks.flat()).toEqual(ids);
    expect(small.chunks.map((c) => c.length)).toEqual([2, 2, 2, 1]);
    expect(small.events).toEqual(whole.events);
    expect(whole.events.get(mine[0]!.id)?.map((e) => e.data.type)).toEqual(["TicketCreated"]);
    expect(whole.events.has(old.id) || whole.events.has(other.id)).toBe(false);
  });
});
