import { sql } from "drizzle-orm";
import { catalogueDryRun, saveCatalogueEntry } from "../src/app/dispatch/catalogue.ts";
import { type TicketActor } from "../src/domain/ticket/ticket.ts";
import { benchDatabase } from "./bench-database.ts";
import { median, writeReport } from "./report.ts";
import { benchCategories, DISTRICTS, loadBenchTickets } from "./ticket-load.ts";

const TICKETS = Number(process.env["BENCH_TICKETS"] ?? 10_000_000);
const DAYS = 3 * 365;
const ROUNDS = 5;
const MONTHS = 12;

/**
 * A catalogue change's dry run (国办函〔2025〕66号) over 12 months of a 10 000 000-ticket platform
 * (three years of a big city): the busiest category, a city-wide entry replaced and a district
 * entry added. The baseline is the least any dry run must do, in the same run: counting the
 * same tickets (the rows the dry run reads and proposes a unit for).
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  try {
    const ctx = db.ctx;
    // Up to now: the dry run looks back from the app's clock.
    const now = ctx.now();
    const loadStart = Date.now();
    const units = await loadBenchTickets(ctx, TICKETS, DAYS, now, "catalogue-dry-run");
    const loadS = (Date.now() - loadStart) / 1000;
    const categories = benchCategories();
    const busiest = categories[0]!;
    const admin: TicketActor = { id: "bench-admin", name: "目录管理员", role: "admin", jurisdictionId: "guangzhou" };
    // The catalogue as it stands: the busiest category city-wide to one unit, and in three districts to others.
    const city = await saveCatalogueEntry(ctx, admin, "guangzhou", {
      category: busiest,
      leadUnitId: units[0]!,
      legalBasis: "权责清单",
      source: { kind: "power_list", document: "压测权责清单" },
      reason: "压测",
    });
    if (!city.ok) throw new Error(city.error.en);
    for (const [i, district] of DISTRICTS.slice(0, 3).entries()) {
      const r = await saveCatalogueEntry(ctx, admin, "guangzhou", {
        category: busiest,
        district,
        leadUnitId: units[i + 1]!,
        legalBasis: "属地管理",
        source: { kind: "power_list", document: "压测权责清单" },
        reason: "压测",
      });
      if (!r.ok) throw new Error(r.error.en);
    }
    const changes = [
      {
        name: "busiest category: the city-wide entry to another unit",
        input: { entryKey: city.value.entryKey, category: busiest, leadUnitId: units[5]!, legalBasis: "职责划转" },
      },
      { name: "busiest category: a new district entry", input: { category: busiest, district: "天河区", leadUnitId: units[6]!, legalBasis: "属地管理" } },
    ];
    const results: Record<string, { p50: number; max: number; considered: number; movedTotal: number; countP50: number }> = {};
    for (const c of changes) {
      const runs: number[] = [];
      const counts: number[] = [];
      let considered = 0;
      let movedTotal = 0;
      for (let i = 0; i < ROUNDS; i++) {
        // The count reads the window the dry run reads: twelve months back from the same moment.
        const at = ctx.now();
        const t0 = performance.now();
        const r = await catalogueDryRun(ctx, admin, "guangzhou", c.input, MONTHS);
        runs.push(performance.now() - t0);
        if (!r.ok) throw new Error(r.error.en);
        considered = r.value.considered;
        movedTotal = r.value.movedTotal;
        const t1 = performance.now();
        const n = (await ctx.db.execute(sql`
          select count(*)::int as n from ticket where jurisdiction_id = 'guangzhou' and status in ('concluded', 'archived') and lead_unit_id is not null
            and category = ${busiest} and received_at >= ${new Date(at - MONTHS * 31 * 86_400_000).toISOString()}::timestamptz and received_at < ${new Date(at + 1).toISOString()}::timestamptz`)) as unknown as {
          rows: { n: number }[];
        };
        counts.push(performance.now() - t1);
        // A ticket received in the milliseconds between the two clocks may fall on either side.
        if (Math.abs((n.rows[0]?.n ?? 0) - considered) > 1)
          throw new Error(`${c.name}: the dry run considered ${considered} tickets, counting finds ${n.rows[0]?.n}`);
      }
      results[c.name] = { p50: +median(runs).toFixed(0), max: +Math.max(...runs).toFixed(0), considered, movedTotal, countP50: +median(counts).toFixed(0) };
    }
    const worst = Math.max(...Object.values(results).map((r) => r.max));
    const baseline = Math.max(...Object.values(results).map((r) => r.countP50));
    writeReport({
      name: "catalogue-dry-run",
      metric: `slowest dry run of a catalogue change over ${MONTHS} months at ${TICKETS.toLocaleString("en")} tickets (max of ${ROUNDS})`,
      value: worst,
      unit: "ms",
      baseline: { name: "counting the same tickets (median)", value: baseline },
      ratio: +(worst / baseline).toFixed(1),
      target: "a dry run over 12 months of a 10 M-ticket platform < 10 s",
      met: worst < 10_000 && TICKETS >= 10_000_000,
      details: { tickets: TICKETS, loadSeconds: +loadS.toFixed(0), category: busiest, changes: results },
    });
  } finally {
    await db.drop();
  }
}
