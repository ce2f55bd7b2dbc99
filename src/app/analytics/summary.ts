import { sql } from "drizzle-orm";
import { type AppContext } from "../context.ts";
import { RATINGS, type Rating } from "../vocabulary.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { rollupPeriod } from "./rollups.ts";
import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";
import { type OutcomeCounts, rateFromCounts, type RateFigure } from "../../domain/assessment/outcome-counts.ts";
import { OUTCOME_COLUMNS, outcomeCounts } from "../../store/outcome-sql.ts";
import { periodFormulas, type PeriodFormulas } from "./period-formulas.ts";

/** One bucket of a breakdown. */
export interface Bucket {
  readonly key: string;
  readonly n: number;
}

/** The figures of the dashboard for a platform and a period (GZ-9: full-process monitoring). */
export interface Summary {
  readonly total: number;
  readonly byChannel: Bucket[];
  readonly byType: Bucket[];
  readonly byStatus: Bucket[];
  readonly topCategories: Bucket[];
  readonly byDay: Bucket[];
  readonly overdueByUnit: { unit: string; n: number }[];
  /** Tickets whose feedback came in by their limit, among those with feedback. */
  readonly onTime: { onTime: number; withFeedback: number };
  readonly ratings: Bucket[];
  /** 满意率 and 按时办结率 by the policy's formulas in force on the period's first day, with their two numbers. */
  readonly rates: { readonly satisfaction: RateFigure | null; readonly concludedOnTime: RateFigure | null };
  readonly formulas: PeriodFormulas;
  /** Where the period's figures came from; overdue by unit is always counted now. */
  readonly source: "rollup" | "live";
  readonly asOf?: number;
}

type Rows<T> = { rows: T[] };

/**
 * Counts and rates for a platform over [from, to) (merged tickets count once, in the ticket they
 * joined). Whole local days are answered from the daily rollup once it has been built, as of its
 * last rebuild; other periods, or `live`, from the tickets. Overdue by unit is the state now,
 * counted from the few open overdue tickets.
 */
export async function summary(ctx: AppContext, jurisdictionId: string, from: number, to: number, opts: { live?: boolean } = {}): Promise<Summary> {
  // Days are the platform's days: its policy names the zone.
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  const zone = p.ok ? p.value.timeZone : "UTC";
  const offset = p.ok ? p.value.utcOffsetMinutes : 0;
  // State now and the period's figures are independent questions: asked together.
  const overdue = ctx.db.execute(
    sql`select coalesce(u.name, '未派单') as unit, count(*)::int as n from ticket t left join unit u on u.id = t.lead_unit_id
        where t.jurisdiction_id = ${jurisdictionId} and t.due_at < ${new Date(ctx.now()).toISOString()}::timestamptz
          and t.status in ('awaiting_sign','handling','awaiting_return_decision','awaiting_unit_review')
        group by 1 order by 2 desc, 1 limit 10`,
  ) as unknown as Promise<Rows<{ unit: string; n: number }>>;
  const span = opts.live ? undefined : await rollupPeriod(ctx, offset, from, to);
  const [{ outcomes, ...figures }, overdueByUnit] = await Promise.all([
    span ? fromRollup(ctx, jurisdictionId, span.fromDay, span.toDay) : live(ctx, jurisdictionId, zone, from, to),
    overdue.then((r) => r.rows),
  ]);
  const formulas = periodFormulas(p.ok ? p.value : undefined, from);
  const c: OutcomeCounts = { ...outcomes, handled: figures.total };
  const rates = {
    satisfaction: rateFromCounts(formulas.rates.satisfaction, c) ?? null,
    concludedOnTime: rateFromCounts(formulas.rates.concludedOnTime, c) ?? null,
  };
  // Every day of the period, a quiet one as 0: a trend that skips days misleads.
  const all = { ...figures, byDay: everyDay(figures.byDay, from, to, offset), rates, formulas, overdueByUnit };
  return span ? { ...all, source: "rollup", asOf: span.asOf } : { ...all, source: "live" };
}

/** The days of `[from, to)` in the platform's zone, each with its count (0 where none came in). */
function everyDay(days: readonly Bucket[], from: number, to: number, offsetMinutes: number): Bucket[] {
  const n = new Map(days.map((d) => [d.key, d.n]));
  const out: Bucket[] = [];
  for (let d = dayOfInstant(from, offsetMinutes), last = dayOfInstant(to - 1, offsetMinutes); d <= last; d++)
    out.push({ key: formatDay(d), n: n.get(formatDay(d)) ?? 0 });
  return out;
}

type PeriodFigures = Omit<Summary, "overdueByUnit" | "source" | "asOf" | "rates" | "formulas"> & { readonly outcomes: Omit<OutcomeCounts, "handled"> };

/**
 * The period's figures in one pass over the rollup: each breakdown's rows and the "all" row of
 * every day (the totals are their sums), so the page costs one index range per dimension.
 */
async function fromRollup(ctx: AppContext, jurisdictionId: string, fromDay: string, toDay: string): Promise<PeriodFigures> {
  const rows = (
    (await ctx.db.execute(sql`
    select dim, case when dim = 'all' then to_char(day, 'YYYY-MM-DD') else value end as key, sum(received)::int as n,
           sum(on_time)::int as "onTime", sum(with_feedback)::int as "withFeedback",
           sum(rated_satisfied)::int as satisfied_level, sum(rated_basically_satisfied)::int as basically_satisfied, sum(rated_unsatisfied)::int as unsatisfied,
           sum(rated_very_satisfied)::int as very_satisfied, sum(rated_very_unsatisfied)::int as very_unsatisfied,
           ${sql.raw(
             OUTCOME_COLUMNS.filter(([c]) => c !== "on_time")
               .map(([c, n]) => `sum(${c})::int as "${n}"`)
               .join(", "),
           )}
    from ticket_daily_rollup
    where jurisdiction_id = ${jurisdictionId} and dim in ('all', 'channel', 'type', 'status', 'category') and day >= ${fromDay}::date and day < ${toDay}::date
    group by 1, 2
    order by 1, 3 desc, 2`)) as unknown as Rows<
      {
        dim: string;
        key: string;
        n: number;
        onTime: number;
        withFeedback: number;
        very_satisfied: number;
        satisfied_level: number;
        basically_satisfied: number;
        unsatisfied: number;
        very_unsatisfied: number;
      } & Omit<OutcomeCounts, "handled" | "onTime">
    >
  ).rows;
  const largestFirst = (a: Bucket, b: Bucket) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  // Already largest first, ties in the database's order, as counting the tickets answers them.
  const group = (dim: string, limit = 50): Bucket[] =>
    rows
      .filter((r) => r.dim === dim)
      .map((r) => ({ key: r.key, n: r.n }))
      .slice(0, limit);
  const days = rows.filter((r) => r.dim === "all").sort((a, b) => (a.key < b.key ? -1 : 1));
  const sum = (k: Exclude<keyof (typeof days)[number], "dim" | "key">) => days.reduce((a, r) => a + r[k], 0);
  const level = (r: Rating) => (r === "satisfied" ? "satisfied_level" : r);
  const ratings = RATINGS.map((key) => ({ key, n: sum(level(key)) }))
    .filter((b) => b.n > 0)
    .sort(largestFirst);
  return {
    total: sum("n"),
    byChannel: group("channel"),
    byType: group("type"),
    byStatus: group("status"),
    topCategories: group("category", 10),
    byDay: days.map((r) => ({ key: r.key, n: r.n })),
    onTime: { onTime: sum("onTime"), withFeedback: sum("withFeedback") },
    ratings,
    outcomes: Object.fromEntries(OUTCOME_COLUMNS.map(([, n]) => [n, sum(n)])) as PeriodFigures["outcomes"],
  };
}

async function live(ctx: AppContext, jurisdictionId: string, zone: string, from: number, to: number): Promise<PeriodFigures> {
  const where = sql`jurisdiction_id = ${jurisdictionId} and ${ctx.ticketIds.receivedIn(undefined, from, to)} and status <> 'merged'`;
  const group = async (col: ReturnType<typeof sql>, limit = 50): Promise<Bucket[]> =>
    (
      (await ctx.db.execute(
        sql`select coalesce(${col}, '未分类') as key, count(*)::int as n from ticket where ${where} group by 1 order by 2 desc, 1 limit ${limit}`,
      )) as unknown as Rows<Bucket>
    ).rows;
  const [totalRow] = ((await ctx.db.execute(sql`select count(*)::int as n from ticket where ${where}`)) as unknown as Rows<{ n: number }>).rows;
  const byDay = (
    (await ctx.db.execute(
      sql`select to_char(received_at at time zone ${zone}, 'YYYY-MM-DD') as key, count(*)::int as n from ticket where ${where} group by 1 order by 1`,
    )) as unknown as Rows<Bucket>
  ).rows;
  const [onTime] = (
    (await ctx.db.execute(
      sql`select count(*) filter (where (state->'feedback'->>'submittedAt')::bigint <= (state->'clock'->>'due')::bigint)::int as "onTime",
               count(*)::int as "withFeedback"
        from ticket where ${where} and state ? 'feedback'`,
    )) as unknown as Rows<{ onTime: number; withFeedback: number }>
  ).rows;
  const ratings = (
    (await ctx.db.execute(
      sql`select state->>'rating' as key, count(*)::int as n from ticket where ${where} and state ? 'rating' group by 1 order by 2 desc, 1`,
    )) as unknown as Rows<Bucket>
  ).rows;
  const [outcomes] = ((await ctx.db.execute(sql`select ${outcomeCounts(sql`state`)} from ticket where ${where}`)) as unknown as Rows<PeriodFigures["outcomes"]>)
    .rows;
  return {
    total: totalRow?.n ?? 0,
    byChannel: await group(sql`channel`),
    byType: await group(sql`type`),
    byStatus: await group(sql`status`),
    topCategories: await group(sql`category`, 10),
    byDay,
    onTime: onTime ?? { onTime: 0, withFeedback: 0 },
    ratings,
    outcomes: outcomes!,
  };
}
