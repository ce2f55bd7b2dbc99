import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureMonthlyPartitions, partitionName } from "../../src/store/partitions.ts";
import { loadTicket } from "../../src/store/repositories/ticket.repository.ts";
import { idMillis, isUuid, ticketIdAt, ticketIdFloor } from "../../src/store/uuid.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { complaint, newTicket, TestClock } from "../support/tickets.ts";

const clock = new TestClock(Date.now());
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t?.close());

async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
}
/** When a ticket with a time-ordered id was received (the id's first 48 bits); undefined for a random id. */
function receivedAtOfTicketId(id: string): number | undefined {
  if (!isUuid(id) || id[14] !== "7") return undefined;
  return idMillis(id);
}

const month = (ms: number, plus = 0) => {
  const d = new Date(ms);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plus, 1));
  return [m.getUTCFullYear(), m.getUTCMonth() + 1] as const;
};

describe("tickets, contacts and ticket events are kept by month (issue 9)", () => {
  it("the three tables are partitioned by month, with this month and the next three made at migration", async () => {
    const parents = await rows<{ relname: string }>(sql`select c.relname from pg_partitioned_table p join pg_class c on c.oid = p.partrelid order by 1`);
    expect(parents.map((p) => p.relname)).toEqual(["contact", "ticket", "ticket_event"]);
    for (const table of ["contact", "ticket", "ticket_event"]) {
      for (let i = 0; i <= 3; i++) {
        const name = partitionName(table, ...month(Date.now(), i));
        expect(await rows(sql`select 1 from pg_class where relname = ${name}`), name).toHaveLength(1);
      }
    }
  });

  it("a new ticket, its contact and first event land in this month's partitions; a backdated contact and ticket in the default ones, still found through the table", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(Date.now()));
    const [ticket] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from ticket where id = ${tk.id}`);
    expect(ticket!.part).toBe(partitionName("ticket", ...month(Date.now())));
    const [event] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from ticket_event where ticket_id = ${tk.id}`);
    expect(event!.part).toBe(partitionName("ticket_event", ...month(Date.now())));
    const [contact] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from contact where ticket_id = ${tk.id}`);
    expect(contact!.part).toBe(partitionName("contact", ...month(Date.now())));
    const old = Date.parse("2019-03-05T09:00:00+08:00");
    const backdated = await newTicket(t.ctx, "guangzhou", complaint(old, { content: "补录：2019年的来电" }));
    const [c] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from contact where ticket_id = ${backdated.id}`);
    expect(c!.part).toBe("contact_default");
    const [b] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from ticket where id = ${backdated.id}`);
    expect(b!.part).toBe("ticket_default");
    const [be] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from ticket_event where ticket_id = ${backdated.id}`);
    expect(be!.part).toBe("ticket_event_default");
    expect((await loadTicket(t.ctx.db, backdated.id))?.number).toBe(backdated.number);
    // Events stay append-only on the partitioned table.
    await expect(t.ctx.db.execute(sql`update ticket_event set command = 'x' where ticket_id = ${tk.id}`)).rejects.toThrow();
  });

  it("the job makes the months ahead once, and leaves a month whose rows already went to the default partition there", async () => {
    const again = await ensureMonthlyPartitions(t.ctx.db, Date.now());
    expect(again).toEqual({ created: [], blocked: [] });
    // Five months later: the two months beyond the first run's are made for both tables.
    const later = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 5, 10);
    const run = await ensureMonthlyPartitions(t.ctx.db, later);
    expect(run.created).toEqual(expect.arrayContaining(["contact", "ticket_event", "ticket"].map((table) => partitionName(table, ...month(later, 3)))));
    // 2019-03 holds a contact in the default partition: that month is reported, not made.
    const blocked = await ensureMonthlyPartitions(t.ctx.db, Date.parse("2019-03-01T00:00:00Z"), 0);
    expect(blocked).toEqual({ created: [], blocked: ["contact", "ticket", "ticket_event"].map((table) => partitionName(table, 2019, 3)) });
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from contact where received_at < '2020-01-01'`);
    expect(Number(n!.n)).toBe(1);
  });

  it("a ticket's id carries the moment it was received, to the millisecond, and sorts by it", async () => {
    const at = Date.parse("2026-12-31T23:59:59.999Z");
    const id = ticketIdAt(at);
    // A version-7 UUID (RFC 9562): version nibble 7, variant bits 10, the rest random.
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(Array.from({ length: 100 }, () => ticketIdAt(at))).size).toBe(100);
    expect(receivedAtOfTicketId(id)).toBe(at);
    expect(id > ticketIdFloor(at) && id < ticketIdFloor(at + 1)).toBe(true);
    expect(ticketIdAt(at - 1) < id).toBe(true);
    // The month bound the database computes is the same as the app's.
    const [db] = await rows<{ floor: string; made: string }>(
      sql`select hotline_ticket_id_floor(${new Date(at).toISOString()}::timestamptz)::text as floor, hotline_ticket_id(${new Date(at).toISOString()}::timestamptz)::text as made`,
    );
    expect(db!.floor).toBe(ticketIdFloor(at));
    expect(receivedAtOfTicketId(db!.made)).toBe(at);
    // The random ids of tickets made before are recognised as such.
    expect(receivedAtOfTicketId("6f1c2a4e-0b7d-4c3e-9a51-2f6b8d9e0c17")).toBeUndefined();
  });
});
