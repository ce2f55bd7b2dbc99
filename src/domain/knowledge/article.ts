import { domainError, fail, ok, type DomainError, type Result } from "../shared/domain-error.ts";
import { type Role } from "../ticket/ticket.ts";

/** draft → in_review → published; a published article may be withdrawn or superseded by a newer one. */
export type ReviewState = "draft" | "in_review" | "published" | "withdrawn" | "superseded";

/** An article's content as its owner unit writes it. */
export interface ArticleContent {
  readonly question: string;
  readonly answer: string;
  readonly category?: string;
  readonly ownerUnitId: string;
  /** First day in force, `YYYY-MM-DD` in the platform's zone. */
  readonly validFrom: string;
  /** Last day in force, inclusive; absent while open-ended. */
  readonly validTo?: string;
  /** The policy document or notice the answer rests on. */
  readonly sourceDocument?: string;
}

/** A knowledge article (知识点) as stored: content, version and review state. */
export interface Article extends ArticleContent {
  readonly id: string;
  readonly jurisdictionId: string;
  readonly version: number;
  readonly reviewState: ReviewState;
  readonly supersededBy?: string;
  /** The article this one replaces when it is published. */
  readonly supersedes?: string;
}

/** Who acts on the knowledge base. */
export interface KnowledgeActor {
  readonly id: string;
  readonly role: Role;
  readonly unitId?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function invalid(field: string, zh: string, en: string): DomainError {
  return domainError("INVALID_ARGUMENT", zh, en, { field, rule: "GZ-10" });
}

function realDay(d: string): boolean {
  return DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
}

/** Checks content: question and answer present, days real, validity not reversed. */
export function validateContent(c: ArticleContent): Result<ArticleContent> {
  if (!c.question.trim()) return fail(invalid("question", "问题不能为空", "the question is required"));
  if ([...c.question].length > 500) return fail(invalid("question", "问题不超过 500 字", "the question is at most 500 characters"));
  if (!c.answer.trim()) return fail(invalid("answer", "答复口径不能为空", "the answer is required"));
  if ([...c.answer].length > 20_000) return fail(invalid("answer", "答复不超过 20000 字", "the answer is at most 20 000 characters"));
  if (!realDay(c.validFrom)) return fail(invalid("validFrom", "生效日期须为 YYYY-MM-DD 的真实日期", "validFrom must be a real date YYYY-MM-DD"));
  if (c.validTo !== undefined && !realDay(c.validTo))
    return fail(invalid("validTo", "失效日期须为 YYYY-MM-DD 的真实日期", "validTo must be a real date YYYY-MM-DD"));
  if (c.validTo !== undefined && c.validTo < c.validFrom) return fail(invalid("validTo", "失效日期不能早于生效日期", "validTo is before validFrom"));
  return ok({ ...c, question: c.question.trim(), answer: c.answer.trim() });
}

/** Units answer for their own knowledge (GZ-10): unit staff write only their unit's articles; hotline admins any. */
export function mayEdit(actor: KnowledgeActor, ownerUnitId: string): boolean {
  if (actor.role === "admin") return true;
  return (actor.role === "unit_handler" || actor.role === "unit_leader") && actor.unitId === ownerUnitId;
}

/** Publishing is a reviewer's act: the owner unit's leader, or a hotline admin. */
export function mayReview(actor: KnowledgeActor, ownerUnitId: string): boolean {
  if (actor.role === "admin") return true;
  return actor.role === "unit_leader" && actor.unitId === ownerUnitId;
}

/**
 * The state a written version lands in: a reviewer's own edit is published at once; anyone
 * else's goes to review (or stays a draft when they say so).
 */
export function stateAfterWrite(actor: KnowledgeActor, ownerUnitId: string, asDraft: boolean): ReviewState {
  if (asDraft) return "draft";
  return mayReview(actor, ownerUnitId) ? "published" : "in_review";
}

/** A review decision on an article in review. */
export function review(article: Article, actor: KnowledgeActor, approve: boolean): Result<ReviewState> {
  if (!mayReview(actor, article.ownerUnitId))
    return fail(
      domainError("FORBIDDEN", "只有本单位负责人或热线管理员可以审核", "only the owner unit's leader or a hotline admin may review", { rule: "GZ-10" }),
    );
  if (article.reviewState !== "in_review")
    return fail(domainError("KNOWLEDGE_STATE_CONFLICT", "只有待审核的知识点可以审核", "only an article in review can be reviewed", { field: "reviewState" }));
  return ok(approve ? "published" : "draft");
}

/** Withdrawing takes a published article out of use; its history stays. */
export function withdraw(article: Article, actor: KnowledgeActor): Result<ReviewState> {
  if (!mayReview(actor, article.ownerUnitId))
    return fail(
      domainError("FORBIDDEN", "只有本单位负责人或热线管理员可以撤回", "only the owner unit's leader or a hotline admin may withdraw", { rule: "GZ-10" }),
    );
  if (article.reviewState === "withdrawn" || article.reviewState === "superseded")
    return fail(domainError("KNOWLEDGE_STATE_CONFLICT", "知识点已停用", "the article is already out of use", { field: "reviewState" }));
  return ok("withdrawn");
}

/** Is the article offered to operators on this day? Published, in force, not superseded (GZ-10). */
export function inForce(a: Pick<Article, "reviewState" | "validFrom" | "validTo">, day: string): boolean {
  return a.reviewState === "published" && a.validFrom <= day && (a.validTo === undefined || day <= a.validTo);
}
