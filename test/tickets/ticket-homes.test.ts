import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTicketToChange } from "../../src/store/repositories/ticket.repository.ts";
import { TicketHomes } from "../../src/store/ticket-homes.ts";
import { ticketIdFloor } from "../../src/store/uuid.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { complaint, newTicket, TestClock } from "../support/tickets.ts";

// Today: the months made at start are this one and the next three (store/partitions.ts).
const clock = new TestClock(Date.now());
const today = new Date(clock.now());
const thisMonth = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
const nextMonth = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1);
const thisMonthsPartition = `ticket_y${today.getUTCFullYear()}m${String(today.getUTCMonth() + 1).padStart(2, "0")}`;
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t?.close());

/** Where PostgreSQL puts a ticket row with this id: inserted in a transaction that is rolled back. */
async function placed(ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await t.ctx.db
    .transaction(async (tx) => {
      // Random ids do not carry their receipt time: the check is lifted inside this transaction only.
      await tx.execute(sql`alter table ticket drop constraint ticket_id_carries_received_at`);
      for (const id of ids) {
        await tx.execute(sql`insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, received_at, version, state, created_at, updated_at)
          values (${id}::uuid, 'guangzhou', 'X', 'awaiting_dispatch', 'complaint', 'phone', false, now(), 1, '{}', now(), now())`);
        const { rows } = (await tx.execute(sql`select tableoid::regclass::text as home from ticket where id = ${id}::uuid`)) as unknown as {
          rows: { home: string }[];
        };
        out.set(id, rows[0]?.home ?? "");
      }
      throw new Error("rolled back");
    })
    .catch((e: Error) => {
      if (e.message !== "rolled back") throw e;
    });
  return out;
}

describe("a ticket's partition worked out from its id (issue 3: one prepared read per ticket)", () => {
  it("names the partition PostgreSQL puts the row in: a month's at both its bounds, the default for a month without one, random ids wherever their value falls", async () => {
    const homes = await TicketHomes.load(t.ctx.db);
    const ids = [
      ticketIdFloor(thisMonth),
      ticketIdFloor(thisMonth - 1).replace(/0000-0000-000000000000$/, "ffff-ffff-ffffffffffff"),
      ticketIdFloor(nextMonth - 1).replace(/0000-0000-000000000000$/, "7fff-bfff-ffffffffffff"),
      ticketIdFloor(Date.UTC(2099, 0, 1)),
      ...Array.from({ length: 20 }, () => randomUUID()),
    ];
    const where = await placed(ids);
    expect(where.get(ids[0]!)).toBe(thisMonthsPartition);
    expect(where.get(ids[2]!)).toBe(thisMonthsPartition);
    expect(where.get(ids[3]!)).toBe("ticket_default");
    for (const id of ids) expect([id, homes.of(id)]).toEqual([id, where.get(id)]);
  });

  it("a month made after the months were read: the ticket is still read and its partition learnt", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 60_000));
    // Knows of no month yet: what an instance started before this month's partition was made knows.
    const homes = new TicketHomes(new Set(["ticket_default"]));
    expect(homes.of(tk.id)).toBe("ticket_default");
    const loaded = await loadTicketToChange(t.ctx.db, tk.id, homes);
    expect(loaded).toEqual({ state: tk, home: thisMonthsPartition });
    expect(homes.of(tk.id)).toBe(thisMonthsPartition);
  });
});

describe("a month's ticket writes keep to the key's index as the month fills", () => {
  /** The plan a prepared save-shaped update keeps on an empty month (the generic plan every connection caches after a few calls). */
  async function cachedPlan(db: TestApp["ctx"]["db"], partition: string): Promise<string> {
    return db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(`prepare keyed_update(jsonb, text) as update ${partition} t set version = t.version from jsonb_to_recordset($1) as s(id uuid, expected int)
        where t.id = s.id and t.version = s.expected and t.id = any($2::uuid[])`),
      );
      await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
      const r = (await tx.execute(sql`explain execute keyed_update('[]', '{}')`)) as unknown as { rows: { "QUERY PLAN": string }[] };
      await tx.execute(sql`deallocate keyed_update`);
      return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
    });
  }

  it.skipIf(!process.env["TEST_PG_URL"])(
    "the ticket writes' connections plan an empty month's rows by the key's index; ordinary connections would keep reading the whole month",
    async () => {
      // The month after next: made at start, empty.
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 2, 1));
      const empty = `ticket_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
      const keyed = await cachedPlan(t.ctx.handle.byKey, empty);
      expect(keyed).toContain(`Index Scan on ${empty}_pkey`);
      expect(keyed).not.toContain("Seq Scan");
      // Why: PostgreSQL 15 prices an empty, never-analysed month at 10 pages, where a scan is cheaper.
      expect(await cachedPlan(t.ctx.db, empty)).toContain(`Seq Scan on ${empty}`);
    },
  );
});
