import { sql } from "drizzle-orm";
import { type Database } from "./database.ts";
import { ticketIdFloor } from "./uuid.ts";

/** A table kept by month: the column that places a row, and a month's first value in it. */
interface MonthlyTable {
  readonly table: string;
  readonly column: string;
  readonly type: "timestamptz" | "uuid";
  readonly bound: (monthStart: Date) => string;
}

/**
 * The tables kept by month (migrations 20261201162909 and 20261201185653): contacts by time
 * received, tickets by their id, which carries the time received, and events with their ticket.
 */
export const MONTHLY_TABLES: readonly MonthlyTable[] = [
  { table: "contact", column: "received_at", type: "timestamptz", bound: (d) => d.toISOString() },
  { table: "ticket", column: "id", type: "uuid", bound: (d) => ticketIdFloor(d.getTime()) },
  { table: "ticket_event", column: "ticket_id", type: "uuid", bound: (d) => ticketIdFloor(d.getTime()) },
];

/** How far ahead months are made, so a write never waits for one. */
const MONTHS_AHEAD = 3;

/** A month's partition name: contact_y2026m12. */
export function partitionName(table: string, year: number, month: number): string {
  return `${table}_y${year}m${String(month).padStart(2, "0")}`;
}

/** What one run made, and the months it could not (their rows are already in the default partition). */
export interface PartitionRun {
  readonly created: readonly string[];
  readonly blocked: readonly string[];
}

/**
 * Makes this month's and the next months' partitions of every monthly table (months in UTC), and
 * earlier ones when asked (before loading a platform's history from its old system).
 * One instance at a time (an advisory lock), idempotent. A month whose rows already went to the
 * default partition (the app was down past its months ahead, or a backdated contact) is left
 * there and reported: creating it would fail, and the rows are found through the parent as well.
 */
export async function ensureMonthlyPartitions(db: Database, now: number, monthsAhead = MONTHS_AHEAD, monthsBack = 0): Promise<PartitionRun> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('hotline monthly partitions'))`);
    const created: string[] = [];
    const blocked: string[] = [];
    const d = new Date(now);
    for (const { table, column, type, bound } of MONTHLY_TABLES) {
      for (let i = -monthsBack; i <= monthsAhead; i++) {
        const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1));
        const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i + 1, 1));
        const name = partitionName(table, from.getUTCFullYear(), from.getUTCMonth() + 1);
        const exists = (await tx.execute(sql`select 1 from pg_class where relname = ${name}`)) as unknown as { rows: unknown[] };
        if (exists.rows.length) continue;
        const [lo, hi] = [bound(from), bound(to)];
        const stray = (await tx.execute(
          sql`select 1 from ${sql.identifier(`${table}_default`)} where ${sql.identifier(column)} >= ${lo}::${sql.raw(type)} and ${sql.identifier(column)} < ${hi}::${sql.raw(type)} limit 1`,
        )) as unknown as { rows: unknown[] };
        if (stray.rows.length) {
          blocked.push(name);
          continue;
        }
        await tx.execute(sql.raw(`create table "${name}" partition of "${table}" for values from ('${lo}') to ('${hi}')`));
        created.push(name);
      }
    }
    return { created, blocked };
  });
}
