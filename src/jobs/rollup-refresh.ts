import { runEvery } from "./every.ts";
import { type AppContext } from "../app/context.ts";
import { refreshRollups } from "../app/analytics/rollups.ts";

/** Rebuilds the dashboard rollups every `intervalMs` (first within ten seconds); returns the stop function. */
export function startRollupRefresh(ctx: AppContext, intervalMs: number, log: (e: unknown) => void): () => Promise<void> {
  return runEvery(() => refreshRollups(ctx), intervalMs, log, Math.min(intervalMs, 10_000));
}
