import { sql } from "drizzle-orm";
import { countTickets, type CountFilter, type GroupBy } from "../src/app/analytics/counts.ts";
import { refreshRollups } from "../src/app/analytics/rollups.ts";
import { summary } from "../src/app/analytics/summary.ts";
import { benchDatabase } from "./bench-database.ts";
import { benchCategories, loadBenchTickets } from "./ticket-load.ts";
import { median, percentile, writeReport } from "./report.ts";

const TICKETS = Number(process.env["BENCH_TICKETS"] ?? 10_000_000);
const DAYS = 3 * 365;
const ROUNDS = 40;
/** Tickets changed between two rebuilds (a busy few minutes of a big city, spread over two months of received days). */
const CHANGED = 5_000;
const LIVE_ROUNDS = 3;
/**
 * The dashboard's questions on 10 000 000 tickets (three years of a big city): each answered
 * from the daily rollup, against counting the tickets themselves (the baseline) in the same run.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  try {
    const ctx = db.ctx;
    const categories = benchCategories();
    const now = Date.parse("2026-11-24T12:00:00+08:00");
    const loadStart = Date.now();
    const units = await loadBenchTickets(ctx, TICKETS, DAYS, now, "dashboard");
    const loadS = (Date.now() - loadStart) / 1000;
    const rebuild = await refreshRollups(ctx);
    // A change of a ticket is an event: CHANGED tickets of the last two months each get one.
    await ctx.db.execute(sql`
      insert into ticket_event (ticket_id, seq, type, at, actor_id, actor_name, role, command, data)
      select id, version + 1, 'InformationAdded', now(), 'bench', '压测', 'operator', 'addInformation', '{"type": "InformationAdded", "text": "压测"}'::jsonb
      from ticket where jurisdiction_id = 'guangzhou' and received_at >= ${new Date(now - 60 * 86_400_000).toISOString()}::timestamptz
      order by md5(id::text) limit ${CHANGED}`);
    const incremental = await refreshRollups(ctx);
    if (incremental.full) throw new Error("the second rebuild should have been incremental");
    const count = async (table: string) =>
      ((await ctx.db.execute(sql.raw(`select count(*)::int n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
    const rollupRows = await count("ticket_daily_rollup");
    const cubeRows = await count("ticket_daily_cube");

    const month = [Date.parse("2026-10-01T00:00:00+08:00"), Date.parse("2026-11-01T00:00:00+08:00")] as const;
    const thirtyDays = [Date.parse("2026-10-25T00:00:00+08:00"), Date.parse("2026-11-24T00:00:00+08:00")] as const;
    const year = [Date.parse("2025-11-01T00:00:00+08:00"), Date.parse("2026-11-01T00:00:00+08:00")] as const;
    const questions: { name: string; range: readonly [number, number]; groupBy: GroupBy | "summary"; filter?: CountFilter }[] = [
      { name: "dashboard page: this month", range: [Date.parse("2026-11-01T00:00:00+08:00"), Date.parse("2026-11-25T00:00:00+08:00")], groupBy: "summary" },
      ...(["channel", "type", "category", "district", "unit"] as const).map((g) => ({ name: `month by ${g}`, range: month, groupBy: g })),
      { name: "30 days by day", range: thirtyDays, groupBy: "day" },
      { name: "year by month", range: year, groupBy: "month" },
      { name: "year by unit", range: year, groupBy: "unit" },
      { name: "year by unit, complaints only", range: year, groupBy: "unit", filter: { type: "complaint" } },
      { name: "year by category, one district", range: year, groupBy: "category", filter: { district: "天河区" } },
      { name: "month by channel, one district", range: month, groupBy: "channel", filter: { district: "天河区" } },
      // Any other filter, or two: the cube. The busiest category and unit are the worst case (the most rows to read).
      { name: "year by unit, one channel", range: year, groupBy: "unit", filter: { channel: "wechat" } },
      { name: "year by district, busiest category", range: year, groupBy: "district", filter: { category: categories[0]! } },
      { name: "year by category, busiest unit", range: year, groupBy: "category", filter: { unitId: units[0]! } },
      { name: "year by category, complaints in one district", range: year, groupBy: "category", filter: { type: "complaint", district: "天河区" } },
      { name: "year by month, phone calls about the busiest category", range: year, groupBy: "month", filter: { channel: "phone", category: categories[0]! } },
    ];
    const results: Record<string, { rollupP50: number; rollupP95: number; liveP50: number; same: boolean }> = {};
    for (const q of questions) {
      const timed = async (live: boolean) => {
        const t0 = performance.now();
        const r =
          q.groupBy === "summary"
            ? await summary(ctx, "guangzhou", q.range[0], q.range[1], { live }).then(({ source, asOf: _a, ...rows }) => ({ source, rows }))
            : await countTickets(ctx, "guangzhou", q.range[0], q.range[1], q.groupBy, q.filter ?? {}, { live });
        return { ms: performance.now() - t0, r };
      };
      const rolled: number[] = [];
      const counted: number[] = [];
      let same = true;
      // Interleaved: the baseline runs fewer rounds (seconds each) between the rollup's.
      for (let i = 0; i < ROUNDS; i++) {
        const a = await timed(false);
        if (a.r.source !== "rollup") throw new Error(`${q.name}: not answered from the rollup`);
        rolled.push(a.ms);
        if (i < LIVE_ROUNDS) {
          const b = await timed(true);
          counted.push(b.ms);
          same &&= JSON.stringify(a.r.rows) === JSON.stringify(b.r.rows);
        }
      }
      results[q.name] = { rollupP50: +median(rolled).toFixed(1), rollupP95: +percentile(rolled, 0.95).toFixed(1), liveP50: +median(counted).toFixed(0), same };
    }
    const worstP95 = Math.max(...Object.values(results).map((r) => r.rollupP95));
    const worstLive = Math.max(...Object.values(results).map((r) => r.liveP50));
    writeReport({
      name: "dashboard",
      metric: `slowest dashboard question p95 at ${TICKETS.toLocaleString("en")} tickets`,
      value: worstP95,
      unit: "ms",
      baseline: { name: "counting the tickets (slowest median)", value: worstLive },
      ratio: +(worstLive / worstP95).toFixed(1),
      target: "any dashboard query < 300 ms on 10 million tickets",
      met: worstP95 < 300 && TICKETS >= 10_000_000 && Object.values(results).every((r) => r.same),
      details: {
        tickets: TICKETS,
        loadSeconds: +loadS.toFixed(0),
        rollupRebuildSeconds: +(rebuild.tookMs / 1000).toFixed(1),
        incrementalRebuild: { changedTickets: CHANGED, days: incremental.days, seconds: +(incremental.tookMs / 1000).toFixed(1) },
        rollupRows,
        cubeRows,
        questions: results,
      },
    });
  } finally {
    await db.drop();
  }
}
