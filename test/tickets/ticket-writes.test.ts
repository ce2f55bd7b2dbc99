import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeContact } from "../../src/app/tickets/intake-contact.ts";
import { type TicketEvent, type TicketState } from "../../src/domain/ticket/ticket.ts";
import { inRequest } from "../../src/store/request-context.ts";
import { type NewTicket } from "../../src/store/repositories/ticket.repository.ts";
import { ticketIdAt } from "../../src/store/uuid.ts";
import { writeBatches } from "../../src/store/write-batches.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, newTicket, TestClock } from "../support/tickets.ts";

/** A write that records each call and answers when the test says so; `fail` names the items it refuses, `lost` whether a refusal is the connection's. */
function recordedWrite(fail: (item: string) => boolean = () => false, lost = false) {
  const calls: string[][] = [];
  const open: (() => void)[] = [];
  let gated = false;
  const write = async (items: readonly string[]) => {
    calls.push([...items]);
    if (gated) await new Promise<void>((r) => open.push(r));
    if (items.some(fail)) throw Object.assign(new Error(lost ? "connection lost" : "refused"), lost ? {} : { code: "23505" });
    return items.map((i) => `stored ${i}`);
  };
  return { calls, write, gate: () => (gated = true), release: () => open.splice(0).forEach((r) => r()), inFlight: () => open.length };
}

const turn = () => new Promise((r) => setImmediate(r));
/** A refusal for one item: a constraint the database names. */
const itemFault = (e: unknown) => (e as { code?: string }).code === "23505";

describe("intake's writes of concurrent requests go together (group commit, issue 3)", () => {
  it("an item at rest is written at once, alone", async () => {
    const w = recordedWrite();
    const submit = writeBatches(w.write, { maxBatch: 10, maxInFlight: 2, itemFault });
    expect(await submit("a")).toBe("stored a");
    expect(w.calls).toEqual([["a"]]);
  });

  it("items submitted in one turn are written in one call, each answered its own result", async () => {
    const w = recordedWrite();
    const submit = writeBatches(w.write, { maxBatch: 10, maxInFlight: 2, itemFault });
    expect(await Promise.all(["a", "b", "c"].map(submit))).toEqual(["stored a", "stored b", "stored c"]);
    expect(w.calls).toEqual([["a", "b", "c"]]);
  });

  it("items arriving while writes are in flight wait and go together next, within the limits of calls in flight and items per call", async () => {
    const w = recordedWrite();
    w.gate();
    const submit = writeBatches(w.write, { maxBatch: 3, maxInFlight: 2, itemFault });
    const answers: Promise<string>[] = [submit("a")];
    await turn();
    answers.push(submit("b"));
    await turn();
    expect(w.inFlight()).toBe(2);
    for (const x of ["c", "d", "e", "f", "g"]) answers.push(submit(x));
    await turn();
    // Two calls in flight: the five wait.
    expect(w.calls).toEqual([["a"], ["b"]]);
    w.release();
    await turn();
    await turn();
    expect(w.calls).toEqual([["a"], ["b"], ["c", "d", "e"], ["f", "g"]]);
    w.release();
    expect(await Promise.all(answers)).toEqual(["a", "b", "c", "d", "e", "f", "g"].map((x) => `stored ${x}`));
  });

  it("under a burst a call starts once `startAt` items wait, before the turn ends; items of one request's work still go together", async () => {
    const w = recordedWrite();
    w.gate();
    const submit = writeBatches(w.write, { maxBatch: 10, maxInFlight: 2, startAt: 2, itemFault });
    const answers: Promise<string>[] = [];
    // Requests read one after another within one turn: a microtask between each, no end of turn.
    for (const x of ["a", "b", "c", "d", "e"]) {
      answers.push(submit(x));
      await Promise.resolve();
    }
    expect(w.calls).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    // Two calls in flight: the fifth waits for one of them, with what comes after it.
    answers.push(submit("f"), submit("g"), submit("h"));
    await Promise.resolve();
    expect(w.calls).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    w.release();
    await turn();
    expect(w.calls).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f", "g", "h"],
    ]);
    w.release();
    expect(await Promise.all(answers)).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"].map((x) => `stored ${x}`));
  });

  it("without `startAt` a burst read within one turn waits for the turn's end and goes as one call", async () => {
    const w = recordedWrite();
    const submit = writeBatches(w.write, { maxBatch: 10, maxInFlight: 2, itemFault });
    const answers: Promise<string>[] = [];
    for (const x of ["a", "b", "c", "d", "e"]) {
      answers.push(submit(x));
      await Promise.resolve();
    }
    expect(w.calls).toEqual([]);
    await Promise.all(answers);
    expect(w.calls).toEqual([["a", "b", "c", "d", "e"]]);
  });

  it("a batch that fails is written again item by item: the bad item fails alone, its neighbours are stored", async () => {
    const w = recordedWrite((i) => i === "bad");
    const submit = writeBatches(w.write, { maxBatch: 10, maxInFlight: 1, itemFault });
    const settled = await Promise.allSettled(["a", "bad", "c"].map(submit));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(w.calls).toEqual([["a", "bad", "c"], ["a"], ["bad"], ["c"]]);
  });

  it("a batch lost as a whole (the connection) fails every item and writes none again: it may have committed", async () => {
    const w = recordedWrite((i) => i === "bad", true);
    const submit = writeBatches(w.write, { maxBatch: 10, maxInFlight: 1, itemFault });
    const settled = await Promise.allSettled(["a", "bad", "c"].map(submit));
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(w.calls).toEqual([["a", "bad", "c"]]);
  });
});

describe("new tickets written together on PostgreSQL", () => {
  const clock = new TestClock(Date.parse("2026-11-20T10:00:00+08:00"));
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ now: clock.now });
  });
  afterAll(async () => t?.close());

  it("GX-25.1 concurrent intakes each get a ticket, numbers unique and without gaps, each recorded with its operator, time and its own request's id", async () => {
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        inRequest(`req-${i}`, async () => {
          const r = await intakeContact(t.ctx, actors.operator, "guangzhou", complaint(clock.now() - i * 1000));
          if (!r.ok || !r.value.ticket) throw new Error("no ticket");
          return r.value.ticket;
        }),
      ),
    );
    const numbers = made.map((x) => Number(x.number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(30);
    expect(numbers[29]! - numbers[0]!).toBe(29);
    const { rows } = (await t.ctx.db
      .execute(sql`select e.ticket_id, e.request_id, e.actor_id, t.received_at, t.number from ticket_event e join ticket t on t.id = e.ticket_id
      join contact c on c.ticket_id = t.id join ticket_text x on x.ticket_id = t.id
      where e.ticket_id = any(${`{${made.map((x) => x.id).join(",")}}`}::uuid[])`)) as unknown as {
      rows: { ticket_id: string; request_id: string; actor_id: string; received_at: string | Date; number: string }[];
    };
    expect(rows).toHaveLength(30);
    made.forEach((m, i) => {
      const r = rows.find((x) => x.ticket_id === m.id);
      expect({ ...r, received_at: new Date(r?.received_at ?? 0).getTime() }).toEqual({
        ticket_id: m.id,
        request_id: `req-${i}`,
        actor_id: actors.operator.id,
        received_at: clock.now() - i * 1000,
        number: m.number,
      });
    });
  });

  it("a new ticket that cannot be stored fails alone; the tickets written beside it are stored", async () => {
    const first = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 60_000));
    const copy = (s: TicketState): NewTicket => {
      const created: TicketEvent = {
        ticketId: s.id,
        seq: 1,
        at: clock.now(),
        actor: actors.operator,
        command: "intake",
        data: { type: "TicketCreated", ticket: s },
      };
      return {
        state: s,
        events: [created],
        timers: [],
        contact: {
          id: randomUUID(),
          jurisdictionId: "guangzhou",
          channel: "phone",
          receivedAt: new Date(s.receivedAt),
          operatorId: "op-1",
          record: {},
          decision: "ticket",
          rule: "GZ-9",
          createdAt: new Date(clock.now()),
        },
        text: { words: "噪音", requesterPhone: null, district: null, subDistrict: null, place: null },
      };
    };
    const fresh = Array.from({ length: 4 }, (_, i) => ({
      ...first,
      id: ticketIdAt(first.receivedAt + 1 + i),
      receivedAt: first.receivedAt + 1 + i,
      number: `${first.number}-${i}`,
    }));
    // The same id as a stored ticket: the database refuses it.
    const settled = await Promise.allSettled(
      [...fresh.slice(0, 2), first, ...fresh.slice(2)].map((s) => t.ctx.ticketWrites.insert("GZ", "20261120", () => copy(s))),
    );
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const { rows } = (await t.ctx.db.execute(sql`select t.id, (select count(*)::int from contact c where c.ticket_id = t.id) contacts from ticket t
      where t.id = any(${`{${[first, ...fresh].map((x) => x.id).join(",")}}`}::uuid[]) order by t.id`)) as unknown as {
      rows: { id: string; contacts: number }[];
    };
    expect(rows).toEqual([first, ...fresh].map((x) => ({ id: x.id, contacts: 1 })).sort((a, b) => a.id.localeCompare(b.id)));
  });
});
