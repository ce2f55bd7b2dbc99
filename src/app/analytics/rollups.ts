import { sql, type SQL } from "drizzle-orm";
import { analyticsZones, jurisdictions, rollupRefreshes } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { dayOfInstant, formatDay, startOfDayInstant } from "../../domain/calendar/local-date.ts";
import { OUTCOME_COLUMNS, OUTCOME_SQL } from "../../store/outcome-sql.ts";
import { RATINGS } from "../vocabulary.ts";

/** The rebuild's record; renamed when what is built changes (the cube was added), so the first run rebuilds everything. */
const DAILY = "ticket_daily_rollup+cube+outcomes";
/** A full rebuild at least this often catches what the changed-days rule cannot see (backdated imports). */
const FULL_EVERY_MS = 24 * 3_600_000;
/**
 * The full rebuild (minutes of a core at a big city's scale) is done in the night when it can:
 * the first refresh in these local hours, half a day or more after the last one.
 */
const QUIET_HOURS = { from: 2, to: 5 } as const;
const QUIET_GAP_MS = 12 * 3_600_000;

/** Is it the quiet night hours where the platforms are (the first platform's zone: one rebuild serves all)? */
async function quietNow(ctx: AppContext, now: number): Promise<boolean> {
  const [j] = await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions).orderBy(jurisdictions.id).limit(1);
  const p = j ? await policyOfJurisdiction(ctx, j.id) : undefined;
  const hour = new Date(now + (p?.ok ? p.value.utcOffsetMinutes : 0) * 60_000).getUTCHours();
  return hour >= QUIET_HOURS.from && hour < QUIET_HOURS.to;
}
/**
 * Changes are looked for from this long before the previous rebuild began: a transaction that
 * recorded its events before that rebuild but committed after it is still found.
 */
const IN_FLIGHT_MARGIN_MS = 10 * 60_000;

type Db = Pick<AppContext["db"], "execute">;

/** Writes each platform's time zone (policy data) where the rollup's SQL can read it; answers whether one changed. */
export async function recordZones(ctx: AppContext): Promise<boolean> {
  let changed = false;
  const known = new Map((await ctx.db.select().from(analyticsZones)).map((z) => [z.jurisdictionId, z.timeZone]));
  for (const j of await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions)) {
    const p = await policyOfJurisdiction(ctx, j.id);
    if (!p.ok || known.get(j.id) === p.value.timeZone) continue;
    changed = true;
    await ctx.db
      .insert(analyticsZones)
      .values({ jurisdictionId: j.id, timeZone: p.value.timeZone })
      .onConflictDoUpdate({ target: analyticsZones.jurisdictionId, set: { timeZone: p.value.timeZone } });
  }
  return changed;
}

/** The dimensions a count is grouped or filtered by, in the order of the cube's columns (status is grouped alone). */
const DIMS = ["channel", "type", "category", "district", "unit"] as const;
type Dim = (typeof DIMS)[number] | "status";
const ALL: readonly Dim[] = [...DIMS, "status"];

/** `grouping(channel, type, category, district, unit, status)` of a grouping set: a 1 bit for each column not grouped by. */
function groupingMask(grouped: readonly Dim[]): number {
  return ALL.reduce((m, d, i) => (grouped.includes(d) ? m : m | (1 << (ALL.length - 1 - i))), 0);
}

const SINGLES: readonly Dim[] = ALL;
const PAIRS: readonly (readonly [Dim, Dim])[] = DIMS.flatMap((a, i) => DIMS.slice(i + 1).map((b) => [a, b] as const));

/** Every dimension alone, the whole day, and every pair of the five (so any one filter is a stored row). */
const GROUPING_SETS = sql.raw(
  [...SINGLES.map((d) => `(jurisdiction_id, day, ${d})`), "(jurisdiction_id, day)", ...PAIRS.map(([a, b]) => `(jurisdiction_id, day, ${a}, ${b})`)].join(", "),
);

const caseOf = (arms: readonly (readonly [number, string])[], otherwise: string) =>
  sql.raw(`case g.gm ${arms.map(([m, e]) => `when ${m} then ${e}`).join(" ")} else ${otherwise} end`);
/** The first row of each group: a single dimension's value, 'all', or a pair filed under its first value. */
const FIRST_DIM = caseOf(
  [...SINGLES.map((d) => [groupingMask([d]), `'${d}'`] as const), ...PAIRS.map(([a, b]) => [groupingMask([a, b]), `'${a}=' || g.${a} || '|${b}'`] as const)],
  "'all'",
);
const FIRST_VALUE = caseOf(
  [...SINGLES.map((d) => [groupingMask([d]), `g.${d}`] as const), ...PAIRS.map(([a, b]) => [groupingMask([a, b]), `g.${b}`] as const)],
  "''",
);
/** The second row, for pairs only: filed under the second value. */
const SECOND_DIM = caseOf(
  PAIRS.map(([a, b]) => [groupingMask([a, b]), `'${b}=' || g.${b} || '|${a}'`] as const),
  "null",
);
const SECOND_VALUE = caseOf(
  PAIRS.map(([a, b]) => [groupingMask([a, b]), `g.${a}`] as const),
  "null",
);

/** The rollup's and the cube's counts, each a condition on a ticket (`t`), in the tables' column names. */
const MEASURES: readonly (readonly [string, SQL])[] = [
  ["concluded", sql`t.status in ('concluded', 'archived')`],
  ["with_feedback", sql`t.state ? 'feedback'`],
  ...OUTCOME_COLUMNS.map(([column, name]) => [column, OUTCOME_SQL[name](sql`t.state`)] as const),
  ...RATINGS.map((r) => [`rated_${r}`, sql`t.state->>'rating' = ${r}`] as const),
];
/** Every count column: how many received, then the measures. */
const COUNT_COLUMNS = sql.raw(["received", ...MEASURES.map(([c]) => c)].join(", "));
const SUMMED_COUNTS = sql.raw(["received", ...MEASURES.map(([c]) => c)].map((c) => `sum(${c})::int as ${c}`).join(", "));

/**
 * Writes the cube and the rollup for the tickets `source` yields (as `t`, with their platform's
 * zone as `z`), merged tickets excluded. The tickets are read once, into the cube (one row per
 * day and combination of dimensions); the rollup is summed from the cube: per local day and
 * dimension value, with every pair of dimensions filed under each of its values
 * (`type=complaint|unit` and `unit=…|type`).
 */
function rollupRowsOf(source: SQL): SQL {
  const counted = sql.join(
    MEASURES.map(([c, when]) => sql`(count(*) filter (where ${when}))::int as ${sql.raw(c)}`),
    sql`, `,
  );
  return sql`
    with k as materialized (
      select t.jurisdiction_id, (t.received_at at time zone coalesce(z.time_zone, 'UTC'))::date as day,
             t.channel, t.type, coalesce(t.category, '未分类') as category, coalesce(t.district, '未注明') as district,
             coalesce(t.lead_unit_id::text, '') as unit, t.status,
             count(*)::int as received, ${counted}
      from ${source}
      where t.status <> 'merged'
      group by 1, 2, 3, 4, 5, 6, 7, 8
    ),
    cube as (
      insert into ticket_daily_cube (jurisdiction_id, day, channel, type, category, district, unit, status, ${COUNT_COLUMNS})
      select * from k
    ),
    g as (
      select jurisdiction_id, day, grouping(channel, type, category, district, unit, status) as gm, channel, type, category, district, unit, status,
             ${SUMMED_COUNTS}
      from k
      group by grouping sets (${GROUPING_SETS})
    )
    -- A pair row is filed under each of its two values as the filter: dim 'type=complaint|unit' with the unit as value,
    -- and 'unit=…|type' with the type, so one filter over a span of days is one range of the key.
    insert into ticket_daily_rollup (jurisdiction_id, dim, day, value, ${COUNT_COLUMNS})
    select g.jurisdiction_id, x.dim, g.day, x.value, ${COUNT_COLUMNS}
    from g cross join lateral (values (${FIRST_DIM}, ${FIRST_VALUE}), (${SECOND_DIM}, ${SECOND_VALUE})) as x(dim, value)
    where x.dim is not null`;
}

/** Every day again: the first build, a zone change, and once a day. */
async function rebuildAll(tx: Db): Promise<number> {
  await tx.execute(sql`delete from ticket_daily_rollup`);
  await tx.execute(sql`delete from ticket_daily_cube`);
  await tx.execute(rollupRowsOf(sql`ticket t left join analytics_zone z on z.jurisdiction_id = t.jurisdiction_id`));
  const r = (await tx.execute(sql`select count(distinct (jurisdiction_id, day))::int as n from ticket_daily_rollup where dim = 'all'`)) as unknown as {
    rows: { n: number }[];
  };
  return r.rows[0]?.n ?? 0;
}

/**
 * Only the platform-days that hold a ticket changed since `since` (the database's clock): every
 * change of a ticket is an event, so the events recorded since then name them.
 */
async function rebuildChanged(tx: Db, since: Date): Promise<number> {
  const changed = (await tx.execute(sql`
    select distinct t.jurisdiction_id as j, to_char((t.received_at at time zone coalesce(z.time_zone, 'UTC'))::date, 'YYYY-MM-DD') as day
    from (select distinct ticket_id from ticket_event where recorded_at >= ${since.toISOString()}::timestamptz) e
      join ticket t on t.id = e.ticket_id
      left join analytics_zone z on z.jurisdiction_id = t.jurisdiction_id`)) as unknown as { rows: { j: string; day: string }[] };
  if (changed.rows.length === 0) return 0;
  const js = `{${changed.rows.map((r) => `"${r.j.replaceAll('"', '\\"')}"`).join(",")}}`;
  const days = `{${changed.rows.map((r) => r.day).join(",")}}`;
  const dirty = sql`unnest(${js}::text[], ${days}::date[]) as c(j, d)`;
  await tx.execute(sql`delete from ticket_daily_rollup r using ${dirty} where r.jurisdiction_id = c.j and r.day = c.d`);
  await tx.execute(sql`delete from ticket_daily_cube r using ${dirty} where r.jurisdiction_id = c.j and r.day = c.d`);
  // Each day's tickets through the (jurisdiction, received_at) index: the day's bounds in the platform's zone.
  // `offset 0` keeps the per-day subquery apart; flattened, the planner joined all tickets to the day list (10 s at 1 M tickets vs 33 ms).
  await tx.execute(
    rollupRowsOf(sql`${dirty} left join analytics_zone z on z.jurisdiction_id = c.j
      cross join lateral (select * from ticket t0 where t0.jurisdiction_id = c.j
                            and t0.received_at >= (c.d::timestamp at time zone coalesce(z.time_zone, 'UTC'))
                            and t0.received_at < ((c.d + 1)::timestamp at time zone coalesce(z.time_zone, 'UTC'))
                          offset 0) t`),
  );
  return changed.rows.length;
}

/** What one call of `refreshRollups` did. */
export interface RollupRefresh {
  /** False when another instance was rebuilding: this call did nothing. */
  readonly refreshed: boolean;
  readonly full: boolean;
  /** Platform-days recomputed. */
  readonly days: number;
  readonly tookMs: number;
}

/**
 * Brings the daily rollup up to date without blocking readers (they see the previous rows until
 * commit). Only the days holding a ticket changed since the previous rebuild are recomputed;
 * every day on the first build, after a platform's zone changed, once a day, or when asked.
 * One instance at a time: the others find the lock taken and skip this round.
 */
export async function refreshRollups(ctx: AppContext, opts: { full?: boolean; inFlightMarginMs?: number } = {}): Promise<RollupRefresh> {
  const zonesChanged = await recordZones(ctx);
  const started = Date.now();
  const done = await ctx.db.transaction(async (tx) => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${DAILY})) as ok`)) as unknown as { rows: { ok: boolean }[] };
    if (!lock.rows[0]?.ok) return undefined;
    // The per-day plan is cheap but estimated dear: compiling it (JIT) cost four times running it.
    await tx.execute(sql`set local jit = off`);
    const [prev] = await tx
      .select()
      .from(rollupRefreshes)
      .where(sql`${rollupRefreshes.name} = ${DAILY}`);
    const dbNow = ((await tx.execute(sql`select now() as at`)) as unknown as { rows: { at: string | Date }[] }).rows[0]?.at;
    const now = ctx.now();
    const sinceFull = prev?.fullAt ? now - prev.fullAt.getTime() : Infinity;
    const full =
      opts.full === true || zonesChanged || !prev?.dbStartedAt || sinceFull >= FULL_EVERY_MS || (sinceFull >= QUIET_GAP_MS && (await quietNow(ctx, now)));
    const days =
      full || !prev?.dbStartedAt
        ? await rebuildAll(tx)
        : await rebuildChanged(tx, new Date(prev.dbStartedAt.getTime() - (opts.inFlightMarginMs ?? IN_FLIGHT_MARGIN_MS)));
    const tookMs = Date.now() - started;
    const row = {
      refreshedAt: new Date(now),
      tookMs,
      fullAt: full ? new Date(now) : (prev?.fullAt ?? null),
      days,
      dbStartedAt: dbNow === undefined ? null : new Date(dbNow),
    };
    await tx
      .insert(rollupRefreshes)
      .values({ name: DAILY, ...row })
      .onConflictDoUpdate({ target: rollupRefreshes.name, set: row });
    return { full, days };
  });
  return { refreshed: done !== undefined, full: done?.full ?? false, days: done?.days ?? 0, tookMs: Date.now() - started };
}

/** When the daily rollup was last rebuilt, or undefined if never since it was created. */
export async function dailyRollupAsOf(ctx: AppContext): Promise<number | undefined> {
  const r = (await ctx.db.execute(sql`select refreshed_at from rollup_refresh where name = ${DAILY}`)) as unknown as {
    rows: { refreshed_at: string | Date }[];
  };
  const at = r.rows[0]?.refreshed_at;
  return at === undefined ? undefined : new Date(at).getTime();
}

/**
 * The local days `[from, to)` spans, when it is whole days and the rollup has been built:
 * then the rollup can answer, as of its last rebuild. Otherwise undefined: count the tickets.
 */
export async function rollupPeriod(
  ctx: AppContext,
  offsetMinutes: number,
  from: number,
  to: number,
): Promise<{ fromDay: string; toDay: string; asOf: number } | undefined> {
  const [fromDay, toDay] = [dayOfInstant(from, offsetMinutes), dayOfInstant(to, offsetMinutes)];
  if (startOfDayInstant(fromDay, offsetMinutes) !== from || startOfDayInstant(toDay, offsetMinutes) !== to) return undefined;
  const asOf = await dailyRollupAsOf(ctx);
  return asOf === undefined ? undefined : { fromDay: formatDay(fromDay), toDay: formatDay(toDay), asOf };
}
