import { sql } from "drizzle-orm";
import { type Database } from "../store/database.ts";

type Incr = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Every so many increments a store deletes the windows that ended a day ago. */
const SWEEP_EVERY = 1000;

/**
 * A `@fastify/rate-limit` store over the `rate_limit` table, so that several instances behind
 * a load balancer count one client together (the library's own store counts per process).
 * One upsert per request, timed by the database's clock so instances need not agree on theirs.
 */
export function databaseRateLimitStore(db: Database) {
  let calls = 0;
  return class DatabaseRateLimitStore {
    private readonly prefix: string;

    /** The plugin passes its options (unused here); `child` passes the route's key prefix. */
    constructor(_options?: unknown, prefix = "") {
      this.prefix = prefix;
    }

    incr(key: string, cb: Incr, timeWindow: number): void {
      const k = `${this.prefix}${key}`;
      const windowMs = Math.max(1, Math.floor(timeWindow));
      db.execute(sql`
        insert into rate_limit (key, count, window_start) values (${k}, 1, now())
        on conflict (key) do update set
          count = case when rate_limit.window_start + make_interval(secs => ${windowMs} / 1000.0) <= now() then 1 else rate_limit.count + 1 end,
          window_start = case when rate_limit.window_start + make_interval(secs => ${windowMs} / 1000.0) <= now() then now() else rate_limit.window_start end
        returning count, greatest(0, extract(epoch from (window_start + make_interval(secs => ${windowMs} / 1000.0) - now())) * 1000)::float8 as ttl`)
        .then((r) => {
          const row = (r as unknown as { rows: { count: number; ttl: number }[] }).rows[0];
          cb(null, { current: Number(row?.count ?? 1), ttl: Math.ceil(Number(row?.ttl ?? windowMs)) });
          if (++calls % SWEEP_EVERY === 0) void db.execute(sql`delete from rate_limit where window_start < now() - interval '1 day'`).catch(() => undefined);
        })
        .catch((e: unknown) => cb(e instanceof Error ? e : new Error(String(e))));
    }

    child(routeOptions: { method?: string | string[]; url?: string; path?: string }): DatabaseRateLimitStore {
      const method = Array.isArray(routeOptions.method) ? routeOptions.method.join(",") : (routeOptions.method ?? "");
      return new DatabaseRateLimitStore(undefined, `${method} ${routeOptions.url ?? routeOptions.path ?? ""}|`);
    }
  };
}
