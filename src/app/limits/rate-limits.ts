import { countRateLimitHit, sweepRateLimits } from "../../store/repositories/rate-limit.repository.ts";
import { type AppContext } from "../context.ts";

/** Every so many hits an instance deletes the windows that ended a day ago. */
const SWEEP_EVERY = 1000;
const hits = new WeakMap<AppContext, number>();

/**
 * One request of a client counted in its window, across every instance (the `rate_limit`
 * table): how many so far, and how long the window has left.
 */
export async function countHit(ctx: AppContext, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
  const counted = await countRateLimitHit(ctx.db, key, windowMs);
  const n = (hits.get(ctx) ?? 0) + 1;
  hits.set(ctx, n);
  if (n % SWEEP_EVERY === 0) void sweepRateLimits(ctx.db).catch(() => undefined);
  return counted;
}
