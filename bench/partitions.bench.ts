import { sql, type SQL } from "drizzle-orm";
import { countTickets } from "../src/app/analytics/counts.ts";
import { summary } from "../src/app/analytics/summary.ts";
import { createAppContext, type AppContext } from "../src/app/context.ts";
import { openDatabase } from "../src/store/database.ts";
import { ensureMonthlyPartitions } from "../src/store/partitions.ts";
import { listTickets, loadTicket, loadTicketByNumber, loadTicketEvents, type TicketFilter } from "../src/store/repositories/ticket.repository.ts";
import { benchDatabase } from "./bench-database.ts";
import { median, percentile, writeReport } from "./report.ts";

/** Five years of tickets (a big city's ticket table after five years holds tens of millions; this machine loads a few million). */
const TICKETS = Number(process.env["BENCH_TICKETS"] ?? 5_000_000);
const MONTHS = 60;
const EVENTS_PER_TICKET = 2;
const ROUNDS = 300;
const NOW = Date.parse("2026-11-24T12:00:00+08:00");

interface Question {
  readonly name: string;
  /** Shown for contrast (what the id ranges buy), not held to the target. */
  readonly contrast?: boolean;
  /** Fewer rounds for the slow ones. */
  readonly rounds?: number;
  /** Asked of the partitioned tables and of the unpartitioned copies (the baseline), through the app's own code. */
  readonly ask: (ctx: AppContext, i: number) => Promise<unknown>;
}

/**
 * The questions a hotline asks its ticket table all day, on five years of tickets and events kept
 * by month, against the same rows in unpartitioned tables (the baseline, loaded in the same run):
 * does partitioning keep lookups, lists and period counts as fast?
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  try {
    const ctx = db.ctx;
    const rows = async <T>(q: SQL) => ((await ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
    const start = NOW - MONTHS * 30.4 * 86_400_000;
    await ensureMonthlyPartitions(ctx.db, NOW, 3, MONTHS + 1);
    const loadStart = Date.now();
    const step = 250_000;
    for (let from = 0; from < TICKETS; from += step) {
      // Written in the order they came in; ids stamped with the time received, as the app makes them.
      await ctx.db.execute(sql`
        insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, category, district, received_at, due_at, version, state, created_at, updated_at)
        select id, 'guangzhou', 'GZ' || to_char(received at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad((g % 1000000)::text, 6, '0'),
          case when g % 50 = 0 then 'handling' else 'concluded' end, 'complaint', 'phone', false, '噪声扰民', '天河区',
          received, received + interval '15 days', 3, jsonb_build_object('id', id, 'title', '诉求', 'n', g), received, received
        from (select g, received, hotline_ticket_id(received) as id from (select g, to_timestamp(${start / 1000} + g::float8 * ${(NOW - start) / 1000 / TICKETS}) as received from generate_series(${from + 1}::int, ${Math.min(from + step, TICKETS)}::int) g) r) s`);
      if ((from / step) % 4 === 3) process.stdout.write(`  partitions bench: ${from + step} tickets loaded\n`);
    }
    for (let k = 1; k <= EVENTS_PER_TICKET; k++) {
      await ctx.db.execute(sql`
        insert into ticket_event (ticket_id, seq, type, at, actor_id, actor_name, role, command, data, recorded_at)
        select id, ${k}, 'InformationAdded', received_at + ${`${(k - 1) * 3} days`}::interval, 'bench', '压测', 'operator', 'addInformation', '{"type": "InformationAdded"}'::jsonb,
          received_at + ${`${(k - 1) * 3} days`}::interval
        from ticket`);
    }
    // The baseline: the same rows in ordinary tables with the same indexes (schema `flat`), asked through
    // the same app code on a second pool whose search path finds them first.
    await ctx.db.execute(sql`create schema flat`);
    await ctx.db.execute(sql`create table flat.ticket (like public.ticket including defaults including indexes including constraints)`);
    await ctx.db.execute(sql`insert into flat.ticket select * from public.ticket`);
    await ctx.db.execute(sql`create table flat.ticket_event (like public.ticket_event including defaults including indexes)`);
    await ctx.db.execute(sql`insert into flat.ticket_event select * from public.ticket_event`);
    await ctx.db.execute(sql`analyze`);
    const loadS = (Date.now() - loadStart) / 1000;
    const flatHandle = await openDatabase({ url: `${db.url}${db.url.includes("?") ? "&" : "?"}options=${encodeURIComponent("-c search_path=flat,public")}` });
    const flat = await createAppContext(flatHandle);
    const [{ n: partitions } = { n: 0 }] = await rows<{ n: number }>(sql`select count(*)::int as n from pg_inherits where inhparent = 'ticket'::regclass`);
    const [{ n: flatParts } = { n: -1 }] = await rows<{ n: number }>(sql`select count(*)::int as n from pg_inherits where inhparent = 'flat.ticket'::regclass`);
    if (flatParts !== 0) throw new Error("the baseline table is partitioned");

    // Random tickets of the five years, and months to ask about (the last one and one four years ago).
    const picks = await rows<{ id: string; number: string }>(sql`select id::text, number from ticket tablesample system (0.5) limit ${ROUNDS}`);
    const month = (ago: number) => {
      const d = new Date(NOW);
      return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - ago, 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - ago + 1, 1)] as const;
    };
    const pick = (i: number) => picks[i % picks.length]!;
    const page = (c: AppContext, f: TicketFilter, ranges = true) =>
      listTickets(c.db, { jurisdictionId: "guangzhou", ...f }, 20, undefined, "received_desc", ranges ? { ranges: c.ticketIds, now: NOW } : undefined).then(
        (p) => p.tickets.map((t) => t.id),
      );
    const old = month(48);
    const last = month(1);
    const questions: Question[] = [
      { name: "a ticket by id", ask: (c, i) => loadTicket(c.db, pick(i).id) },
      { name: "a ticket by number", ask: (c, i) => loadTicketByNumber(c.db, pick(i).number, c.ticketIds) },
      { name: "a ticket's events", ask: (c, i) => loadTicketEvents(c.db, pick(i).id) },
      { name: "ticket list, first page", ask: (c) => page(c, {}) },
      { name: "ticket list, first page, without id ranges", contrast: true, ask: (c) => page(c, {}, false) },
      { name: "ticket list, one status (2 %)", ask: (c) => page(c, { status: "handling" }) },
      { name: "ticket list, a month four years ago", ask: (c) => page(c, { receivedFrom: old[0], receivedTo: old[1] }) },
      { name: "counts of last month by day, counted live", ask: (c) => countTickets(c, "guangzhou", last[0], last[1], "day", {}, { live: true }) },
      {
        name: "dashboard summary of last month, counted live",
        rounds: 40,
        ask: (c) => summary(c, "guangzhou", last[0], last[1], { live: true }).then(({ asOf: _a, ...r }) => r),
      },
    ];
    const results: Record<string, { partitionedP50: number; partitionedP95: number; flatP50: number; flatP95: number; ratioP50: number }> = {};
    for (const q of questions) {
      const a: number[] = [];
      const b: number[] = [];
      // Interleaved, so both see the same cache and machine.
      for (let i = 0; i < (q.rounds ?? ROUNDS); i++) {
        let t0 = performance.now();
        const pr = await q.ask(ctx, i);
        a.push(performance.now() - t0);
        t0 = performance.now();
        const fr = await q.ask(flat, i);
        b.push(performance.now() - t0);
        if (JSON.stringify(pr) !== JSON.stringify(fr)) throw new Error(`${q.name}: partitioned and flat answers differ`);
      }
      results[q.name] = {
        partitionedP50: +median(a).toFixed(2),
        partitionedP95: +percentile(a, 0.95).toFixed(2),
        flatP50: +median(b).toFixed(2),
        flatP95: +percentile(b, 0.95).toFixed(2),
        ratioP50: +(median(a) / median(b)).toFixed(2),
      };
    }
    await flatHandle.close();
    const held = Object.entries(results).filter(([name]) => !questions.find((q) => q.name === name)?.contrast);
    const worst = held.reduce((w, e) => (e[1].ratioP50 > w[1].ratioP50 ? e : w));
    writeReport({
      name: "partitions",
      metric: `slowest question against its unpartitioned baseline, median (${worst[0]})`,
      value: worst[1].partitionedP50,
      unit: "ms",
      baseline: { name: "same rows, unpartitioned tables", value: worst[1].flatP50 },
      ratio: worst[1].ratioP50,
      target: "five years by month keep the query times of one table: every question's median within 1.5× of the unpartitioned baseline",
      met: worst[1].ratioP50 <= 1.5,
      details: {
        tickets: TICKETS,
        events: TICKETS * EVENTS_PER_TICKET,
        months: MONTHS,
        ticketPartitions: partitions,
        loadSeconds: +loadS.toFixed(0),
        rounds: ROUNDS,
        questions: results,
      },
    });
  } finally {
    await db.drop();
  }
}
