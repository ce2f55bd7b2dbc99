import { actorInWords } from "../auth/audit-labels.ts";
import { staffNames } from "../auth/accounts.ts";
import { isUuid } from "../../store/uuid.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { randomUUID } from "node:crypto";
import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";
import {
  mayEdit,
  review,
  stateAfterWrite,
  validateContent,
  withdraw,
  type Article,
  type ArticleContent,
  type ReviewState,
} from "../../domain/knowledge/article.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import {
  articleById,
  articleHistory,
  listArticles,
  saveArticleVersion,
  searchArticles,
  type ArticleIndex,
  type SearchHit,
} from "../../store/repositories/knowledge.repository.ts";
import { type Tx } from "../../store/repositories/ticket.repository.ts";
import { highlight, indexWords, initials, looksLikeInitials, queryTiers, snippet, tsvectorInput, type Piece } from "../../text/knowledge-text.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { lookupUnits } from "../org/lookup-units.ts";

/** The index fields of an article version: jieba words of question and of category + answer, pinyin initials. */
export function articleIndex(c: ArticleContent): ArticleIndex {
  return {
    questionWords: tsvectorInput(indexWords(c.question)),
    answerWords: tsvectorInput(indexWords(`${c.category ?? ""} ${c.answer}`)),
    initials: initials(c.question),
  };
}

/** Today in the platform's zone, `YYYY-MM-DD`. */
export async function platformDay(ctx: AppContext, jurisdictionId: string): Promise<Result<string>> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  return ok(formatDay(dayOfInstant(ctx.now(), p.value.utcOffsetMinutes)));
}

const notFound = () => fail<never>(domainError("ARTICLE_NOT_FOUND", "知识点不存在", "no such article", { field: "id" }));
const conflict = (current: number) =>
  fail<never>(
    domainError(
      "VERSION_CONFLICT",
      `知识点已被他人修改（当前第 ${current} 版），请刷新后重试`,
      `the article changed meanwhile (now version ${current}); reload and retry`,
      { field: "version" },
    ),
  );

/** What a writer sends: content, and for an existing article the version it was read at. */
export interface ArticleWrite {
  readonly content: ArticleContent;
  /** Save without sending to review. */
  readonly asDraft?: boolean;
  /** Why (kept in the version history). */
  readonly reason: string;
  /** The article a new one replaces once published. */
  readonly supersedes?: string;
}

async function ownerOk(tx: Tx, jurisdictionId: string, unitId: string): Promise<boolean> {
  const u = (await lookupUnits(tx, [unitId])).get(unitId);
  return u?.jurisdictionId === jurisdictionId;
}

/** When a replacing article is published, the one it replaces stops being offered. */
async function supersedeIfPublished(tx: Tx, a: Article, by: string, at: Date): Promise<void> {
  if (a.reviewState !== "published" || !a.supersedes) return;
  const old = await articleById(tx, a.supersedes, true);
  if (!old || old.reviewState === "superseded") return;
  const next: Article = { ...old, version: old.version + 1, reviewState: "superseded", supersededBy: a.id };
  await saveArticleVersion(tx, next, articleIndex(next), by, at, `已由新知识点「${a.question.slice(0, 40)}」替代`, false);
}

/** Adds an article (GZ-10): units write their own; a reviewer's own article is published at once. */
export async function createArticle(ctx: AppContext, actor: TicketActor, jurisdictionId: string, w: ArticleWrite): Promise<Result<Article>> {
  return ctx.db.transaction((tx) => createArticleIn(tx, ctx, actor, jurisdictionId, w));
}

/** {@link createArticle} inside the caller's transaction (a bulk import writes all rows in one). */
export async function createArticleIn(tx: Tx, ctx: AppContext, actor: TicketActor, jurisdictionId: string, w: ArticleWrite): Promise<Result<Article>> {
  if (!can(actor, "knowledge.edit") || !mayEdit(actor, w.content.ownerUnitId))
    return fail(domainError("FORBIDDEN", "只能维护本单位的知识点", "you may only maintain your own unit's articles", { field: "ownerUnitId", rule: "GZ-10" }));
  const valid = validateContent(w.content);
  if (!valid.ok) return valid;
  const at = new Date(ctx.now());
  if (!(await ownerOk(tx, jurisdictionId, w.content.ownerUnitId)))
    return fail(domainError("INVALID_ARGUMENT", "责任单位不存在或不属于本平台", "the owner unit does not exist on this platform", { field: "ownerUnitId" }));
  if (w.supersedes) {
    const old = await articleById(tx, w.supersedes);
    if (!old || old.jurisdictionId !== jurisdictionId)
      return fail(domainError("ARTICLE_NOT_FOUND", "被替代的知识点不存在", "the article to supersede does not exist", { field: "supersedes" }));
  }
  const a: Article = {
    ...valid.value,
    id: randomUUID(),
    jurisdictionId,
    version: 1,
    reviewState: stateAfterWrite(actor, w.content.ownerUnitId, w.asDraft ?? false),
    ...(w.supersedes ? { supersedes: w.supersedes } : {}),
  };
  await saveArticleVersion(tx, a, articleIndex(a), actor.id, at, w.reason, true);
  await supersedeIfPublished(tx, a, actor.id, at);
  return ok(a);
}

/** Writes a new version of an article read at `expectedVersion`; a concurrent edit is refused, never overwritten. */
export async function updateArticle(ctx: AppContext, actor: TicketActor, id: string, expectedVersion: number, w: ArticleWrite): Promise<Result<Article>> {
  return ctx.db.transaction((tx) => updateArticleIn(tx, ctx, actor, id, expectedVersion, w));
}

/** {@link updateArticle} inside the caller's transaction. */
export async function updateArticleIn(
  tx: Tx,
  ctx: AppContext,
  actor: TicketActor,
  id: string,
  expectedVersion: number,
  w: ArticleWrite,
): Promise<Result<Article>> {
  const valid = validateContent(w.content);
  if (!valid.ok) return valid;
  const at = new Date(ctx.now());
  const cur = isUuid(id) ? await articleById(tx, id, true) : undefined;
  if (!cur || !reachesPlatform(actor, cur.jurisdictionId)) return notFound();
  if (!can(actor, "knowledge.edit") || !mayEdit(actor, cur.ownerUnitId) || !mayEdit(actor, w.content.ownerUnitId))
    return fail(domainError("FORBIDDEN", "只能维护本单位的知识点", "you may only maintain your own unit's articles", { field: "ownerUnitId", rule: "GZ-10" }));
  if (cur.version !== expectedVersion) return conflict(cur.version);
  if (cur.reviewState === "superseded")
    return fail(domainError("KNOWLEDGE_STATE_CONFLICT", "已被替代的知识点不能再修改", "a superseded article cannot change", { field: "id" }));
  if (!(await ownerOk(tx, cur.jurisdictionId, w.content.ownerUnitId)))
    return fail(domainError("INVALID_ARGUMENT", "责任单位不存在或不属于本平台", "the owner unit does not exist on this platform", { field: "ownerUnitId" }));
  const a: Article = {
    ...valid.value,
    id,
    jurisdictionId: cur.jurisdictionId,
    version: cur.version + 1,
    reviewState: stateAfterWrite(actor, w.content.ownerUnitId, w.asDraft ?? false),
    ...(cur.supersedes ? { supersedes: cur.supersedes } : {}),
  };
  await saveArticleVersion(tx, a, articleIndex(a), actor.id, at, w.reason, false);
  await supersedeIfPublished(tx, a, actor.id, at);
  return ok(a);
}

/** Approves (publishes) or sends back an article in review, or withdraws one from use. */
export async function decideArticle(
  ctx: AppContext,
  actor: TicketActor,
  id: string,
  expectedVersion: number,
  decision: "approve" | "reject" | "withdraw",
  reason: string,
): Promise<Result<Article>> {
  if (!reason.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明理由", "a reason is required", { field: "reason" }));
  const at = new Date(ctx.now());
  return ctx.db.transaction(async (tx) => {
    const cur = isUuid(id) ? await articleById(tx, id, true) : undefined;
    if (!cur || !reachesPlatform(actor, cur.jurisdictionId)) return notFound();
    if (cur.version !== expectedVersion) return conflict(cur.version);
    const next: Result<ReviewState> = decision === "withdraw" ? withdraw(cur, actor) : review(cur, actor, decision === "approve");
    if (!next.ok) return next;
    const a: Article = { ...cur, version: cur.version + 1, reviewState: next.value };
    await saveArticleVersion(tx, a, articleIndex(a), actor.id, at, reason, false);
    await supersedeIfPublished(tx, a, actor.id, at);
    return ok(a);
  });
}

/** An article with every version (who, when, why). */
export async function articleWithHistory(ctx: AppContext, actor: TicketActor, id: string) {
  if (!can(actor, "knowledge.read")) return fail(forbidden("knowledge.read"));
  const a = isUuid(id) ? await articleById(ctx.db, id) : undefined;
  if (!a || !reachesPlatform(actor, a.jurisdictionId)) return notFound();
  const versions = await articleHistory(ctx.db, id);
  // Who changed it by name: accounts by their display name, tokens and jobs by what they are.
  const names = await staffNames(
    ctx,
    versions.map((v) => v.changedBy),
  );
  return ok({
    article: a,
    versions: versions.map((v) => ({
      version: v.version,
      reason: v.reason,
      changedBy: v.changedBy,
      changedByName: actorInWords(v.changedBy, names),
      changedAt: v.changedAt.getTime(),
      snapshot: v.snapshot,
    })),
  });
}

/** What the operator searches with. */
export interface KnowledgeQuery {
  readonly q: string;
  readonly category?: string;
  readonly ownerUnitId?: string;
  /** Also find drafts, articles in review, expired and withdrawn ones (for maintainers). */
  readonly all?: boolean;
  readonly limit?: number;
}

/** A search hit with its highlighted question and answer snippet. */
export interface KnowledgeHit extends SearchHit {
  readonly questionPieces: readonly Piece[];
  readonly answerPieces: readonly Piece[];
}

/**
 * Search while the phone rings (GZ-13.1): jieba words in full text, trigram similarity for
 * typos and partial names, pinyin initials; only articles in force unless `all`.
 */
export async function searchKnowledge(ctx: AppContext, actor: TicketActor, jurisdictionId: string, query: KnowledgeQuery): Promise<Result<KnowledgeHit[]>> {
  if (!can(actor, "knowledge.read")) return fail(forbidden("knowledge.read"));
  const day = await platformDay(ctx, jurisdictionId);
  if (!day.ok) return day;
  const q = query.q.trim();
  if (!q) return fail(domainError("INVALID_ARGUMENT", "请输入检索内容", "a query is required", { field: "q" }));
  const tiers = queryTiers(q);
  const words = tiers.words;
  const hits = await searchArticles(ctx.db, {
    jurisdictionId,
    raw: q,
    ...(tiers.all ? { all: tiers.all } : {}),
    ...(tiers.twoOf ? { twoOf: tiers.twoOf } : {}),
    ...(tiers.any ? { any: tiers.any } : {}),
    ...(looksLikeInitials(q) ? { initials: q.toLowerCase() } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.ownerUnitId ? { ownerUnitId: query.ownerUnitId } : {}),
    ...(query.all ? {} : { inForceOn: day.value }),
    limit: Math.min(query.limit ?? 10, 50),
  });
  return ok(hits.map((h) => ({ ...h, questionPieces: highlight(h.question, words), answerPieces: highlight(snippet(h.answer, words), words) })));
}

/** A page of a platform's articles, by owner unit and review state. */
export async function articlePage(ctx: AppContext, actor: TicketActor, f: Parameters<typeof listArticles>[1]) {
  if (!can(actor, "knowledge.read")) return fail(forbidden("knowledge.read"));
  return ok(await listArticles(ctx.db, f));
}
