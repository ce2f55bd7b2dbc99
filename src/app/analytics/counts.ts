import { sql, type SQL } from "drizzle-orm";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";

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

/** One group's counts and the rates made from them (null where there is nothing to divide). */
export interface CountRow {
  readonly key: string;
  readonly received: number;
  readonly concluded: number;
  readonly withFeedback: number;
  readonly onTime: number;
  readonly rated: number;
  readonly satisfied: number;
  readonly onTimeRate: number | null;
  readonly satisfactionRate: number | null;
}

/**
 * Counts and rates of a platform's tickets received in `[from, to)`, by one dimension, with
 * filters (GZ-9, GX-17): received, concluded, replies in time, satisfaction. Plain grouped
 * queries on the ticket table; rollups for ten-million-ticket history are still to come.
 */
export async function countTickets(ctx: AppContext, jurisdictionId: string, from: number, to: number, groupBy: GroupBy, f: CountFilter): Promise<CountRow[]> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  const zone = p.ok ? p.value.timeZone : "UTC";
  const key: Record<GroupBy, SQL> = {
    day: sql`to_char(t.received_at at time zone ${zone}, 'YYYY-MM-DD')`,
    month: sql`to_char(t.received_at at time zone ${zone}, 'YYYY-MM')`,
    channel: sql`t.channel`,
    type: sql`t.type`,
    category: sql`coalesce(t.category, '未分类')`,
    district: sql`coalesce(t.district, '未注明')`,
    unit: sql`coalesce(u.name, '未派单')`,
  };
  const where: SQL[] = [sql`t.jurisdiction_id = ${jurisdictionId}`, sql`t.received_at >= ${new Date(from).toISOString()}::timestamptz`, sql`t.received_at < ${new Date(to).toISOString()}::timestamptz`, sql`t.status <> 'merged'`];
  if (f.channel) where.push(sql`t.channel = ${f.channel}`);
  if (f.type) where.push(sql`t.type = ${f.type}`);
  if (f.category) where.push(sql`t.category = ${f.category}`);
  if (f.district) where.push(sql`t.district = ${f.district}`);
  if (f.unitId) where.push(sql`t.lead_unit_id = ${f.unitId}::uuid`);
  const r = (await ctx.db.execute(sql`
    select ${key[groupBy]} as key,
      count(*)::int as received,
      count(*) filter (where t.status in ('concluded', 'archived'))::int as concluded,
      count(*) filter (where t.state ? 'feedback')::int as "withFeedback",
      count(*) filter (where (t.state->'feedback'->>'submittedAt')::bigint <= (t.state->'clock'->>'due')::bigint)::int as "onTime",
      count(*) filter (where t.state ? 'rating')::int as rated,
      count(*) filter (where t.state->>'rating' in ('satisfied', 'basically_satisfied'))::int as satisfied
    from ticket t left join unit u on u.id = t.lead_unit_id
    where ${sql.join(where, sql` and `)}
    group by 1 order by ${groupBy === "day" || groupBy === "month" ? sql`1` : sql`2 desc, 1`}
    limit 500`)) as unknown as { rows: Omit<CountRow, "onTimeRate" | "satisfactionRate">[] };
  return r.rows.map((x) => ({ ...x, onTimeRate: x.withFeedback ? x.onTime / x.withFeedback : null, satisfactionRate: x.rated ? x.satisfied / x.rated : null }));
}
