/** Spans read in turn, back from now: a month, a quarter, a year, then the rest. */
const WINDOW_DAYS = [31, 92, 366] as const;
const DAY = 86_400_000;

import { sql, type SQL } from "drizzle-orm";
import { type PgColumn } from "drizzle-orm/pg-core";

/** A span of receipt [lower, upper): either end open. */
export interface Span {
  readonly lower: number | undefined;
  readonly upper: number | undefined;
}

/** The conditions of a span on a time column (none for an open end). */
export function spanOf(column: PgColumn | SQL, { lower, upper }: Span): SQL[] {
  return [
    ...(lower !== undefined ? [sql`${column} >= ${new Date(lower).toISOString()}::timestamptz`] : []),
    ...(upper !== undefined ? [sql`${column} < ${new Date(upper).toISOString()}::timestamptz`] : []),
  ];
}

/**
 * Reads a newest-first list of rows kept in monthly partitions window by window, back from
 * `anchor`, until `limit` rows are in: each read names its span, so PostgreSQL plans it on those
 * months only, and a page of recent rows never touches the years before. The spans are disjoint
 * and newest first, so their rows joined keep the order of one query over them all. The first
 * span has no upper end (a row received later than `anchor`, by a skewed clock, still comes first).
 */
export async function newestFirst<T>(anchor: number, limit: number, read: (span: Span, n: number) => Promise<readonly T[]>): Promise<T[]> {
  const rows: T[] = [];
  let upper: number | undefined;
  for (const days of [...WINDOW_DAYS, undefined]) {
    const lower = days === undefined ? undefined : anchor - days * DAY;
    rows.push(...(await read({ lower, upper }, limit - rows.length)));
    if (rows.length >= limit) break;
    upper = lower;
  }
  return rows;
}
