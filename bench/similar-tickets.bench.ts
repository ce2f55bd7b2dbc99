import { sql } from "drizzle-orm";
import { findSimilarTickets } from "../src/app/assist/similar-tickets.ts";
import { shippedCategoryTree, type CategoryNode } from "../src/store/shipped-data.ts";
import { ticketTokens } from "../src/text/knowledge-text.ts";
import { benchDatabase } from "./bench-database.ts";
import { median, percentile, writeReport } from "./report.ts";

const TICKETS = Number(process.env["BENCH_TICKETS"] ?? 1_000_000);
const QUERIES = 300;
const DISTRICTS = ["越秀区", "海珠区", "荔湾区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区"];
const PROBLEMS = [
  "路灯不亮",
  "噪音扰民",
  "垃圾堆放",
  "占道经营",
  "违章搭建",
  "拖欠工资",
  "停水停电",
  "道路破损",
  "井盖缺失",
  "油烟污染",
  "乱收费",
  "物业不作为",
  "共享单车乱停",
  "污水外溢",
  "树木倒伏",
  "电梯故障",
  "无证行医",
  "食品安全",
  "校外培训退费",
  "公交线路调整",
];
const STREETS = ["五山路", "天河路", "中山大道", "环市东路", "江南大道", "工业大道", "广州大道", "黄埔大道", "解放路", "人民路", "东风路", "滨江路"];

function names(nodes: readonly CategoryNode[]): string[] {
  return nodes.flatMap((n) => [n.name, ...names(n.children ?? [])]);
}

/**
 * The same-matter check at intake against 1 000 000 stored tickets on PostgreSQL, beside
 * the requester-history lookup by phone (one indexed query) in the same run.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  try {
    // The token vocabulary of realistic requests, made by the real tokenizer.
    const vocab = [...new Set([...names(shippedCategoryTree()), ...PROBLEMS, ...STREETS, ...DISTRICTS].flatMap((t) => ticketTokens(t)))];
    await db.ctx.db.execute(sql`create temporary table v (i int, w text)`);
    await db.ctx.db.execute(sql`insert into v select ordinality, w from unnest(${`{${vocab.map((w) => `"${w}"`).join(",")}}`}::text[]) with ordinality as w`);
    const n = vocab.length;
    const step = 100_000;
    // Bulk load: the GIN index is built once afterwards, as a restore would (same definition as the migration).
    await db.ctx.db.execute(sql`drop index ticket_text_words_idx`);
    for (let from = 0; from < TICKETS; from += step) {
      await db.ctx.db.execute(sql`
        insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, district, received_at, version, state, created_at, updated_at)
        select hotline_ticket_id(date_trunc('day', now()) - ((g % 180) || ' days')::interval, md5('t' || g)::uuid), 'guangzhou', 'BENCH' || lpad(g::text, 9, '0'),
          (array['awaiting_dispatch','handling','awaiting_review','concluded','archived'])[1 + (g % 5)], 'complaint', 'phone', false,
          (${`{${DISTRICTS.join(",")}}`}::text[])[1 + (g % ${DISTRICTS.length})],
          date_trunc('day', now()) - ((g % 180) || ' days')::interval, 1, jsonb_build_object('title', '诉求 ' || g), now(), now()
        from generate_series(${from + 1}::int, ${Math.min(from + step, TICKETS)}::int) g`);
      // Skewed word choice (a few words are everywhere, most are rare), 6–14 tokens a ticket.
      await db.ctx.db.execute(sql`
        insert into ticket_text (ticket_id, jurisdiction_id, received_at, requester_phone, district, sub_district, place, words)
        select hotline_ticket_id(date_trunc('day', now()) - ((g % 180) || ' days')::interval, md5('t' || g)::uuid), 'guangzhou', date_trunc('day', now()) - ((g % 180) || ' days')::interval,
          '138' || lpad((hashint4(g) & 262143)::text, 8, '0'),
          (${`{${DISTRICTS.join(",")}}`}::text[])[1 + (g % ${DISTRICTS.length})], null,
          'addr' || (hashint4(g + 7) & 65535),
          (select to_tsvector('simple', string_agg(v.w, ' ')) from v where v.i in (
            select 1 + floor(${n} * power(((hashint4(g * 31 + k) & 1048575) / 1048576.0), 2))::int from generate_series(1, 6 + (g % 9)) k))
        from generate_series(${from + 1}::int, ${Math.min(from + step, TICKETS)}::int) g`);
    }
    await db.ctx.db.execute(sql`create index ticket_text_words_idx on ticket_text using gin (words) with (fastupdate = on, gin_pending_list_limit = 256)`);
    await db.ctx.db.execute(sql`analyze ticket_text`);
    await db.ctx.db.execute(sql`analyze ticket`);
    const actor = { id: "bench", name: "bench", role: "operator" as const };
    let seed = 5;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const queries = Array.from({ length: QUERIES }, (_, i) => ({
      text: `${pick(STREETS)}附近${pick(PROBLEMS)}，${pick(PROBLEMS)}问题一直没有解决，请尽快处理。`,
      ...(i % 2 === 0 ? { phone: `138${String(Math.floor(rnd() * 262143)).padStart(8, "0")}` } : {}),
      ...(i % 3 === 0 ? { district: pick(DISTRICTS), address: `addr${Math.floor(rnd() * 65535)}` } : {}),
    }));
    for (const q of queries.slice(0, 30)) await findSimilarTickets(db.ctx, actor, "guangzhou", q);
    const subject: number[] = [];
    const baseline: number[] = [];
    let found = 0;
    for (const q of queries) {
      let t = performance.now();
      const r = await findSimilarTickets(db.ctx, actor, "guangzhou", q);
      subject.push(performance.now() - t);
      if (r.ok && r.value.length) found++;
      t = performance.now();
      await db.ctx.db.execute(
        sql`select ticket_id, received_at from ticket_text where jurisdiction_id = 'guangzhou' and requester_phone = ${q.phone ?? "13800000000"} order by received_at desc limit 20`,
      );
      baseline.push(performance.now() - t);
    }
    const p95 = (xs: number[]): number => percentile(xs, 0.95);
    const r1 = (x: number): number => Math.round(x * 10) / 10;
    writeReport({
      name: "similar-tickets",
      metric: "check_p95_ms",
      value: r1(p95(subject)),
      unit: "ms (p95 of the whole same-matter check at intake)",
      baseline: { name: "requester history by phone (one indexed query)", value: r1(p95(baseline)) },
      ratio: Math.round((p95(subject) / Math.max(p95(baseline), 0.01)) * 100) / 100,
      target: "the check adds < 30 ms to intake at 1 million stored tickets",
      met: TICKETS >= 1_000_000 && p95(subject) < 30,
      details: {
        tickets: TICKETS,
        queries: QUERIES,
        p50_ms: r1(median(subject)),
        baseline_p50_ms: r1(median(baseline)),
        queries_with_hits: found,
        vocabulary: n,
        database: "PostgreSQL",
      },
    });
  } finally {
    if (process.env["BENCH_KEEP"]) console.log(`kept ${db.url}`);
    else await db.drop();
  }
}
