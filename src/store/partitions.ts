import { sql } from "drizzle-orm";
import { type Database } from "./database.ts";

/** The tables kept by month, and the column that places a row (see migration 20261201162909). */
export const MONTHLY_TABLES = [
  { table: "contact", column: "received_at" },
  { table: "ticket_event", column: "recorded_at" },
] as const;

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
 * Makes this month's and the next months' partitions of every monthly table (months in UTC).
 * One instance at a time (an advisory lock), idempotent. A month whose rows already went to the
 * default partition (the app was down past its months ahead, or a backdated contact) is left
 * there and reported: creating it would fail, and the rows are found through the parent as well.
 */
export async function ensureMonthlyPartitions(db: Database, now: number, monthsAhead = MONTHS_AHEAD): Promise<PartitionRun> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('hotline monthly partitions'))`);
    const created: string[] = [];
    const blocked: string[] = [];
    const d = new Date(now);
    for (const { table, column } of MONTHLY_TABLES) {
      for (let i = 0; i <= monthsAhead; i++) {
        const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1));
        const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i + 1, 1));
        const name = partitionName(table, from.getUTCFullYear(), from.getUTCMonth() + 1);
        const exists = (await tx.execute(sql`select 1 from pg_class where relname = ${name}`)) as unknown as { rows: unknown[] };
        if (exists.rows.length) continue;
        const stray = (await tx.execute(sql`select 1 from ${sql.identifier(`${table}_default`)} where ${sql.identifier(column)} >= ${from.toISOString()}::timestamptz and ${sql.identifier(column)} < ${to.toISOString()}::timestamptz limit 1`)) as unknown as { rows: unknown[] };
        if (stray.rows.length) {
          blocked.push(name);
          continue;
        }
        await tx.execute(sql.raw(`create table "${name}" partition of "${table}" for values from ('${from.toISOString()}') to ('${to.toISOString()}')`));
        created.push(name);
      }
    }
    return { created, blocked };
  });
}
