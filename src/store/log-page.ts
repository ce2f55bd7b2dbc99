import { sql, type SQL } from "drizzle-orm";
import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { type Tx } from "./repositories/ticket.repository.ts";

// Logs (the audit log, the SMS log, the log of who viewed personal data) grow by thousands a day:
// a screen reads them a page at a time, newest first, continuing where the last page ended
// (a key on the time and id, not an offset that rereads every row before it), and counts them
// only up to a cap.

/** Where a newest-first page ended: the last row's time in microseconds since the epoch, and its id. */
export interface LogCursor {
  readonly micros: string;
  readonly id: string;
}

/** How many rows a filter finds, counted up to a cap ("10000+"). */
export interface ListTotal {
  readonly n: number;
  readonly capped: boolean;
}

/** A log counts up to this many rows: beyond it, a screen says "10000+" rather than scan years. */
export const LOG_TOTAL_CAP = 10_000;

/** The row's time as the cursor keeps it (to the microsecond, so no two rows share a key by rounding). */
export function cursorMicros(at: PgColumn): SQL<string> {
  return sql<string>`(extract(epoch from ${at}) * 1000000)::bigint::text`;
}

/** The rows after the cursor in newest-first order (none on the first page); `id` a uuid column, or text. */
export function olderThan(at: PgColumn, id: PgColumn, c: LogCursor | undefined, idType: "uuid" | "text" = "uuid"): SQL[] {
  if (!c) return [];
  const key = idType === "uuid" ? sql`${c.id}::uuid` : sql`${c.id}::text`;
  return [sql`(${at}, ${id}) < ('epoch'::timestamptz + (${c.micros} || ' microseconds')::interval, ${key})`];
}

/** The rows after the cursor in oldest-first order (a queue by due time); `id` a uuid column, or text. */
export function laterThan(at: PgColumn, id: PgColumn, c: LogCursor | undefined, idType: "uuid" | "text" = "uuid"): SQL[] {
  if (!c) return [];
  const key = idType === "uuid" ? sql`${c.id}::uuid` : sql`${c.id}::text`;
  return [sql`(${at}, ${id}) > ('epoch'::timestamptz + (${c.micros} || ' microseconds')::interval, ${key})`];
}

/** A page read one row long: the rows to show, and the cursor of the next page when there is one. */
export function pageOf<R extends { micros: string }>(
  rows: readonly R[],
  limit: number,
  idOf: (r: R) => string = (r) => (r as unknown as { id: string }).id,
): { rows: Omit<R, "micros">[]; next: LogCursor | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { rows: shown.map(({ micros: _, ...r }) => r), next: rows.length > limit && last ? { micros: last.micros, id: idOf(last) } : null };
}

/** How many rows of a table a filter finds, counted up to `cap`. */
export async function cappedCount(db: Tx, table: PgTable, where: SQL | undefined, cap = LOG_TOTAL_CAP): Promise<ListTotal> {
  const inner = db
    .select({ one: sql`1` })
    .from(table)
    .where(where)
    .limit(cap + 1);
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(inner.as("x"));
  const n = r?.n ?? 0;
  return n > cap ? { n: cap, capped: true } : { n, capped: false };
}

/** Which page to read: how many rows, after which cursor (none: the newest). */
export interface LogPageRequest {
  readonly limit: number;
  readonly cursor?: LogCursor | undefined;
}
