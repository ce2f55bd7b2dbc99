import { sql, type SQL } from "drizzle-orm";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { rollupPeriod } from "./rollups.ts";
import { type OutcomeCounts, rateFromCounts, type RateFigure } from "../../domain/assessment/outcome-counts.ts";
import { OUTCOME_COLUMNS, outcomeCounts } from "../../store/outcome-sql.ts";
import { periodFormulas, type PeriodFormulas } from "./period-formulas.ts";

/** What the counts are grouped by. */
export const GROUP_BY = ["day", "month", "channel", "type", "category", "district", "unit"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Filters of the counts; each narrows to one value. */
export interface CountFilter {
  readonly channel?: string;
  readonly type?: string;
  readonly category?: string;
  readonly district?: string;
  readonly unitId?: string;
}

/** A group's counts as summed: received, concluded, with feedback, and each outcome the formulas name. */
type Sums = { readonly key: string; readonly received: number; readonly concluded: number; readonly withFeedback: number } & Omit<OutcomeCounts, "handled">;

/**
 * One group's counts and the rates made from them (null where there is nothing to divide):
 * 按时反馈率 over the tickets with feedback, and 满意率 and 按时办结率 by the policy's formulas,
 * each with its numerator and denominator.
 */
export interface CountRow extends Sums {
  readonly onTimeRate: number | null;
  readonly satisfactionRate: number | null;
  readonly satisfaction: RateFigure | null;
  readonly concludedOnTime: RateFigure | null;
}

/** Counts with where they came from: the daily rollup (as of its last rebuild) or the tickets themselves. */
export interface Counts {
  readonly rows: CountRow[];
  readonly source: "rollup" | "live";
  /** For rollup answers: when the rollup was rebuilt (the counts are as of then). */
  readonly asOf?: number;
  /** The formulas the rates were counted by: those in force on the period's first day. */
  readonly formulas: PeriodFormulas;
}

function withRates(rows: Sums[], f: PeriodFormulas): CountRow[] {
  return rows.map((x) => {
    const c: OutcomeCounts = { ...x, handled: x.received };
    const satisfaction = rateFromCounts(f.rates.satisfaction, c) ?? null;
    return {
      ...x,
      onTimeRate: x.withFeedback ? x.onTime / x.withFeedback : null,
      satisfactionRate: satisfaction?.rate ?? null,
      satisfaction,
      concludedOnTime: rateFromCounts(f.rates.concludedOnTime, c) ?? null,
    };
  });
}

/**
 * Counts and rates of a platform's tickets received in `[from, to)`, by one dimension, with
 * filters (GZ-9, GX-17): received, concluded, replies in time, satisfaction. A question over
 * whole local days is answered as of the last rebuild (a job, every few minutes): without a
 * filter or with one from the rollup, with several from the cube;
 * a partial day, or `live`, from the tickets themselves.
 */
export async function countTickets(
  ctx: AppContext,
  jurisdictionId: string,
  from: number,
  to: number,
  groupBy: GroupBy,
  f: CountFilter,
  opts: { live?: boolean } = {},
): Promise<Counts> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  const zone = p.ok ? p.value.timeZone : "UTC";
  const offset = p.ok ? p.value.utcOffsetMinutes : 0;
  const formulas = periodFormulas(p.ok ? p.value : undefined, from);
  const span = opts.live ? undefined : await rollupPeriod(ctx, offset, from, to);
  if (!span) return { rows: withRates(await live(ctx, jurisdictionId, zone, from, to, groupBy, f), formulas), source: "live", formulas };
  const filter = rollupFilter(f);
  const rows =
    filter === false
      ? await fromCube(ctx, jurisdictionId, span.fromDay, span.toDay, groupBy, f)
      : await fromRollup(ctx, jurisdictionId, span.fromDay, span.toDay, groupBy, filter);
  return { rows: withRates(rows, formulas), source: "rollup", asOf: span.asOf, formulas };
}

/** The filter the rollup can answer: none, or any one dimension's value; `false` for several (the cube answers those). */
type RollupFilter = { readonly dim: "channel" | "type" | "category" | "district" | "unit"; readonly value: string } | undefined;
function rollupFilter(f: CountFilter): RollupFilter | false {
  const set = Object.entries(f).filter(([, v]) => v !== undefined);
  if (set.length === 0) return undefined;
  if (set.length > 1) return false;
  const [name, value] = set[0]!;
  return { dim: name === "unitId" ? "unit" : (name as Exclude<keyof CountFilter, "unitId">), value: String(value) };
}

/** The count columns of a rollup or cube row (table alias `a`), summed into a {@link CountRow}'s numbers. */
function sumsOf(a: "r" | "c"): SQL {
  return sql.raw(SUM_COLUMNS.map(([col, name]) => `sum(${a}.${col})::int as "${name}"`).join(", "));
}
/** The summed columns and the names they answer under. */
const SUM_COLUMNS = [["received", "received"], ["concluded", "concluded"], ["with_feedback", "withFeedback"], ...OUTCOME_COLUMNS] as const;

/**
 * Sums the rollup's rows for `[fromDay, toDay)`: one dimension's rows, or the "all" rows by day
 * or month; with a filter, that dimension's row for days and months, else the rows filed under
 * the filter (`type=complaint|unit`, `unit=…|category`…).
 */
async function fromRollup(ctx: AppContext, jurisdictionId: string, fromDay: string, toDay: string, groupBy: GroupBy, filter: RollupFilter): Promise<Sums[]> {
  const byDate = groupBy === "day" || groupBy === "month";
  let dim: string = byDate ? "all" : groupBy;
  let match: SQL = sql`true`;
  if (filter && (byDate || groupBy === filter.dim)) {
    dim = filter.dim;
    match = sql`r.value = ${filter.value}`;
  } else if (filter) {
    dim = `${filter.dim}=${filter.value}|${groupBy}`;
  }
  const key =
    groupBy === "day"
      ? sql`to_char(r.day, 'YYYY-MM-DD')`
      : groupBy === "month"
        ? sql`to_char(r.day, 'YYYY-MM')`
        : groupBy === "unit"
          ? sql`coalesce(u.name, '未派单')`
          : sql`r.value`;
  const res = (await ctx.db.execute(sql`
    select ${key} as key, ${sumsOf("r")}
    from ticket_daily_rollup r left join unit u on ${groupBy === "unit" ? sql`u.id::text = r.value` : sql`false`}
    where r.jurisdiction_id = ${jurisdictionId} and r.dim = ${dim} and r.day >= ${fromDay}::date and r.day < ${toDay}::date and ${match}
    group by 1 order by ${byDate ? sql`1` : sql`2 desc, 1`}
    limit 500`)) as unknown as { rows: Sums[] };
  return res.rows;
}

/**
 * Sums the cube's rows for `[fromDay, toDay)` with every filter: the planner reads the most
 * selective filter's index (channel, category, district or unit, each with the day).
 */
async function fromCube(ctx: AppContext, jurisdictionId: string, fromDay: string, toDay: string, groupBy: GroupBy, f: CountFilter): Promise<Sums[]> {
  const key: Record<GroupBy, SQL> = {
    day: sql`to_char(c.day, 'YYYY-MM-DD')`,
    month: sql`to_char(c.day, 'YYYY-MM')`,
    channel: sql`c.channel`,
    type: sql`c.type`,
    category: sql`c.category`,
    district: sql`c.district`,
    unit: sql`coalesce(u.name, '未派单')`,
  };
  const where: SQL[] = [sql`c.jurisdiction_id = ${jurisdictionId}`, sql`c.day >= ${fromDay}::date`, sql`c.day < ${toDay}::date`];
  if (f.channel) where.push(sql`c.channel = ${f.channel}`);
  if (f.type) where.push(sql`c.type = ${f.type}`);
  if (f.category) where.push(sql`c.category = ${f.category}`);
  if (f.district) where.push(sql`c.district = ${f.district}`);
  if (f.unitId) where.push(sql`c.unit = ${f.unitId}`);
  const res = (await ctx.db.execute(sql`
    select ${key[groupBy]} as key, ${sumsOf("c")}
    from ticket_daily_cube c left join unit u on ${groupBy === "unit" ? sql`u.id::text = c.unit` : sql`false`}
    where ${sql.join(where, sql` and `)}
    group by 1 order by ${groupBy === "day" || groupBy === "month" ? sql`1` : sql`2 desc, 1`}
    limit 500`)) as unknown as { rows: Sums[] };
  return res.rows;
}

async function live(ctx: AppContext, jurisdictionId: string, zone: string, from: number, to: number, groupBy: GroupBy, f: CountFilter): Promise<Sums[]> {
  const key: Record<GroupBy, SQL> = {
    day: sql`to_char(t.received_at at time zone ${zone}, 'YYYY-MM-DD')`,
    month: sql`to_char(t.received_at at time zone ${zone}, 'YYYY-MM')`,
    channel: sql`t.channel`,
    type: sql`t.type`,
    category: sql`coalesce(t.category, '未分类')`,
    district: sql`coalesce(t.district, '未注明')`,
    unit: sql`coalesce(u.name, '未派单')`,
  };
  const where: SQL[] = [sql`t.jurisdiction_id = ${jurisdictionId}`, ctx.ticketIds.receivedIn("t", from, to), sql`t.status <> 'merged'`];
  if (f.channel) where.push(sql`t.channel = ${f.channel}`);
  if (f.type) where.push(sql`t.type = ${f.type}`);
  // The groups' own names filter too (未分类, 未注明), as they do in the rollup and the cube.
  if (f.category) where.push(sql`coalesce(t.category, '未分类') = ${f.category}`);
  if (f.district) where.push(sql`coalesce(t.district, '未注明') = ${f.district}`);
  if (f.unitId) where.push(sql`t.lead_unit_id = ${f.unitId}::uuid`);
  const r = (await ctx.db.execute(sql`
    select ${key[groupBy]} as key,
      count(*)::int as received,
      count(*) filter (where t.status in ('concluded', 'archived'))::int as concluded,
      count(*) filter (where t.state ? 'feedback')::int as "withFeedback",
      ${outcomeCounts(sql`t.state`)}
    from ticket t left join unit u on u.id = t.lead_unit_id
    where ${sql.join(where, sql` and `)}
    group by 1 order by ${groupBy === "day" || groupBy === "month" ? sql`1` : sql`2 desc, 1`}
    limit 500`)) as unknown as { rows: Sums[] };
  return r.rows;
}
