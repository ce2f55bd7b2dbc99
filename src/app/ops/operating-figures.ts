import { sql } from "drizzle-orm";
import { type AppContext } from "../context.ts";

// The figures the monitoring system scrapes (http/metrics.ts), read from the database at scrape time.

/** Tickets not concluded, by platform and status. */
export async function openTicketCounts(ctx: AppContext): Promise<{ j: string; s: string; n: number }[]> {
  const r = await ctx.db.execute(
    sql`select jurisdiction_id j, status s, count(*)::int n from ticket where status not in ('concluded','archived','merged') group by 1, 2`,
  );
  return (r as unknown as { rows: { j: string; s: string; n: number }[] }).rows;
}

/** Running tickets past their handling limit, by lead unit's code. */
export async function overdueByUnit(ctx: AppContext): Promise<{ c: string; n: number }[]> {
  const r = await ctx.db.execute(
    sql`select coalesce(u.code, 'none') c, count(*)::int n from ticket t left join unit u on u.id = t.lead_unit_id where t.due_at < now() and t.status in ('awaiting_sign','handling','awaiting_return_decision','awaiting_unit_review') group by 1`,
  );
  return (r as unknown as { rows: { c: string; n: number }[] }).rows;
}

/** How late the oldest due timer is, in seconds (0 when none is due). */
export async function timerLagSeconds(ctx: AppContext): Promise<number> {
  const r = await ctx.db.execute(sql`select extract(epoch from (now() - min(due_at)))::float8 lag from timer where due_at <= now()`);
  return Math.max(0, (r as unknown as { rows: { lag: number | null }[] }).rows[0]?.lag ?? 0);
}
