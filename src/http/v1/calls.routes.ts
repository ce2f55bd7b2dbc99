import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { callYearPage, callYearXlsx, missedCallPage, missedCallXlsx } from "../../app/calls/call-log.ts";
import { pagedLogRoutes } from "../log-page-query.ts";
import { callStats, deleteRecording, ingestCallEvent, linkCallToTicket, recordCallback, revealCaller } from "../../app/calls/calls.ts";
import { type AppContext } from "../../app/context.ts";
import { CALL_EVENT_TYPES } from "../../app/vocabulary.ts";
import { sendError } from "../errors.ts";
import { verifiedJson } from "../signed-json.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";
import { InstantSchema } from "./schemas.ts";

const CallEventSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    callId: z.string().min(1).max(200),
    type: z.enum(CALL_EVENT_TYPES),
    at: InstantSchema,
    caller: z.string().max(30).optional(),
    agentId: z.string().max(100).optional(),
    transferTo: z.string().max(30).optional(),
    recordingRef: z.string().max(500).optional(),
  })
  .strict();

/**
 * Calls (GX-25.1, GX-28): the telephony system posts signed call events; the hotline keeps
 * call records, the 20-second answer rate, the missed-call callback list and recordings'
 * retention. Without a telephony secret configured the event endpoint refuses everything.
 */
export function callRoutes(app: FastifyInstance, ctx: AppContext, telephonySecret: string | undefined) {
  void app.register(async (scoped) => {
    // The signature covers the exact bytes sent, so the body is kept as text here.
    // The server-wide parser checks nesting; this one keeps the signed bytes as they came.
    scoped.removeContentTypeParser("application/json");
    scoped.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post(
      "/api/v1/jurisdictions/:jurisdiction/telephony/events",
      { schema: { tags: ["calls"], summary: "话务系统推送通话事件（HMAC 签名，按 eventId 幂等）/ signed call events", body: jsonSchema(CallEventSchema) } },
      async (req, reply) => {
        const json = verifiedJson(req.body, req.headers["x-hotline-signature"], telephonySecret);
        if (!json.ok) return sendError(reply, json.error);
        const b = parseWith(CallEventSchema, json.value);
        if (!b.ok) return sendError(reply, b.error);
        const e = b.value;
        const r = await ingestCallEvent(ctx, (req.params as { jurisdiction: string }).jurisdiction, {
          eventId: e.eventId,
          callId: e.callId,
          type: e.type,
          at: e.at,
          ...(e.caller ? { caller: e.caller } : {}),
          ...(e.agentId ? { agentId: e.agentId } : {}),
          ...(e.transferTo ? { transferTo: e.transferTo } : {}),
          ...(e.recordingRef ? { recordingRef: e.recordingRef } : {}),
        });
        if (!r.ok) return sendError(reply, r.error);
        return reply.code(r.value.duplicate ? 200 : 201).send({ duplicate: r.value.duplicate, outcome: r.value.record.outcome });
      },
    );
  });

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/calls/stats",
    { schema: { tags: ["calls"], summary: "话务统计：20 秒接听率、放弃、转接 / call figures" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ from: InstantSchema, to: InstantSchema }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await callStats(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, q.value.from, q.value.to);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  pagedLogRoutes(app, ctx, {
    path: "/api/v1/jurisdictions/:jurisdiction/calls/missed",
    tag: "calls",
    summary: "漏接回拨清单（未回拨的按回拨期限，全部的按来电时间倒序；分页）/ the missed-call callback list, a page at a time",
    exportSummary: "导出漏接回拨清单（号码脱敏）/ the callback list as a workbook",
    filename: "missed-calls.xlsx",
    key: "calls",
    cursorId: "text",
    query: z.object({ open: z.enum(["true", "false"]).optional() }),
    filter: (q, params) => ({ jurisdictionId: params["jurisdiction"] ?? "", openOnly: q.open === "true" }),
    page: missedCallPage,
    xlsx: missedCallXlsx,
  });
  pagedLogRoutes(app, ctx, {
    path: "/api/v1/jurisdictions/:jurisdiction/call-records",
    tag: "calls",
    summary: "某年度电话记录（档案，分页）/ a year's call records (the archive's volume), a page at a time",
    exportSummary: "导出某年度电话记录 / a year's call records as a workbook",
    filename: "call-records.xlsx",
    key: "records",
    cursorId: "text",
    query: z.object({ year: z.coerce.number().int().min(2000).max(2100), callId: z.string().trim().min(1).max(128).optional() }),
    filter: (q, params) => ({ jurisdictionId: params["jurisdiction"] ?? "", year: q.year, callId: q.callId }),
    page: callYearPage,
    xlsx: callYearXlsx,
  });

  const RevealSchema = z.object({ purpose: z.string().trim().min(2).max(200) }).strict();
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/calls/:callId/caller/reveal",
    {
      schema: {
        tags: ["calls"],
        summary: "查看漏接来电号码以回拨（说明用途，留痕）/ a missed call's number, for a stated purpose (logged)",
        body: jsonSchema(RevealSchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(RevealSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const p = req.params as { jurisdiction: string; callId: string };
      const r = await revealCaller(ctx, actor, p.jurisdiction, p.callId, b.value.purpose);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  const CallbackSchema = z.object({ note: z.string().trim().min(1).max(2000) }).strict();
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/calls/:callId/callback",
    { schema: { tags: ["calls"], summary: "登记回拨结果 / record a callback", body: jsonSchema(CallbackSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(CallbackSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const p = req.params as { jurisdiction: string; callId: string };
      const r = await recordCallback(ctx, actor, p.jurisdiction, p.callId, b.value.note);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  const LinkSchema = z.object({ ticketId: z.uuid() }).strict();
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/calls/:callId/ticket",
    { schema: { tags: ["calls"], summary: "通话关联工单 / link a call to its ticket", body: jsonSchema(LinkSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(LinkSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const p = req.params as { jurisdiction: string; callId: string };
      const r = await linkCallToTicket(ctx, actor, p.jurisdiction, p.callId, b.value.ticketId);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.delete(
    "/api/v1/jurisdictions/:jurisdiction/calls/:callId/recording",
    { schema: { tags: ["calls"], summary: "删除录音（保存期满后，GX-28）/ delete a recording after its retention" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const p = req.params as { jurisdiction: string; callId: string };
      const r = await deleteRecording(ctx, actor, p.jurisdiction, p.callId);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );
}
