import { sql } from "drizzle-orm";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";

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
}

type Rows<T> = { rows: T[] };

/**
 * Counts and rates for a platform over [from, to). Plain queries on the ticket table: enough
 * for a city's day-to-day dashboard; rollups for ten-million-ticket history are issue 7's.
 */
export async function summary(ctx: AppContext, jurisdictionId: string, from: number, to: number): Promise<Summary> {
  // Days are the platform's days: its policy names the zone.
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  const zone = p.ok ? p.value.timeZone : "UTC";
  const f = new Date(from).toISOString();
  const t = new Date(to).toISOString();
  const where = sql`jurisdiction_id = ${jurisdictionId} and received_at >= ${f}::timestamptz and received_at < ${t}::timestamptz`;
  const group = async (col: ReturnType<typeof sql>, limit = 50): Promise<Bucket[]> =>
    ((await ctx.db.execute(sql`select coalesce(${col}, '未分类') as key, count(*)::int as n from ticket where ${where} group by 1 order by 2 desc limit ${limit}`)) as unknown as Rows<Bucket>).rows;
  const [totalRow] = ((await ctx.db.execute(sql`select count(*)::int as n from ticket where ${where}`)) as unknown as Rows<{ n: number }>).rows;
  const byDay = ((await ctx.db.execute(
    sql`select to_char(received_at at time zone ${zone}, 'YYYY-MM-DD') as key, count(*)::int as n from ticket where ${where} group by 1 order by 1`,
  )) as unknown as Rows<Bucket>).rows;
  const overdueByUnit = ((await ctx.db.execute(
    sql`select coalesce(u.name, '未派单') as unit, count(*)::int as n from ticket t left join unit u on u.id = t.lead_unit_id
        where t.jurisdiction_id = ${jurisdictionId} and t.due_at < ${new Date(ctx.now()).toISOString()}::timestamptz
          and t.status in ('awaiting_sign','handling','awaiting_return_decision','awaiting_unit_review')
        group by 1 order by 2 desc limit 10`,
  )) as unknown as Rows<{ unit: string; n: number }>).rows;
  const [onTime] = ((await ctx.db.execute(
    sql`select count(*) filter (where (state->'feedback'->>'submittedAt')::bigint <= (state->'clock'->>'due')::bigint)::int as "onTime",
               count(*)::int as "withFeedback"
        from ticket where ${where} and state ? 'feedback' and state ? 'clock'`,
  )) as unknown as Rows<{ onTime: number; withFeedback: number }>).rows;
  const ratings = ((await ctx.db.execute(sql`select state->>'rating' as key, count(*)::int as n from ticket where ${where} and state ? 'rating' group by 1 order by 2 desc`)) as unknown as Rows<Bucket>).rows;
  return {
    total: totalRow?.n ?? 0,
    byChannel: await group(sql`channel`),
    byType: await group(sql`type`),
    byStatus: await group(sql`status`),
    topCategories: await group(sql`category`, 10),
    byDay,
    overdueByUnit,
    onTime: onTime ?? { onTime: 0, withFeedback: 0 },
    ratings,
  };
}
