import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
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
  /** tsquery text matching any query word; absent when the query had none. */
  readonly tsquery?: string;
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

/**
 * Full-text (jieba words in a `simple` tsvector, GIN) OR trigram similarity of the question
 * (pg_trgm, GIN) OR pinyin initials; ranked by ts_rank plus similarity.
 */
export async function searchArticles(db: Database, f: SearchFilter): Promise<SearchHit[]> {
  const a = knowledgeArticles;
  const query = f.tsquery ? sql`to_tsquery('simple', ${f.tsquery})` : sql`null::tsquery`;
  const matches: SQL[] = [];
  if (f.tsquery) matches.push(sql`${a.search} @@ ${query}`);
  if (f.raw.trim()) matches.push(sql`${a.question} % ${f.raw}`);
  if (f.initials) matches.push(sql`${a.initials} like ${`%${f.initials}%`}`);
  if (!matches.length) return [];
  const where: SQL[] = [eq(a.jurisdictionId, f.jurisdictionId), sql`(${sql.join(matches, sql` or `)})`];
  if (f.category) where.push(eq(a.category, f.category));
  if (f.ownerUnitId) where.push(eq(a.ownerUnitId, f.ownerUnitId));
  if (f.inForceOn) where.push(sql`${a.reviewState} = 'published' and ${a.validFrom} <= ${f.inForceOn} and (${a.validTo} is null or ${a.validTo} >= ${f.inForceOn})`);
  const score = sql<number>`(coalesce(ts_rank(${a.search}, ${query}), 0) + similarity(${a.question}, ${f.raw}) + case when ${f.initials ?? null}::text is not null and ${a.initials} like ${`${f.initials ?? ""}%`} then 0.5 else 0 end)::float8`;
  const rows = await db
    .select({ article: a, ownerUnitName: units.name, score })
    .from(a)
    .innerJoin(units, eq(units.id, a.ownerUnitId))
    .where(and(...where))
    .orderBy(desc(score), asc(a.question))
    .limit(f.limit);
  return rows.map((r) => ({ ...toArticle(r.article), ownerUnitName: r.ownerUnitName, score: Number(r.score) }));
}

/** Articles for export or the list screen, filtered like the search without a query. */
export async function listArticles(db: Database, f: { jurisdictionId: string; ownerUnitId?: string; reviewState?: string; limit: number; offset: number }) {
  const a = knowledgeArticles;
  const where: SQL[] = [eq(a.jurisdictionId, f.jurisdictionId)];
  if (f.ownerUnitId) where.push(eq(a.ownerUnitId, f.ownerUnitId));
  if (f.reviewState) where.push(eq(a.reviewState, f.reviewState));
  const rows = await db
    .select({ article: a, ownerUnitName: units.name, ownerUnitCode: units.code, updatedAt: a.updatedAt, updatedBy: a.updatedBy })
    .from(a)
    .innerJoin(units, eq(units.id, a.ownerUnitId))
    .where(and(...where))
    .orderBy(desc(a.updatedAt))
    .limit(f.limit)
    .offset(f.offset);
  return rows.map((r) => ({ ...toArticle(r.article), ownerUnitName: r.ownerUnitName, ownerUnitCode: r.ownerUnitCode, updatedAt: r.updatedAt.getTime(), updatedBy: r.updatedBy }));
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
