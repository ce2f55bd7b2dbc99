import { sql } from "drizzle-orm";
import { dispatchQualityLive, dispatchQualityOver, dispatchQualityTickets } from "../src/app/analytics/dispatch-quality.ts";
import { monthPeriod } from "../src/domain/assessment/period.ts";
import { type DispatchQualityBy } from "../src/domain/dispatch/dispatch-quality.ts";
import { replay } from "../src/domain/ticket/evolve.ts";
import { type TicketActor, type TicketEvent } from "../src/domain/ticket/ticket.ts";
import { ensureMonthlyPartitions } from "../src/store/partitions.ts";
import { insertTickets, newTicketRecord } from "../src/store/repositories/ticket.repository.ts";
import { ticketIdAt } from "../src/store/uuid.ts";
import { benchDatabase } from "./bench-database.ts";
import { benchCategories, DISTRICTS } from "./ticket-load.ts";
import { median, percentile, writeReport } from "./report.ts";

const TICKETS = Number(process.env["BENCH_TICKETS"] ?? 10_000_000);
const DAYS = 3 * 365;
const ROUNDS = 40;
const LIVE_ROUNDS = 2;
const DISPATCHERS = 40;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const arr = (xs: readonly string[]) => `{${xs.map((x) => `"${x}"`).join(",")}}`;
/** A small deterministic hash, so the month's tickets are the same on every run. */
const h = (g: number, salt: number) => Math.imul(g ^ (salt * 0x9e3779b1), 0x85ebca6b) >>> 8;

/**
 * 派单质量 at 10 000 000 tickets (three years of a big city): a month's figures summed from the
 * dispatch facts each ticket's writes keep, against counting them live from the month's tickets'
 * events (the baseline) in the same run, with the same answer. The benchmark month's tickets are
 * written through the product's own insert (events, state and fact in one statement); the other
 * months' facts are generated in SQL, as their tickets' writes would have left them.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  try {
    const ctx = db.ctx;
    const units = (
      (await ctx.db.execute(sql`select id::text from unit where jurisdiction_id = 'guangzhou' and kind = 'handling_unit' order by code`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows.map((r) => r.id);
    const categories = benchCategories();
    const now = Date.parse("2026-11-24T12:00:00+08:00");
    const month = monthPeriod(2026, 10, 480);
    await ensureMonthlyPartitions(ctx.db, now, 3, Math.ceil(DAYS / 30) + 1);
    const loadStart = Date.now();
    // The other months: facts only, skewed like a real hotline (a few units and categories take most; one in ten bounces).
    const step = 500_000;
    for (let from = 0; from < TICKETS; from += step) {
      await ctx.db.execute(sql`
        insert into dispatch_fact (ticket_id, jurisdiction_id, first_at, first_unit_id, dispatcher_id, dispatcher_name, category, district, asked, approved, refused, ms_lost, concluded)
        select hotline_ticket_id(at), 'guangzhou', at,
          (${`{${units.join(",")}}`}::uuid[])[1 + floor(${units.length} * power((hashint4(g + 4) & 1048575) / 1048576.0, 2))::int],
          'bench-disp-' || (hashint4(g + 8) & 1023) % ${DISPATCHERS}, '派单员' || (hashint4(g + 8) & 1023) % ${DISPATCHERS},
          (${arr(categories)}::text[])[1 + floor(${categories.length} * power((hashint4(g + 2) & 1048575) / 1048576.0, 3))::int],
          (${arr(DISTRICTS)}::text[])[1 + (hashint4(g + 3) & 1023) % ${DISTRICTS.length}],
          a.asked, b.approved, a.asked - b.approved, b.approved * ((hashint4(g + 9) & 255) * 1350000)::bigint, (hashint4(g + 10) & 15) <> 0
        from (select g, to_timestamp(${now / 1000 - DAYS * 86_400} + g::float8 * ${(DAYS * 86_400) / TICKETS}) as at from generate_series(${from + 1}::int, ${Math.min(from + step, TICKETS)}::int) g) s,
          lateral (select case when (hashint4(g + 5) & 15) < 2 then 1 + (hashint4(g + 6) & 1) else 0 end as asked) a,
          lateral (select case when a.asked > 0 and (hashint4(g + 7) & 1) = 0 then a.asked else 0 end as approved) b
        where not (at >= ${new Date(month.from).toISOString()}::timestamptz and at < ${new Date(month.to).toISOString()}::timestamptz)`);
      if ((from / step) % 4 === 3) process.stdout.write(`  dispatch-accuracy bench: ${Math.min(from + step, TICKETS)} facts generated\n`);
    }
    // The benchmark month: whole tickets with their events, through the product's insert.
    const inMonth = Math.round((TICKETS * (month.to - month.from)) / (DAYS * DAY));
    const dispatchers: TicketActor[] = Array.from({ length: DISPATCHERS }, (_, i) => ({ id: `bench-disp-${i}`, name: `派单员${i}`, role: "dispatcher" }));
    const batch = 2000;
    for (let from = 0; from < inMonth; from += batch) {
      const records = [];
      for (let g = from; g < Math.min(from + batch, inMonth); g++) {
        const received = month.from + Math.floor((g * (month.to - month.from - 2 * DAY)) / inMonth);
        const id = ticketIdAt(received);
        const who = dispatchers[h(g, 1) % DISPATCHERS]!;
        const unit = (k: number) => units[Math.floor(units.length * ((h(g, 10 + k) % 1024) / 1024) ** 2)]!;
        const events: TicketEvent[] = [];
        const add = (at: number, actor: TicketActor, command: string, data: unknown) =>
          events.push({ ticketId: id, seq: events.length + 1, at, actor, command, data } as TicketEvent);
        const first = unit(0);
        add(received, { id: "bench-op", name: "话务员", role: "operator" }, "intake", {
          type: "TicketCreated",
          ticket: {
            id,
            number: `BENCH${String(g).padStart(9, "0")}`,
            jurisdictionId: "guangzhou",
            policyId: "guangzhou-2022",
            channel: "phone",
            type: "complaint",
            urgent: false,
            category: categories[Math.floor(categories.length * ((h(g, 2) % 1048576) / 1048576) ** 3)]!,
            title: "诉求",
            content: "压测",
            requester: { kind: "person" },
            location: { district: DISTRICTS[h(g, 3) % DISTRICTS.length]! },
            receivedAt: received,
            createdAt: received,
          },
        });
        let at = received + HOUR;
        add(at, who, "dispatch", { type: "Dispatched", assignment: { leadUnitId: first, assistingUnitIds: [], dispatchedAt: at } });
        const bounces = h(g, 4) % 16 < 2 ? 1 + (h(g, 5) % 2) : 0;
        for (let b = 0; b < bounces; b++) {
          const holder = b === 0 ? first : unit(b);
          add(at + 3 * HOUR, { id: "bench-unit", name: "承办人", role: "unit_handler", unitId: holder }, "requestReturn", {
            type: "ReturnRequested",
            request: { at: at + 3 * HOUR, byUnitId: holder, reason: "不属本单位", reasonCode: "not_our_duty" },
          });
          at += DAY + (h(g, 20 + b) % 8) * HOUR;
          add(at, who, "decideReturn", { type: "ReturnApproved", reason: "同意", returnsCount: b + 1, difficult: false });
          at += HOUR;
          add(at, who, "dispatch", { type: "Dispatched", assignment: { leadUnitId: unit(b + 1), assistingUnitIds: [], dispatchedAt: at } });
        }
        if (h(g, 6) % 16 === 0) {
          add(at + 2 * HOUR, { id: "bench-unit", name: "承办人", role: "unit_handler" }, "requestReturn", {
            type: "ReturnRequested",
            request: { at: at + 2 * HOUR, byUnitId: unit(9), reason: "不属本单位", reasonCode: "not_our_duty" },
          });
          at += DAY;
          add(at, who, "decideReturn", { type: "ReturnRefused", reason: "属本单位职责" });
        }
        if (h(g, 7) % 16 !== 0) add(at + 5 * DAY, { id: "bench-rev", name: "审核员", role: "reviewer" }, "conclude", { type: "Concluded", at: at + 5 * DAY });
        const state = replay(events)!;
        records.push(
          newTicketRecord({
            state,
            events,
            timers: [],
            contact: {
              id: ticketIdAt(received),
              jurisdictionId: "guangzhou",
              channel: "phone",
              receivedAt: new Date(received),
              operatorId: "bench-op",
              record: {},
              decision: "ticket",
              rule: "GZ-13.2",
              createdAt: new Date(received),
            },
            text: { words: "压测", requesterPhone: null, district: state.location.district ?? null, subDistrict: null, place: null },
          }),
        );
      }
      await insertTickets(ctx.db, records);
      if ((from / batch) % 25 === 24) process.stdout.write(`  dispatch-accuracy bench: ${from + batch} of the month's ${inMonth} tickets written\n`);
    }
    await ctx.db.execute(sql`vacuum analyze dispatch_fact`);
    await ctx.db.execute(sql`analyze ticket`);
    const loadS = (Date.now() - loadStart) / 1000;
    const facts = ((await ctx.db.execute(sql`select count(*)::int n from dispatch_fact`)) as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;

    const questions: { name: string; by?: DispatchQualityBy; dispatcherId?: string }[] = [
      { name: "month overall" },
      { name: "month by unit", by: "unit" },
      { name: "month by dispatcher", by: "dispatcher" },
      { name: "month by category", by: "category" },
      { name: "month by district", by: "district" },
      { name: "a dispatcher's own month by category", by: "category", dispatcherId: "bench-disp-0" },
    ];
    const results: Record<string, { factsP50: number; factsP95: number; liveP50: number; same: boolean }> = {};
    for (const q of questions) {
      const stored: number[] = [];
      const counted: number[] = [];
      let same = true;
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        const a = await dispatchQualityOver(ctx, "guangzhou", month, q.by, q.dispatcherId);
        stored.push(performance.now() - t0);
        if (i < LIVE_ROUNDS) {
          const t1 = performance.now();
          const b = await dispatchQualityLive(ctx, "guangzhou", month, q.by, q.dispatcherId);
          counted.push(performance.now() - t1);
          same &&= JSON.stringify(a) === JSON.stringify(b) && a.overall.dispatched === (q.dispatcherId ? a.overall.dispatched : inMonth);
        }
      }
      results[q.name] = { factsP50: +median(stored).toFixed(1), factsP95: +percentile(stored, 0.95).toFixed(1), liveP50: +median(counted).toFixed(0), same };
    }
    // A figure opens its tickets a page at a time: the worst unit's bounces, first and a deep page.
    const analyst: TicketActor = { id: "bench-analyst", name: "分析员", role: "analyst" };
    const pages: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const r = await dispatchQualityTickets(ctx, analyst, "guangzhou", {
        month: "2026-10",
        figure: "meanBounces",
        by: "unit",
        key: units[0]!,
        page: i % 2 ? 1 : 50,
        pageSize: 20,
      });
      if (!r.ok || (i % 2 === 1 && r.value.tickets.length !== 20)) throw new Error("a figure's tickets did not open");
      pages.push(performance.now() - t0);
    }
    const worstP95 = Math.max(...Object.values(results).map((r) => r.factsP95));
    const worstLive = Math.max(...Object.values(results).map((r) => r.liveP50));
    writeReport({
      name: "dispatch-accuracy",
      metric: `slowest monthly dispatch-quality question p95 at ${facts.toLocaleString("en")} dispatched tickets`,
      value: worstP95,
      unit: "ms",
      baseline: { name: "counting the month live from its tickets' events (slowest median)", value: worstLive },
      ratio: +(worstLive / worstP95).toFixed(1),
      target: "monthly figures < 300 ms p95 at 10 million tickets, the same as counted live",
      met: worstP95 < 300 && facts >= 9_900_000 && Object.values(results).every((r) => r.same),
      details: {
        tickets: facts,
        monthTickets: inMonth,
        loadSeconds: +loadS.toFixed(0),
        questions: results,
        figureTicketsPage: { p50: +median(pages).toFixed(1), p95: +percentile(pages, 0.95).toFixed(1) },
      },
    });
  } finally {
    await db.drop();
  }
}
