import { sql } from "drizzle-orm";
import { analyticsZones, jurisdictions, rollupRefreshes } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { dayOfInstant, formatDay, startOfDayInstant } from "../../domain/calendar/local-date.ts";

const DAILY = "ticket_daily_rollup";

/** Writes each platform's time zone (policy data) where the rollup's SQL can read it. */
export async function recordZones(ctx: AppContext): Promise<void> {
  for (const j of await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions)) {
    const p = await policyOfJurisdiction(ctx, j.id);
    if (!p.ok) continue;
    await ctx.db
      .insert(analyticsZones)
      .values({ jurisdictionId: j.id, timeZone: p.value.timeZone })
      .onConflictDoUpdate({ target: analyticsZones.jurisdictionId, set: { timeZone: p.value.timeZone } });
  }
}

/**
 * Rebuilds the daily rollup without blocking readers. One instance at a time: the others find
 * the lock taken and skip this round. Answers whether this call rebuilt it.
 */
export async function refreshRollups(ctx: AppContext): Promise<{ refreshed: boolean; tookMs: number }> {
  await recordZones(ctx);
  const started = Date.now();
  const refreshed = await ctx.db.transaction(async (tx) => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${DAILY})) as ok`)) as unknown as { rows: { ok: boolean }[] };
    if (!lock.rows[0]?.ok) return false;
    await tx.execute(sql.raw(`refresh materialized view concurrently ${DAILY}`));
    const tookMs = Date.now() - started;
    await tx
      .insert(rollupRefreshes)
      .values({ name: DAILY, refreshedAt: new Date(ctx.now()), tookMs })
      .onConflictDoUpdate({ target: rollupRefreshes.name, set: { refreshedAt: new Date(ctx.now()), tookMs } });
    return true;
  });
  return { refreshed, tookMs: Date.now() - started };
}

/** When the daily rollup was last rebuilt, or undefined if never since it was created. */
export async function dailyRollupAsOf(ctx: AppContext): Promise<number | undefined> {
  const r = (await ctx.db.execute(sql`select refreshed_at from rollup_refresh where name = ${DAILY}`)) as unknown as { rows: { refreshed_at: string | Date }[] };
  const at = r.rows[0]?.refreshed_at;
  return at === undefined ? undefined : new Date(at).getTime();
}

/**
 * The local days `[from, to)` spans, when it is whole days and the rollup has been built:
 * then the rollup can answer, as of its last rebuild. Otherwise undefined: count the tickets.
 */
export async function rollupPeriod(ctx: AppContext, offsetMinutes: number, from: number, to: number): Promise<{ fromDay: string; toDay: string; asOf: number } | undefined> {
  const [fromDay, toDay] = [dayOfInstant(from, offsetMinutes), dayOfInstant(to, offsetMinutes)];
  if (startOfDayInstant(fromDay, offsetMinutes) !== from || startOfDayInstant(toDay, offsetMinutes) !== to) return undefined;
  const asOf = await dailyRollupAsOf(ctx);
  return asOf === undefined ? undefined : { fromDay: formatDay(fromDay), toDay: formatDay(toDay), asOf };
}
