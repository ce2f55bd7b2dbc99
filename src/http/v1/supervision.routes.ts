import { domainError } from "../../app/errors.ts";
import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { listMisconduct, MISCONDUCT_KINDS, MISCONDUCT_MEASURES, recordMisconduct } from "../../app/supervision/record-misconduct.ts";
import { loadSupervisionBoard } from "../../app/supervision/supervision-board.ts";
import { decideReplyMismatch, replyMismatchesByUnit, replyMismatchList, replyMismatchXlsx } from "../../app/supervision/reply-mismatches.ts";
import { sendXlsx } from "../log-page-query.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";

const MisconductSchema = z
  .object({
    unitId: z.uuid(),
    staffName: z.string().trim().min(1).max(50).optional(),
    kind: z.enum(MISCONDUCT_KINDS),
    measure: z.enum(MISCONDUCT_MEASURES),
    description: z.string().trim().min(1).max(5000),
    ticketId: z.uuid().optional(),
  })
  .strict();

const FlaggedQuery = z
  .object({
    status: z.enum(["open", "cleared", "misconduct"]).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
const MonthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict();
const ReplyMismatchDecisionSchema = z
  .object({
    version: z.number().int().min(1),
    outcome: z.enum(["cleared", "misconduct"]),
    reason: z.string().trim().min(1).max(2000),
    measure: z.enum(MISCONDUCT_MEASURES).optional(),
    staffName: z.string().trim().min(1).max(50).optional(),
  })
  .strict();

/** Staff misconduct records and measures (GZ-26, GX-36, GX-37), and replies flagged as possibly false. */
export function supervisionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    "/api/v1/jurisdictions/:jurisdiction/supervision/board",
    { schema: { tags: ["supervision"], summary: "督办台：超期待督办、临期、未答复督办 / the supervisor's board" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const r = await loadSupervisionBoard(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/misconduct",
    { schema: { tags: ["supervision"], summary: "记录工作人员违规及处理 / record staff misconduct and the measure", body: jsonSchema(MisconductSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(MisconductSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { staffName, ticketId, ...rest } = b.value;
      const r = await recordMisconduct(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, {
        ...rest,
        ...(staffName ? { staffName } : {}),
        ...(ticketId ? { ticketId } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.get("/api/v1/units/:unitId/misconduct", { schema: { tags: ["supervision"], summary: "单位的违规记录 / a unit's records" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const unitId = (req.params as { unitId: string }).unitId;
    // Unit staff read their own unit's (and its sub-units') records only.
    if (actor.unitScope && !actor.unitScope.has(unitId))
      return sendError(reply, domainError("UNIT_NOT_FOUND", "单位不存在", "no such unit", { field: "unitId" }));
    const r = await listMisconduct(ctx, actor, unitId);
    if (!r.ok) return sendError(reply, r.error);
    return { records: r.value };
  });

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/reply-mismatches",
    { schema: { tags: ["supervision"], summary: "疑似不实反馈：单位称已解决、诉求人称未解决 / replies flagged as possibly false" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(FlaggedQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await replyMismatchList(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, q.value.status, q.value.page, q.value.pageSize);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/reply-mismatches.xlsx",
    { schema: { tags: ["supervision"], summary: "导出疑似不实反馈（按状态）/ the flagged replies as a workbook" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ status: z.enum(["open", "cleared", "misconduct"]).optional() }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await replyMismatchXlsx(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, q.value.status);
      if (!r.ok) return sendError(reply, r.error);
      return sendXlsx(reply, r.value, "reply-mismatches.xlsx");
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/reply-mismatches/by-unit",
    { schema: { tags: ["supervision"], summary: "疑似不实反馈按单位按月统计 / flagged replies per unit in a month" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(MonthQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await replyMismatchesByUnit(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, q.value.month);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/v1/tickets/:id/decideReplyMismatch",
    {
      schema: {
        tags: ["supervision"],
        summary: "处理疑似不实反馈：说明理由后澄清，或认定为违规并记录 / clear a flagged reply or record it as misconduct",
        body: jsonSchema(ReplyMismatchDecisionSchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(ReplyMismatchDecisionSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { version, measure, staffName, ...rest } = b.value;
      const r = await decideReplyMismatch(ctx, actor, (req.params as { id: string }).id, version, {
        ...rest,
        ...(measure ? { measure } : {}),
        ...(staffName ? { staffName } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return { ticketId: r.value.ticket.id, version: r.value.ticket.version, replyMismatch: r.value.ticket.replyMismatch };
    },
  );
}
