import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { exportCatalogueXlsx, importCatalogueXlsx } from "../../app/dispatch/catalogue-xlsx.ts";
import { domainError } from "../../app/errors.ts";
import {
  catalogueDisputes,
  catalogueDryRun,
  catalogueEntryHistory,
  catalogueOn,
  catalogueRoutedLastMonth,
  catalogueScheduled,
  decideCatalogueDispute,
  dispatchProposalFor,
  fileCatalogueDispute,
  principleFromDifficultCase,
  retireCatalogueEntry,
  saveCatalogueEntry,
} from "../../app/dispatch/catalogue.ts";
import { sendError } from "../errors.ts";
import { NO_SUCH_TICKET, ticketActor, ticketInScope } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";
import { DaySchema, InstantSchema } from "./schemas.ts";
import { unitSuggestionsFor } from "../../app/dispatch/unit-suggestions.ts";
import { CATALOGUE_SOURCE_KINDS } from "../../app/vocabulary.ts";

const EntrySchema = z
  .object({
    entryKey: z.uuid().optional(),
    category: z.string().trim().min(1).max(100),
    district: z.string().trim().min(1).max(50).optional(),
    subDistrict: z.string().trim().min(1).max(50).optional(),
    leadUnitId: z.uuid(),
    assistingUnitIds: z.array(z.uuid()).max(20).optional(),
    legalBasis: z.string().trim().min(1).max(2000),
    principle: z
      .object({ decision: z.string().trim().min(1).max(2000), decidedOn: DaySchema, approvingBody: z.string().trim().min(1).max(200) })
      .strict()
      .optional(),
    source: z
      .object({
        kind: z.enum(CATALOGUE_SOURCE_KINDS),
        document: z.string().trim().min(1).max(500),
        number: z.string().trim().max(100).optional(),
        clause: z.string().trim().max(200).optional(),
      })
      .strict(),
    reason: z.string().trim().min(1).max(2000),
    effectiveFrom: DaySchema.optional(),
    effectiveTo: DaySchema.optional(),
  })
  .strict();
const DisputeSchema = z.object({ reason: z.string().trim().min(1).max(2000), legalBasis: z.string().trim().min(1).max(2000) }).strict();
const DecisionSchema = z.object({ accepted: z.boolean(), note: z.string().trim().min(1).max(2000) }).strict();

/** The dispatch catalogue (派单目录), its versions, proposals and disputes (派单异议). */
export function catalogueRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    "/api/v1/jurisdictions/:jurisdiction/catalogue",
    { schema: { tags: ["catalogue"], summary: "派单目录（可按时点查询）/ the dispatch catalogue, optionally as of an instant" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ at: InstantSchema.optional() }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const jurisdiction = (req.params as { jurisdiction: string }).jurisdiction;
      const routed = await catalogueRoutedLastMonth(ctx, jurisdiction);
      if (!routed.ok) return sendError(reply, routed.error);
      return {
        entries: await catalogueOn(ctx, jurisdiction, q.value.at ?? ctx.now()),
        scheduled: await catalogueScheduled(ctx, jurisdiction),
        routedLastMonth: routed.value,
      };
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/catalogue.xlsx",
    { schema: { tags: ["catalogue"], summary: "导出派单目录 .xlsx（编制部门填报的列）/ the catalogue in force as .xlsx" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const jurisdiction = (req.params as { jurisdiction: string }).jurisdiction;
      const r = await exportCatalogueXlsx(ctx, actor, jurisdiction);
      if (!r.ok) return sendError(reply, r.error);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="catalogue-${jurisdiction}.xlsx"`)
        .send(r.value);
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/catalogue/import",
    {
      schema: {
        tags: ["catalogue"],
        summary:
          "导入派单目录 .xlsx（导出的列；整表或全不；dryRun=true 只试算不生效）/ import the catalogue, all or nothing; dryRun=true tells what it would do",
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(
        z.object({ reason: z.string().trim().min(1).max(500).default("批量导入"), dryRun: z.enum(["true", "false"]).optional() }).strict(),
        req.query,
        "query",
      );
      if (!q.ok) return sendError(reply, q.error);
      if (!Buffer.isBuffer(req.body))
        return sendError(reply, domainError("INVALID_ARGUMENT", "请求体须为 .xlsx 文件", "the body must be an .xlsx file", { field: "body" }));
      const r = await importCatalogueXlsx(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, req.body, q.value.reason, {
        dryRun: q.value.dryRun === "true",
      });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get(
    "/api/v1/catalogue/entries/:entryKey/history",
    { schema: { tags: ["catalogue"], summary: "目录条目的各版本 / every version of an entry" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      return { versions: await catalogueEntryHistory(ctx, actor, (req.params as { entryKey: string }).entryKey) };
    },
  );

  const RetireSchema = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();
  app.post(
    "/api/v1/catalogue/entries/:entryKey/retire",
    { schema: { tags: ["catalogue"], summary: "停用目录条目（记录停用人和理由）/ retire an entry, with who and why", body: jsonSchema(RetireSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(RetireSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await retireCatalogueEntry(ctx, actor, (req.params as { entryKey: string }).entryKey, b.value.reason);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/catalogue",
    { schema: { tags: ["catalogue"], summary: "新增或修订目录条目 / add an entry or a new version", body: jsonSchema(EntrySchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(EntrySchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await saveCatalogueEntry(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, b.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  const DryRunSchema = EntrySchema.omit({ source: true, reason: true, principle: true, effectiveFrom: true, effectiveTo: true }).extend({
    months: z.number().int().min(1).max(24).optional(),
  });
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/catalogue/dry-run",
    {
      schema: {
        tags: ["catalogue"],
        summary: "目录变更试算：近 N 个月已办结工单中会改派到其他单位的 / what a catalogue change would have done",
        body: jsonSchema(DryRunSchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(DryRunSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { months, ...entry } = b.value;
      const r = await catalogueDryRun(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, entry, months);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  const PrincipleSchema = z
    .object({ scope: z.enum(["jurisdiction", "district"]), approvingBody: z.string().trim().min(1).max(200), reason: z.string().trim().max(2000).default("") })
    .strict();
  app.post(
    "/api/v1/tickets/:id/difficult-case/principle",
    {
      schema: {
        tags: ["catalogue"],
        summary: "将疑难件会商意见记为派单目录的处理原则（GZ-16、GX-19）/ record a difficult case's decision as a catalogue principle",
        body: jsonSchema(PrincipleSchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(PrincipleSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await principleFromDifficultCase(ctx, actor, (req.params as { id: string }).id, b.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.get(
    "/api/v1/tickets/:id/unit-suggestions",
    { schema: { tags: ["catalogue"], summary: "承办单位建议（前三名及依据：派单目录、同类工单办理记录、模型得分）/ top-3 units with their evidence" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const r = await unitSuggestionsFor(ctx, actor, (req.params as { id: string }).id);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get(
    "/api/v1/tickets/:id/dispatch-proposal",
    { schema: { tags: ["catalogue"], summary: "派单建议 / the catalogue's proposal for a ticket" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const id = (req.params as { id: string }).id;
      const t = actor.unitId ? undefined : await ticketInScope(ctx, id, actor);
      if (!t) return sendError(reply, NO_SUCH_TICKET);
      return { proposal: (await dispatchProposalFor(ctx, ctx.db, t)) ?? null };
    },
  );

  app.post(
    "/api/v1/catalogue/entries/:entryId/disputes",
    { schema: { tags: ["catalogue"], summary: "承办单位提出派单异议 / a unit disputes an entry", body: jsonSchema(DisputeSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(DisputeSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await fileCatalogueDispute(ctx, actor, (req.params as { entryId: string }).entryId, b.value.reason, b.value.legalBasis);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/catalogue-disputes",
    { schema: { tags: ["catalogue"], summary: "派单异议列表 / disputes" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      return { disputes: await catalogueDisputes(ctx, (req.params as { jurisdiction: string }).jurisdiction) };
    },
  );

  app.post(
    "/api/v1/catalogue/disputes/:id/decide",
    { schema: { tags: ["catalogue"], summary: "热线裁定派单异议 / the hotline decides a dispute", body: jsonSchema(DecisionSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(DecisionSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await decideCatalogueDispute(ctx, actor, (req.params as { id: string }).id, b.value.accepted, b.value.note);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );
}
