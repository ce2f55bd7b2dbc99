import { sql } from "drizzle-orm";
import { type Database } from "../database.ts";

/**
 * Counts one hit of a key in its window, timed by the database's clock so instances need not
 * agree on theirs: the count so far and the milliseconds the window has left.
 */
export async function countRateLimitHit(db: Database, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
  const r = await db.execute(sql`
    insert into rate_limit (key, count, window_start) values (${key}, 1, now())
    on conflict (key) do update set
      count = case when rate_limit.window_start + make_interval(secs => ${windowMs} / 1000.0) <= now() then 1 else rate_limit.count + 1 end,
      window_start = case when rate_limit.window_start + make_interval(secs => ${windowMs} / 1000.0) <= now() then now() else rate_limit.window_start end
    returning count, greatest(0, extract(epoch from (window_start + make_interval(secs => ${windowMs} / 1000.0) - now())) * 1000)::float8 as ttl`);
  const row = (r as unknown as { rows: { count: number; ttl: number }[] }).rows[0];
  return { current: Number(row?.count ?? 1), ttl: Math.ceil(Number(row?.ttl ?? windowMs)) };
}

/** Deletes the windows that ended a day ago. */
export async function sweepRateLimits(db: Database): Promise<void> {
  await db.execute(sql`delete from rate_limit where window_start < now() - interval '1 day'`);
}
