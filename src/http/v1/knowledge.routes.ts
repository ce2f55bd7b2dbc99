import { DaySchema } from "./schemas.ts";
import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { articlePage, articleWithHistory, createArticle, decideArticle, searchKnowledge, updateArticle } from "../../app/knowledge/knowledge-base.ts";
import { answerKnowledgeQuestion, askKnowledgeQuestion, knowledgeQuestions } from "../../app/knowledge/knowledge-questions.ts";
import { exportKnowledgeXlsx, importKnowledgeXlsx } from "../../app/knowledge/knowledge-xlsx.ts";
import { domainError } from "../../app/errors.ts";
import { isUuid } from "../../app/vocabulary.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const Day = DaySchema;
const ContentSchema = {
  question: z.string().trim().min(1).max(500),
  answer: z.string().trim().min(1).max(20_000),
  category: z.string().trim().min(1).max(100).optional(),
  ownerUnitId: z.uuid(),
  validFrom: Day,
  validTo: Day.optional(),
  sourceDocument: z.string().trim().min(1).max(500).optional(),
  asDraft: z.boolean().optional(),
  reason: z.string().trim().min(1).max(2000).default("新增知识点"),
};
const CreateSchema = z.object({ ...ContentSchema, supersedes: z.uuid().optional() }).strict();
const UpdateSchema = z.object({ ...ContentSchema, version: z.number().int().positive(), reason: z.string().trim().min(1).max(2000) }).strict();
const DecisionSchema = z
  .object({ version: z.number().int().positive(), decision: z.enum(["approve", "reject", "withdraw"]), reason: z.string().trim().min(1).max(2000) })
  .strict();
const SearchQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(200),
    category: z.string().trim().min(1).max(100).optional(),
    ownerUnitId: z.uuid().optional(),
    all: z.enum(["true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(50).optional(),
  })
  .strict();
const ListQuerySchema = z
  .object({
    ownerUnitId: z.uuid().optional(),
    reviewState: z.enum(["draft", "in_review", "published", "withdrawn", "superseded"]).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict();
const QuestionSchema = z.object({ unitId: z.uuid(), question: z.string().trim().min(1).max(2000) }).strict();
const AnswerSchema = z.object({ articleId: z.uuid() }).strict();

function content(b: z.output<typeof CreateSchema> | z.output<typeof UpdateSchema>) {
  return {
    question: b.question,
    answer: b.answer,
    ownerUnitId: b.ownerUnitId,
    validFrom: b.validFrom,
    ...(b.validTo ? { validTo: b.validTo } : {}),
    ...(b.category ? { category: b.category } : {}),
    ...(b.sourceDocument ? { sourceDocument: b.sourceDocument } : {}),
  };
}

const articleNotFound = domainError("ARTICLE_NOT_FOUND", "知识点不存在", "no such article", { field: "id" });

/** The knowledge base (GZ-10, GX-29): search, articles with versions and review, questions to units, .xlsx exchange. */
export function knowledgeRoutes(app: FastifyInstance, ctx: AppContext) {
  app.addContentTypeParser(XLSX, { parseAs: "buffer", bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/knowledge/search",
    { schema: { tags: ["knowledge"], summary: "知识库检索（中文分词、纠错、拼音首字母）/ search the knowledge base" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(SearchQuerySchema, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await searchKnowledge(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, {
        q: q.value.q,
        all: q.value.all === "true",
        ...(q.value.category ? { category: q.value.category } : {}),
        ...(q.value.ownerUnitId ? { ownerUnitId: q.value.ownerUnitId } : {}),
        ...(q.value.limit ? { limit: q.value.limit } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return { hits: r.value };
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/knowledge/articles",
    { schema: { tags: ["knowledge"], summary: "知识点列表 / list articles" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(ListQuerySchema, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const size = 50;
      const articles = await articlePage(ctx, actor, {
        jurisdictionId: (req.params as { jurisdiction: string }).jurisdiction,
        ...(q.value.ownerUnitId ? { ownerUnitId: q.value.ownerUnitId } : {}),
        ...(q.value.reviewState ? { reviewState: q.value.reviewState } : {}),
        limit: size,
        offset: (q.value.page - 1) * size,
      });
      if (!articles.ok) return sendError(reply, articles.error);
      return { articles: articles.value.articles, page: q.value.page, pageSize: size, total: articles.value.total };
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/knowledge/articles",
    { schema: { tags: ["knowledge"], summary: "新增知识点 / add an article", body: jsonSchema(CreateSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(CreateSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await createArticle(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, {
        content: content(b.value),
        reason: b.value.reason,
        ...(b.value.asDraft ? { asDraft: true } : {}),
        ...(b.value.supersedes ? { supersedes: b.value.supersedes } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send({ article: r.value });
    },
  );

  app.get(
    "/api/v1/knowledge/articles/:id",
    { schema: { tags: ["knowledge"], summary: "知识点及其各版本 / an article with every version" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const id = (req.params as { id: string }).id;
      if (!isUuid(id)) return sendError(reply, articleNotFound);
      const r = await articleWithHistory(ctx, actor, id);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.put(
    "/api/v1/knowledge/articles/:id",
    { schema: { tags: ["knowledge"], summary: "修订知识点（新版本）/ a new version", body: jsonSchema(UpdateSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const id = (req.params as { id: string }).id;
      if (!isUuid(id)) return sendError(reply, articleNotFound);
      const b = parseWith(UpdateSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await updateArticle(ctx, actor, id, b.value.version, {
        content: content(b.value),
        reason: b.value.reason,
        ...(b.value.asDraft ? { asDraft: true } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return { article: r.value };
    },
  );

  app.post(
    "/api/v1/knowledge/articles/:id/decision",
    { schema: { tags: ["knowledge"], summary: "审核发布、退回或撤回 / approve, send back or withdraw", body: jsonSchema(DecisionSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const id = (req.params as { id: string }).id;
      if (!isUuid(id)) return sendError(reply, articleNotFound);
      const b = parseWith(DecisionSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await decideArticle(ctx, actor, id, b.value.version, b.value.decision, b.value.reason);
      if (!r.ok) return sendError(reply, r.error);
      return { article: r.value };
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/knowledge/export.xlsx",
    { schema: { tags: ["knowledge"], summary: "导出知识库 .xlsx / export as .xlsx" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const jurisdiction = (req.params as { jurisdiction: string }).jurisdiction;
      const r = await exportKnowledgeXlsx(ctx, actor, jurisdiction);
      if (!r.ok) return sendError(reply, r.error);
      return reply.header("content-type", XLSX).header("content-disposition", `attachment; filename="knowledge-${jurisdiction}.xlsx"`).send(r.value);
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/knowledge/import",
    { schema: { tags: ["knowledge"], summary: "导入知识库 .xlsx（整表或全不）/ import .xlsx, all or nothing" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      if (!Buffer.isBuffer(req.body))
        return sendError(
          reply,
          domainError("INVALID_ARGUMENT", `请求体应为 .xlsx 文件（Content-Type: ${XLSX}）`, `the body must be an .xlsx file (Content-Type: ${XLSX})`, {
            field: "body",
          }),
        );
      const q = parseWith(z.object({ reason: z.string().trim().min(1).max(500).default("批量导入") }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await importKnowledgeXlsx(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, req.body, q.value.reason);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/knowledge/questions",
    { schema: { tags: ["knowledge"], summary: "向单位提出知识补充（GX-29.2）/ ask a unit to complete the base", body: jsonSchema(QuestionSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(QuestionSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await askKnowledgeQuestion(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, b.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/knowledge/questions",
    { schema: { tags: ["knowledge"], summary: "知识补充任务 / knowledge questions and their limits" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ open: z.enum(["true", "false"]).optional() }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await knowledgeQuestions(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, q.value.open === "true");
      if (!r.ok) return sendError(reply, r.error);
      return { questions: r.value };
    },
  );

  app.post(
    "/api/v1/knowledge/questions/:id/answer",
    { schema: { tags: ["knowledge"], summary: "以知识点答复 / answer with an article", body: jsonSchema(AnswerSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const id = (req.params as { id: string }).id;
      if (!isUuid(id))
        return sendError(reply, domainError("KNOWLEDGE_QUESTION_NOT_FOUND", "知识补充任务不存在", "no such knowledge question", { field: "id" }));
      const b = parseWith(AnswerSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await answerKnowledgeQuestion(ctx, actor, id, b.value.articleId);
      if (!r.ok) return sendError(reply, r.error);
      return { question: r.value };
    },
  );
}
