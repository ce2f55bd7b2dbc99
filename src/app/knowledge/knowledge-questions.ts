import { isUuid } from "../../store/uuid.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { randomUUID } from "node:crypto";
import { computeDeadline } from "../../domain/deadlines/deadline-engine.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import {
  answerKnowledgeQuestionRow,
  articleById,
  insertKnowledgeQuestion,
  knowledgeQuestionForUpdate,
  listKnowledgeQuestions,
} from "../../store/repositories/knowledge.repository.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { lookupUnitNames, lookupUnits } from "../org/lookup-units.ts";

/** A knowledge question as shown: its limit and where it stands. */
export interface KnowledgeQuestionView {
  readonly id: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly question: string;
  readonly askedBy: string;
  readonly askedAt: number;
  readonly dueAt: number | null;
  readonly rule: string | null;
  readonly answeredAt: number | null;
  readonly articleId: string | null;
  /** open, overdue, answered, answered_late; `open` forever where the policy sets no limit. */
  readonly standing: "open" | "overdue" | "answered" | "answered_late";
}

/**
 * The hotline asks a unit to complete the knowledge base (GX-29.2). The limit comes from the
 * policy (`knowledgeQuestion`): 3 working days in Guangxi; where a policy sets none
 * (Guangzhou), the question is tracked without a due time rather than given an invented one.
 */
export async function askKnowledgeQuestion(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  input: { unitId: string; question: string },
): Promise<Result<{ id: string; dueAt: number | null; rule: string | null }>> {
  if (!can(actor, "knowledge.ask")) return fail(forbidden("knowledge.ask"));
  if (!input.question.trim()) return fail(domainError("INVALID_ARGUMENT", "问题不能为空", "the question is required", { field: "question" }));
  const policy = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!policy.ok) return policy;
  const unit = (await lookupUnits(ctx.db, [input.unitId])).get(input.unitId);
  if (unit?.jurisdictionId !== jurisdictionId)
    return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "the unit does not exist on this platform", { field: "unitId" }));
  const now = ctx.now();
  const limit = computeDeadline(policy.value, ctx.calendars.forPolicy(policy.value), { rule: "knowledge-question", from: now });
  if (!limit.ok && limit.error.code !== "NO_SUCH_LIMIT") return limit;
  const id = randomUUID();
  const dueAt = limit.ok ? limit.value.due : null;
  const rule = limit.ok ? limit.value.rule : null;
  await insertKnowledgeQuestion(ctx.db, {
    id,
    jurisdictionId,
    unitId: input.unitId,
    question: input.question.trim(),
    askedBy: actor.id,
    askedAt: new Date(now),
    dueAt: dueAt === null ? null : new Date(dueAt),
    rule,
  });
  return ok({ id, dueAt, rule });
}

/** The unit answers by naming the article it wrote or updated; it must be the unit's own. */
export async function answerKnowledgeQuestion(
  ctx: AppContext,
  actor: TicketActor,
  questionId: string,
  articleId: string,
): Promise<Result<KnowledgeQuestionView>> {
  return ctx.db.transaction(async (tx) => {
    const found = isUuid(questionId) ? await knowledgeQuestionForUpdate(tx, questionId) : undefined;
    const q = found && reachesPlatform(actor, found.jurisdictionId) ? found : undefined;
    const mine = actor.role === "admin" || ((actor.role === "unit_handler" || actor.role === "unit_leader") && actor.unitId === q?.unitId);
    if (!q || !mine) return fail(domainError("KNOWLEDGE_QUESTION_NOT_FOUND", "知识补充任务不存在", "no such knowledge question", { field: "id" }));
    if (q.answeredAt) return fail(domainError("KNOWLEDGE_STATE_CONFLICT", "该任务已答复", "the question is already answered", { field: "id" }));
    const a = await articleById(tx, articleId);
    if (!a || a.ownerUnitId !== q.unitId)
      return fail(
        domainError("INVALID_ARGUMENT", "须以本单位的知识点答复", "answer with an article of the unit asked", { field: "articleId", rule: "GX-29.2" }),
      );
    const at = new Date(ctx.now());
    await answerKnowledgeQuestionRow(tx, q.id, a.id, at);
    const names = await lookupUnitNames(tx, [q.unitId]);
    return ok(viewOf({ ...q, answeredAt: at, articleId: a.id }, names.get(q.unitId) ?? "", ctx.now()));
  });
}

function viewOf(q: Awaited<ReturnType<typeof knowledgeQuestionForUpdate>> & object, unitName: string, now: number): KnowledgeQuestionView {
  const due = q.dueAt?.getTime() ?? null;
  const answered = q.answeredAt?.getTime() ?? null;
  const standing = answered !== null ? (due !== null && answered > due ? "answered_late" : "answered") : due !== null && now > due ? "overdue" : "open";
  return {
    id: q.id,
    unitId: q.unitId,
    unitName,
    question: q.question,
    askedBy: q.askedBy,
    askedAt: q.askedAt.getTime(),
    dueAt: due,
    rule: q.rule,
    answeredAt: answered,
    articleId: q.articleId,
    standing,
  };
}

/** Questions of the platform for the hotline; a unit sees only its own. */
export async function knowledgeQuestions(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  openOnly: boolean,
): Promise<Result<KnowledgeQuestionView[]>> {
  if (!can(actor, "knowledge.read")) return fail(forbidden("knowledge.read"));
  const rows = await listKnowledgeQuestions(ctx.db, { jurisdictionId, openOnly, ...(actor.unitId ? { unitId: actor.unitId } : {}) });
  const now = ctx.now();
  return ok(rows.map((r) => viewOf(r.question, r.unitName, now)));
}
