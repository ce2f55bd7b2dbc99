import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { articleIndex, searchKnowledge } from "../src/app/knowledge/knowledge-base.ts";
import { knowledgeArticles, units } from "../src/store/schema/index.ts";
import { shippedCategoryTree, type CategoryNode } from "../src/store/shipped-data.ts";
import { eq } from "drizzle-orm";
import { benchDatabase } from "./bench-database.ts";
import { median, percentile, writeReport } from "./report.ts";

const ARTICLES = Number(process.env["BENCH_ARTICLES"] ?? 50_000);
const QUERIES = 500;

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function leaves(nodes: readonly CategoryNode[], path: string[] = []): string[][] {
  return nodes.flatMap((n) => (n.children?.length ? leaves(n.children, [...path, n.name]) : [[...path, n.name]]));
}

const TOPICS = [
  "如何办理",
  "需要哪些材料",
  "在哪里申请",
  "收费标准",
  "办理时限",
  "投诉渠道",
  "政策解读",
  "补贴标准",
  "申请条件",
  "注意事项",
  "咨询电话",
  "办理流程",
  "线上办理",
  "异地办理",
  "变更登记",
  "注销手续",
];
const PLACES = [
  "越秀区",
  "海珠区",
  "天河区",
  "白云区",
  "黄埔区",
  "番禺区",
  "花都区",
  "南沙区",
  "从化区",
  "增城区",
  "荔湾区",
  "五山街道",
  "三元里街道",
  "京溪街道",
  "东山街道",
];
const PHRASES = [
  "携带本人身份证原件",
  "到就近的政务服务中心窗口",
  "通过政务服务小程序在线提交",
  "材料齐全的当场受理",
  "5个工作日内办结",
  "不收取任何费用",
  "由属地街道负责初审",
  "可拨打12345热线咨询",
  "逾期未办理的需重新申请",
  "委托他人办理的须提供委托书",
  "符合条件的按月发放",
  "具体以最新公布的政策为准",
];

/**
 * Knowledge search over 50 000 articles on PostgreSQL: jieba words + GIN, trigram, initials,
 * ranked and highlighted (the whole use case), against a plain `ILIKE '%query%'` scan of
 * the questions measured in the same run.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  try {
    const rnd = random(99);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const unitRows = await db.ctx.db.select({ id: units.id }).from(units).where(eq(units.jurisdictionId, "guangzhou"));
    const cats = leaves(shippedCategoryTree());
    const questions: string[] = [];
    const now = new Date();
    for (let done = 0; done < ARTICLES;) {
      const batch = [];
      for (let i = 0; i < 500 && done < ARTICLES; i++, done++) {
        const cat = pick(cats);
        const question = `${rnd() < 0.4 ? pick(PLACES) : ""}${cat[2]}${pick(TOPICS)}${rnd() < 0.3 ? `（${2020 + Math.floor(rnd() * 7)}年版）` : ""}`;
        const answer = Array.from({ length: 3 + Math.floor(rnd() * 5) }, () => pick(PHRASES)).join("，") + `。涉及${cat.join("、")}。`;
        questions.push(question);
        const content = { question, answer, category: cat[2]!, ownerUnitId: pick(unitRows).id, validFrom: "2020-01-01" };
        const ix = articleIndex(content);
        batch.push({
          id: randomUUID(),
          jurisdictionId: "guangzhou",
          version: 1,
          ...content,
          validTo: rnd() < 0.1 ? "2024-12-31" : null,
          reviewState: rnd() < 0.95 ? "published" : "withdrawn",
          search: sql`setweight(to_tsvector('simple', ${ix.questionWords}), 'A') || setweight(to_tsvector('simple', ${ix.answerWords}), 'B')`,
          initials: ix.initials,
          updatedBy: "bench",
          updatedAt: now,
          createdAt: now,
        });
      }
      await db.ctx.db.insert(knowledgeArticles).values(batch);
    }
    await db.ctx.db.execute(sql`analyze knowledge_article`);
    // What operators type: two or three words of a question, a place and a topic, a typo, initials.
    const queries = Array.from({ length: QUERIES }, (_, i) => {
      const q = pick(questions);
      const chars = [...q];
      switch (i % 4) {
        case 0:
          return chars.slice(0, Math.min(chars.length, 6)).join("");
        case 1:
          return `${pick(PLACES)}${pick(cats)[2]}`;
        case 2: {
          const at = Math.floor(rnd() * chars.length);
          chars[at] = "的";
          return chars.join("");
        }
        default:
          return pick(TOPICS);
      }
    });
    const actor = { id: "bench", name: "bench", role: "operator" as const };
    for (const q of queries.slice(0, 50)) await searchKnowledge(db.ctx, actor, "guangzhou", { q });
    const subject: number[] = [];
    const baseline: number[] = [];
    let found = 0;
    for (const q of queries) {
      let t = performance.now();
      const r = await searchKnowledge(db.ctx, actor, "guangzhou", { q });
      subject.push(performance.now() - t);
      if (r.ok && r.value.length) found++;
      t = performance.now();
      await db.ctx.db.execute(sql`select id, question from knowledge_article where jurisdiction_id = 'guangzhou' and question ilike ${`%${q}%`} limit 10`);
      baseline.push(performance.now() - t);
    }
    const p95 = (xs: number[]): number => percentile(xs, 0.95);
    const r1 = (n: number): number => Math.round(n * 10) / 10;
    writeReport({
      name: "knowledge-search",
      metric: "search_p95_ms",
      value: r1(p95(subject)),
      unit: "ms (p95, whole use case: segmentation, ranked query, highlights)",
      baseline: { name: "plain ILIKE '%q%' on questions (no ranking)", value: r1(p95(baseline)) },
      ratio: Math.round((p95(subject) / p95(baseline)) * 100) / 100,
      target: "p95 < 20 ms on 50 000 articles",
      met: ARTICLES >= 50_000 && p95(subject) < 20,
      details: {
        articles: ARTICLES,
        queries: QUERIES,
        p50_ms: r1(median(subject)),
        baseline_p50_ms: r1(median(baseline)),
        queries_with_hits: found,
        database: "PostgreSQL",
      },
    });
  } finally {
    await db.drop();
  }
}
