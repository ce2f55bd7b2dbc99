import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { cappedCount } from "../log-page.ts";
import { type Article, type ReviewState } from "../../domain/knowledge/article.ts";
import { type Database } from "../database.ts";
import { knowledgeArticles, knowledgeArticleVersions, knowledgeQuestions, units } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

type Row = typeof knowledgeArticles.$inferSelect;

function toArticle(r: Row): Article {
  return {
    id: r.id,
    jurisdictionId: r.jurisdictionId,
    version: r.version,
    question: r.question,
    answer: r.answer,
    ...(r.category ? { category: r.category } : {}),
    ownerUnitId: r.ownerUnitId,
    validFrom: r.validFrom,
    ...(r.validTo ? { validTo: r.validTo } : {}),
    ...(r.sourceDocument ? { sourceDocument: r.sourceDocument } : {}),
    reviewState: r.reviewState as ReviewState,
    ...(r.supersededBy ? { supersededBy: r.supersededBy } : {}),
    ...(r.supersedes ? { supersedes: r.supersedes } : {}),
  };
}

/** The index fields written with each version: jieba words as a tsvector, pinyin initials. */
export interface ArticleIndex {
  readonly questionWords: string;
  readonly answerWords: string;
  readonly initials: string;
}

/** One article, locked for update inside a transaction when asked. */
export async function articleById(db: Tx, id: string, forUpdate = false): Promise<Article | undefined> {
  const q = db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id));
  const [r] = forUpdate ? await q.for("update") : await q;
  return r ? toArticle(r) : undefined;
}

/** Writes the current version and appends it to the history, in the caller's transaction. */
export async function saveArticleVersion(tx: Tx, a: Article, index: ArticleIndex, by: string, at: Date, reason: string, isNew: boolean): Promise<void> {
  // Question words count twice so a hit in the question outranks one in a long answer.
  const search = sql`setweight(to_tsvector('simple', ${index.questionWords}), 'A') || setweight(to_tsvector('simple', ${index.answerWords}), 'B')`;
  const values = {
    jurisdictionId: a.jurisdictionId,
    version: a.version,
    question: a.question,
    answer: a.answer,
    category: a.category ?? null,
    ownerUnitId: a.ownerUnitId,
    validFrom: a.validFrom,
    validTo: a.validTo ?? null,
    sourceDocument: a.sourceDocument ?? null,
    reviewState: a.reviewState,
    supersededBy: a.supersededBy ?? null,
    supersedes: a.supersedes ?? null,
    search,
    initials: index.initials,
    updatedBy: by,
    updatedAt: at,
  };
  if (isNew) await tx.insert(knowledgeArticles).values({ id: a.id, ...values, createdAt: at });
  else await tx.update(knowledgeArticles).set(values).where(eq(knowledgeArticles.id, a.id));
  await tx.insert(knowledgeArticleVersions).values({ articleId: a.id, version: a.version, snapshot: a, reason, changedBy: by, changedAt: at });
}

/** Every version of an article, oldest first. */
export async function articleHistory(db: Tx, id: string) {
  return db.select().from(knowledgeArticleVersions).where(eq(knowledgeArticleVersions.articleId, id)).orderBy(asc(knowledgeArticleVersions.version));
}

/** Search filters. */
export interface SearchFilter {
  readonly jurisdictionId: string;
  /** tsqueries of the query's tiers (see `queryTiers`): every main word, two of them, any word. */
  readonly all?: string;
  readonly twoOf?: string;
  readonly any?: string;
  /** The raw query, for trigram similarity (typos, partial names). */
  readonly raw: string;
  /** Pinyin initials typed as the query. */
  readonly initials?: string;
  readonly category?: string;
  readonly ownerUnitId?: string;
  /** Only articles in force on this day (published, within validity); absent = every state. */
  readonly inForceOn?: string;
  readonly limit: number;
}

/** One ranked hit. */
export interface SearchHit extends Article {
  readonly ownerUnitName: string;
  readonly score: number;
}

/** Rows ranked per tier at most: a word in every other article would otherwise rank the whole base. */
const CANDIDATES = 200;

/**
 * Candidates from each tier (GIN on the jieba tsvector), from trigram similarity of the
 * question (GIN, pg_trgm) and from pinyin initials, each capped; then ranked once:
 * ts_rank of any word + similarity + a bonus for the strict tiers.
 */
export async function searchArticles(db: Database, f: SearchFilter): Promise<SearchHit[]> {
  const filters: SQL[] = [sql`a.jurisdiction_id = ${f.jurisdictionId}`];
  if (f.category) filters.push(sql`a.category = ${f.category}`);
  if (f.ownerUnitId) filters.push(sql`a.owner_unit_id = ${f.ownerUnitId}`);
  if (f.inForceOn) filters.push(sql`a.review_state = 'published' and a.valid_from <= ${f.inForceOn} and (a.valid_to is null or a.valid_to >= ${f.inForceOn})`);
  const base = sql.join(filters, sql` and `);
  // Looser sources run only while the stricter ones found fewer than `limit` articles
  // (a one-time filter on an InitPlan: PostgreSQL skips the scan entirely otherwise).
  const ctes: SQL[] = [];
  const sources: string[] = [];
  const enough = (): SQL =>
    sources.length
      ? sql.raw(`(select count(*) from (${sources.map((x) => `select id from ${x}`).join(" union ")}) s) < ${Math.max(1, Math.floor(f.limit))}`)
      : sql`true`;
  const add = (name: string, cond: SQL): void => {
    ctes.push(sql`${sql.raw(name)} as (select a.id from knowledge_article a where ${base} and ${cond} and ${enough()} limit ${CANDIDATES})`);
    sources.push(name);
  };
  if (f.initials) add("by_initials", sql`a.initials like ${`%${f.initials}%`}`);
  if (f.all) add("by_all", sql`a.search @@ to_tsquery('simple', ${f.all})`);
  if (f.twoOf) add("by_two", sql`a.search @@ to_tsquery('simple', ${f.twoOf})`);
  if ([...f.raw.trim()].length >= 5) add("by_trigram", sql`a.question % ${f.raw}`);
  if (f.any) add("by_any", sql`a.search @@ to_tsquery('simple', ${f.any})`);
  if (!ctes.length) return [];
  const union = sql.raw(sources.map((x) => `select id from ${x}`).join(" union "));
  const q = (t: string | undefined): SQL => (t ? sql`to_tsquery('simple', ${t})` : sql`null::tsquery`);
  const r = (await db.transaction(async (tx) => {
    // 0.4 instead of pg_trgm's 0.3: still forgives one wrong character in a question of six
    // or more, and lets the GIN index drop most candidates before the recheck (15 ms → 1 ms at 50 000).
    await tx.execute(sql`set local pg_trgm.similarity_threshold = 0.4`);
    return tx.execute(sql`
    with ${sql.join(ctes, sql`, `)}, c as (${union})
    select a.*, u.name as owner_unit_name,
      (coalesce(ts_rank(a.search, ${q(f.any)}), 0)
        + similarity(a.question, ${f.raw})
        + case when a.search @@ ${q(f.all)} then 1 else 0 end
        + case when a.search @@ ${q(f.twoOf)} then 0.5 else 0 end
        + case when ${f.initials ?? null}::text is not null and a.initials like ${`${f.initials ?? ""}%`} then 0.5 else 0 end)::float8 as score
    from c join knowledge_article a on a.id = c.id join unit u on u.id = a.owner_unit_id
    order by score desc, a.question
    limit ${f.limit}`);
  })) as unknown as { rows: Record<string, unknown>[] };
  return r.rows.map((x) => ({
    ...toArticle({
      id: String(x["id"]),
      jurisdictionId: String(x["jurisdiction_id"]),
      version: Number(x["version"]),
      question: String(x["question"]),
      answer: String(x["answer"]),
      category: (x["category"] as string | null) ?? null,
      ownerUnitId: String(x["owner_unit_id"]),
      validFrom: String(x["valid_from"]),
      validTo: (x["valid_to"] as string | null) ?? null,
      sourceDocument: (x["source_document"] as string | null) ?? null,
      reviewState: String(x["review_state"]),
      supersededBy: (x["superseded_by"] as string | null) ?? null,
      supersedes: (x["supersedes"] as string | null) ?? null,
    } as Row),
    ownerUnitName: String(x["owner_unit_name"]),
    score: Number(x["score"]),
  }));
}

/** Articles for export or the list screen, filtered like the search without a query. */
export async function listArticles(db: Database, f: { jurisdictionId: string; ownerUnitId?: string; reviewState?: string; limit: number; offset: number }) {
  const a = knowledgeArticles;
  const where: SQL[] = [eq(a.jurisdictionId, f.jurisdictionId)];
  if (f.ownerUnitId) where.push(eq(a.ownerUnitId, f.ownerUnitId));
  if (f.reviewState) where.push(eq(a.reviewState, f.reviewState));
  const [rows, total] = await Promise.all([
    db
      .select({ article: a, ownerUnitName: units.name, ownerUnitCode: units.code, updatedAt: a.updatedAt, updatedBy: a.updatedBy })
      .from(a)
      .innerJoin(units, eq(units.id, a.ownerUnitId))
      .where(and(...where))
      .orderBy(desc(a.updatedAt))
      .limit(f.limit)
      .offset(f.offset),
    cappedCount(db, a, and(...where)),
  ]);
  return {
    articles: rows.map((r) => ({
      ...toArticle(r.article),
      ownerUnitName: r.ownerUnitName,
      ownerUnitCode: r.ownerUnitCode,
      updatedAt: r.updatedAt.getTime(),
      updatedBy: r.updatedBy,
    })),
    total,
  };
}

export type KnowledgeQuestionRow = typeof knowledgeQuestions.$inferSelect;

/** Stores a knowledge question. */
export async function insertKnowledgeQuestion(db: Tx, row: typeof knowledgeQuestions.$inferInsert): Promise<void> {
  await db.insert(knowledgeQuestions).values(row);
}

/** One question, locked for its answer. */
export async function knowledgeQuestionForUpdate(tx: Tx, id: string): Promise<KnowledgeQuestionRow | undefined> {
  const [r] = await tx.select().from(knowledgeQuestions).where(eq(knowledgeQuestions.id, id)).for("update");
  return r;
}

/** Marks a question answered by an article. */
export async function answerKnowledgeQuestionRow(tx: Tx, id: string, articleId: string, at: Date): Promise<void> {
  await tx.update(knowledgeQuestions).set({ answeredAt: at, articleId }).where(eq(knowledgeQuestions.id, id));
}

/** Questions of a platform or of one unit, open ones first by due time. */
export async function listKnowledgeQuestions(db: Database, f: { jurisdictionId: string; unitId?: string; openOnly: boolean }) {
  const q = knowledgeQuestions;
  const where: SQL[] = [eq(q.jurisdictionId, f.jurisdictionId)];
  if (f.unitId) where.push(eq(q.unitId, f.unitId));
  if (f.openOnly) where.push(isNull(q.answeredAt));
  return db
    .select({ question: q, unitName: units.name })
    .from(q)
    .innerJoin(units, eq(units.id, q.unitId))
    .where(and(...where))
    .orderBy(sql`${q.answeredAt} is not null`, sql`${q.dueAt} asc nulls last`, desc(q.askedAt));
}
