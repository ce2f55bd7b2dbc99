import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { intakeModelVersions, retrainIntakeModels } from "../../app/assist/intake-models.ts";
import { intakeSuggestions } from "../../app/assist/intake-suggestions.ts";
import { findSimilarTickets } from "../../app/assist/similar-tickets.ts";
import { correctionQueue, decideCorrection } from "../../app/assist/label-corrections.ts";
import { type AppContext } from "../../app/context.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";

const SimilarBodySchema = z
  .object({
    text: z.string().max(20_000).default(""),
    phone: z.string().trim().max(20).optional(),
    district: z.string().trim().max(50).optional(),
    subDistrict: z.string().trim().max(50).optional(),
    address: z.string().trim().max(300).optional(),
  })
  .strict();
const SuggestBodySchema = z
  .object({
    text: z.string().trim().min(1).max(20_000),
    /** What the operator has entered so far: the catalogue proposes a unit for a category in an area. */
    category: z.string().trim().max(100).optional(),
    district: z.string().trim().max(50).optional(),
    subDistrict: z.string().trim().max(50).optional(),
  })
  .strict();

/** Intake assistance: suggested type, category and unit; the models behind them. */
export function assistRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/assist/suggestions",
    {
      schema: {
        tags: ["assist"],
        summary: "受理建议：类型、分类前三，承办单位前三及依据 / top-3 type, category, and units with their evidence, for a request being taken",
        body: jsonSchema(SuggestBodySchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(SuggestBodySchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { text, category, district, subDistrict } = b.value;
      const r = await intakeSuggestions(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, {
        text,
        ...(category ? { category } : {}),
        ...(district ? { district } : {}),
        ...(subDistrict ? { subDistrict } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/assist/similar-tickets",
    { schema: { tags: ["assist"], summary: "相似工单（同一诉求人、同一地点、相近内容）/ possibly the same matter", body: jsonSchema(SimilarBodySchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(SimilarBodySchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { text, phone, district, subDistrict, address } = b.value;
      const r = await findSimilarTickets(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, {
        text,
        ...(phone ? { phone } : {}),
        ...(district ? { district } : {}),
        ...(subDistrict ? { subDistrict } : {}),
        ...(address ? { address } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return { tickets: r.value };
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/models",
    { schema: { tags: ["assist"], summary: "各版本的受理辅助模型 / every version of the intake models" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const r = await intakeModelVersions(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction);
      if (!r.ok) return sendError(reply, r.error);
      return { models: r.value };
    },
  );

  const QueueQuery = z
    .object({ page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) })
    .strict();
  app.get(
    "/api/v1/jurisdictions/:jurisdiction/label-corrections",
    { schema: { tags: ["assist"], summary: "派单纠错队列：未选首选建议的派单与同意退回的工单 / the label-correction queue" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(QueueQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await correctionQueue(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, q.value.page, q.value.pageSize);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  const DecisionSchema = z
    .object({
      ticketId: z.uuid(),
      seq: z.number().int().min(1),
      accept: z.boolean(),
      unitId: z.uuid().optional(),
      category: z.string().trim().min(1).max(100).optional(),
      note: z.string().trim().max(2000).default(""),
    })
    .strict();
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/label-corrections/decide",
    { schema: { tags: ["assist"], summary: "采纳或驳回一条派单纠错 / accept or reject a correction", body: jsonSchema(DecisionSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(DecisionSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { unitId, category, ...rest } = b.value;
      const r = await decideCorrection(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, {
        ...rest,
        ...(unitId ? { unitId } : {}),
        ...(category ? { category } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/models/train",
    { schema: { tags: ["assist"], summary: "用已办结工单重新训练 / retrain from concluded tickets and overrides" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const r = await retrainIntakeModels(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );
}
