import { countHit } from "../app/limits/rate-limits.ts";
import { type AppContext } from "../app/context.ts";

type Incr = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A `@fastify/rate-limit` store over the shared count (`app/limits/rate-limits.ts`), so that
 * several instances behind a load balancer count one client together (the library's own store
 * counts per process). One upsert per request.
 */
export function databaseRateLimitStore(ctx: AppContext) {
  return class DatabaseRateLimitStore {
    private readonly prefix: string;

    /** The plugin passes its options (unused here); `child` passes the route's key prefix. */
    constructor(_options?: unknown, prefix = "") {
      this.prefix = prefix;
    }

    incr(key: string, cb: Incr, timeWindow: number): void {
      countHit(ctx, `${this.prefix}${key}`, Math.max(1, Math.floor(timeWindow))).then(
        (r) => cb(null, r),
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
    }

    child(routeOptions: { method?: string | string[]; url?: string; path?: string }): DatabaseRateLimitStore {
      const method = Array.isArray(routeOptions.method) ? routeOptions.method.join(",") : (routeOptions.method ?? "");
      return new DatabaseRateLimitStore(undefined, `${method} ${routeOptions.url ?? routeOptions.path ?? ""}|`);
    }
  };
}
