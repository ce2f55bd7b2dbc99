import { sql } from "drizzle-orm";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { rollupPeriod } from "./rollups.ts";

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
  const overdueByUnit = ((await ctx.db.execute(
    sql`select coalesce(u.name, '未派单') as unit, count(*)::int as n from ticket t left join unit u on u.id = t.lead_unit_id
        where t.jurisdiction_id = ${jurisdictionId} and t.due_at < ${new Date(ctx.now()).toISOString()}::timestamptz
          and t.status in ('awaiting_sign','handling','awaiting_return_decision','awaiting_unit_review')
        group by 1 order by 2 desc, 1 limit 10`,
  )) as unknown as Rows<{ unit: string; n: number }>).rows;
  const span = opts.live ? undefined : await rollupPeriod(ctx, offset, from, to);
  if (span) return { ...(await fromRollup(ctx, jurisdictionId, span.fromDay, span.toDay)), overdueByUnit, source: "rollup", asOf: span.asOf };
  return { ...(await live(ctx, jurisdictionId, zone, from, to)), overdueByUnit, source: "live" };
}

type PeriodFigures = Omit<Summary, "overdueByUnit" | "source" | "asOf">;

async function fromRollup(ctx: AppContext, jurisdictionId: string, fromDay: string, toDay: string): Promise<PeriodFigures> {
  const range = sql`jurisdiction_id = ${jurisdictionId} and day >= ${fromDay}::date and day < ${toDay}::date`;
  const group = async (dim: string, limit = 50): Promise<Bucket[]> =>
    ((await ctx.db.execute(sql`select value as key, sum(received)::int as n from ticket_daily_rollup where ${range} and dim = ${dim} group by 1 order by 2 desc, 1 limit ${limit}`)) as unknown as Rows<Bucket>).rows;
  const [all] = ((await ctx.db.execute(sql`
    select coalesce(sum(received), 0)::int as total, coalesce(sum(on_time), 0)::int as "onTime", coalesce(sum(with_feedback), 0)::int as "withFeedback",
      coalesce(sum(rated_satisfied), 0)::int as satisfied, coalesce(sum(rated_basically_satisfied), 0)::int as basically_satisfied, coalesce(sum(rated_unsatisfied), 0)::int as unsatisfied
    from ticket_daily_rollup where ${range} and dim = 'all'`)) as unknown as Rows<{ total: number; onTime: number; withFeedback: number; satisfied: number; basically_satisfied: number; unsatisfied: number }>).rows;
  const byDay = ((await ctx.db.execute(sql`select to_char(day, 'YYYY-MM-DD') as key, sum(received)::int as n from ticket_daily_rollup where ${range} and dim = 'all' group by 1 order by 1`)) as unknown as Rows<Bucket>).rows;
  const ratings = (["satisfied", "basically_satisfied", "unsatisfied"] as const)
    .map((key) => ({ key, n: all?.[key] ?? 0 }))
    .filter((b) => b.n > 0)
    .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  return {
    total: all?.total ?? 0,
    byChannel: await group("channel"),
    byType: await group("type"),
    byStatus: await group("status"),
    topCategories: await group("category", 10),
    byDay,
    onTime: { onTime: all?.onTime ?? 0, withFeedback: all?.withFeedback ?? 0 },
    ratings,
  };
}

async function live(ctx: AppContext, jurisdictionId: string, zone: string, from: number, to: number): Promise<PeriodFigures> {
  const f = new Date(from).toISOString();
  const t = new Date(to).toISOString();
  const where = sql`jurisdiction_id = ${jurisdictionId} and received_at >= ${f}::timestamptz and received_at < ${t}::timestamptz and status <> 'merged'`;
  const group = async (col: ReturnType<typeof sql>, limit = 50): Promise<Bucket[]> =>
    ((await ctx.db.execute(sql`select coalesce(${col}, '未分类') as key, count(*)::int as n from ticket where ${where} group by 1 order by 2 desc, 1 limit ${limit}`)) as unknown as Rows<Bucket>).rows;
  const [totalRow] = ((await ctx.db.execute(sql`select count(*)::int as n from ticket where ${where}`)) as unknown as Rows<{ n: number }>).rows;
  const byDay = ((await ctx.db.execute(
    sql`select to_char(received_at at time zone ${zone}, 'YYYY-MM-DD') as key, count(*)::int as n from ticket where ${where} group by 1 order by 1`,
  )) as unknown as Rows<Bucket>).rows;
  const [onTime] = ((await ctx.db.execute(
    sql`select count(*) filter (where (state->'feedback'->>'submittedAt')::bigint <= (state->'clock'->>'due')::bigint)::int as "onTime",
               count(*)::int as "withFeedback"
        from ticket where ${where} and state ? 'feedback'`,
  )) as unknown as Rows<{ onTime: number; withFeedback: number }>).rows;
  const ratings = ((await ctx.db.execute(sql`select state->>'rating' as key, count(*)::int as n from ticket where ${where} and state ? 'rating' group by 1 order by 2 desc, 1`)) as unknown as Rows<Bucket>).rows;
  return {
    total: totalRow?.n ?? 0,
    byChannel: await group(sql`channel`),
    byType: await group(sql`type`),
    byStatus: await group(sql`status`),
    topCategories: await group(sql`category`, 10),
    byDay,
    onTime: onTime ?? { onTime: 0, withFeedback: 0 },
    ratings,
  };
}
