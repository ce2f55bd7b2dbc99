import { sql, type SQL } from "drizzle-orm";
import { type AppContext } from "../context.ts";

const DAY = 86_400_000;

/**
 * Working records that only serve the machinery (deduplication, sign-in, delivery bookkeeping)
 * and would otherwise grow for ever, with how long each is kept and why. The hotline's records
 * (tickets, events, contacts, calls, notices sent, audit and access logs, archive) are not here:
 * they are kept by the archive's retention (GX-28) and never swept.
 */
export const SWEPT_RECORDS: readonly {
  readonly kind: string;
  readonly table: string;
  readonly keepDays: number;
  readonly expired: (cutoff: string) => SQL;
  readonly why: string;
}[] = [
  {
    kind: "expired sign-in sessions",
    table: "session",
    keepDays: 1,
    expired: (c) => sql`expires_at < ${c}::timestamptz`,
    why: "a session past its expiry signs nobody in",
  },
  {
    kind: "intake idempotency keys",
    table: "idempotency_key",
    keepDays: 90,
    expired: (c) => sql`created_at < ${c}::timestamptz`,
    why: "channels retry within hours; a key is kept well beyond any retry",
  },
  {
    kind: "pushes already delivered (region, unit systems)",
    table: "exchange_outbox",
    keepDays: 30,
    expired: (c) => sql`status in ('sent', 'dropped') and created_at < ${c}::timestamptz`,
    why: "the receiver holds them; a delivered version is never sent again",
  },
  {
    kind: "versions received from cities",
    table: "exchange_receipt",
    keepDays: 180,
    expired: (c) => sql`received_at < ${c}::timestamptz`,
    why: "the copy keeps only newer versions anyway; the receipt only stops a resend",
  },
  {
    kind: "items handed over by unit systems",
    table: "handover_receipt",
    keepDays: 180,
    expired: (c) => sql`received_at < ${c}::timestamptz`,
    why: "a unit's system resends within minutes; commands carry their version besides",
  },
  {
    kind: "timer firings",
    table: "timer_firing",
    keepDays: 400,
    expired: (c) => sql`fired_at < ${c}::timestamptz`,
    why: "operations look back a year at most; the ticket's events keep what the timer did",
  },
  {
    kind: "rate-limit windows",
    table: "rate_limit",
    keepDays: 1,
    expired: (c) => sql`window_start < ${c}::timestamptz`,
    why: "a window older than a day limits nothing",
  },
];

/** Rows removed per statement: short transactions, so writers never wait long on the sweep. */
const BATCH = 5_000;

/**
 * Removes the working records past their keeping time (see {@link SWEPT_RECORDS}), in batches.
 * Safe on several instances at once (each batch deletes what it finds); answers what went per kind.
 */
export async function sweepWorkingRecords(ctx: AppContext, now = ctx.now()): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const r of SWEPT_RECORDS) {
    const cutoff = new Date(now - r.keepDays * DAY).toISOString();
    let total = 0;
    for (;;) {
      const res = (await ctx.db.execute(sql`
        delete from ${sql.identifier(r.table)} where ctid in (select ctid from ${sql.identifier(r.table)} where ${r.expired(cutoff)} limit ${BATCH})`)) as unknown as {
        rowCount?: number | null;
        affectedRows?: number;
      };
      const n = Number(res.rowCount ?? res.affectedRows ?? 0);
      total += n;
      if (n < BATCH) break;
    }
    removed[r.table] = total;
  }
  return removed;
}
