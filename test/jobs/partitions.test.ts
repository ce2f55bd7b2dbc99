import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureMonthlyPartitions, partitionName } from "../../src/store/partitions.ts";
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
const month = (ms: number, plus = 0) => {
  const d = new Date(ms);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plus, 1));
  return [m.getUTCFullYear(), m.getUTCMonth() + 1] as const;
};

describe("contacts and ticket events are kept by month (issue 9)", () => {
  it("both tables are partitioned by month, with this month and the next three made at migration", async () => {
    const parents = await rows<{ relname: string }>(sql`select c.relname from pg_partitioned_table p join pg_class c on c.oid = p.partrelid order by 1`);
    expect(parents.map((p) => p.relname)).toEqual(["contact", "ticket_event"]);
    for (const table of ["contact", "ticket_event"]) {
      for (let i = 0; i <= 3; i++) {
        const name = partitionName(table, ...month(Date.now(), i));
        expect(await rows(sql`select 1 from pg_class where relname = ${name}`), name).toHaveLength(1);
      }
    }
  });

  it("a new ticket's contact and first event land in this month's partitions; a backdated contact in the default one, still found through the table", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(Date.now()));
    const [event] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from ticket_event where ticket_id = ${tk.id}`);
    expect(event!.part).toBe(partitionName("ticket_event", ...month(Date.now())));
    const [contact] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from contact where ticket_id = ${tk.id}`);
    expect(contact!.part).toBe(partitionName("contact", ...month(Date.now())));
    const old = Date.parse("2019-03-05T09:00:00+08:00");
    const backdated = await newTicket(t.ctx, "guangzhou", complaint(old, { content: "补录：2019年的来电" }));
    const [c] = await rows<{ part: string }>(sql`select tableoid::regclass::text as part from contact where ticket_id = ${backdated.id}`);
    expect(c!.part).toBe("contact_default");
    // Events stay append-only on the partitioned table.
    await expect(t.ctx.db.execute(sql`update ticket_event set command = 'x' where ticket_id = ${tk.id}`)).rejects.toThrow();
  });

  it("the job makes the months ahead once, and leaves a month whose rows already went to the default partition there", async () => {
    const again = await ensureMonthlyPartitions(t.ctx.db, Date.now());
    expect(again).toEqual({ created: [], blocked: [] });
    // Five months later: the two months beyond the first run's are made for both tables.
    const later = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 5, 10);
    const run = await ensureMonthlyPartitions(t.ctx.db, later);
    expect(run.created).toEqual(
      expect.arrayContaining([partitionName("contact", ...month(later, 3)), partitionName("ticket_event", ...month(later, 3))]),
    );
    // 2019-03 holds a contact in the default partition: that month is reported, not made.
    const blocked = await ensureMonthlyPartitions(t.ctx.db, Date.parse("2019-03-01T00:00:00Z"), 0);
    expect(blocked).toEqual({ created: [partitionName("ticket_event", 2019, 3)], blocked: [partitionName("contact", 2019, 3)] });
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from contact where received_at < '2020-01-01'`);
    expect(Number(n!.n)).toBe(1);
  });
});
