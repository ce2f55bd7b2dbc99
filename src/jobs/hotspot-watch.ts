import { type AppContext } from "../app/context.ts";
import { raiseHotspotAlerts } from "../app/analytics/hotspot-alerts.ts";
import { jurisdictions } from "../store/schema/index.ts";

/** Runs `raiseHotspotAlerts` for every platform every `intervalMs`; returns the stop function. */
export function startHotspotWatch(ctx: AppContext, intervalMs: number, log: (e: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    running = ctx.db
      .select({ id: jurisdictions.id })
      .from(jurisdictions)
      .then(async (rows) => {
        for (const r of rows) await raiseHotspotAlerts(ctx, r.id);
      })
      .catch(log)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, Math.min(intervalMs, 60_000));
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

