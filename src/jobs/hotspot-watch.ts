import { runEvery } from "./every.ts";
import { type AppContext } from "../app/context.ts";
import { raiseHotspotAlerts } from "../app/analytics/hotspot-alerts.ts";
import { jurisdictions } from "../store/schema/index.ts";

/** Runs `raiseHotspotAlerts` for every platform every `intervalMs` (first within a minute); returns the stop function. */
export function startHotspotWatch(ctx: AppContext, intervalMs: number, log: (e: unknown) => void): () => Promise<void> {
  return runEvery(
    async () => {
      for (const r of await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions)) await raiseHotspotAlerts(ctx, r.id);
    },
    intervalMs,
    log,
    Math.min(intervalMs, 60_000),
  );
}
