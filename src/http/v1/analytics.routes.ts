import { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { dashboardCounts, dashboardHotSpots, dashboardReport, dashboardSummary } from "../../app/analytics/dashboard.ts";
import { analysisReportXlsx } from "../../app/analytics/analysis-report.ts";
import { suggestionAccuracy } from "../../app/analytics/suggestion-accuracy.ts";
import { DISPATCH_QUALITY_BY, dispatchQuality, dispatchQualityTickets, FIGURE_IDS, myDispatchQuality } from "../../app/analytics/dispatch-quality.ts";
import { CHANNEL_LABELS, CHANNELS, REQUEST_TYPE_LABELS, REQUEST_TYPES } from "../../app/vocabulary.ts";
import { GROUP_BY } from "../../app/analytics/counts.ts";
import { dayOfInstant, formatDay } from "../../app/vocabulary.ts";
import { acknowledgeHotspotAlert, listHotspotAlerts } from "../../app/analytics/hotspot-alerts.ts";
import { isUuid } from "../../app/vocabulary.ts";
import { type AppContext } from "../../app/context.ts";
import { domainError } from "../../app/errors.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { parseWith } from "../validation.ts";
import { InstantSchema, MonthSchema } from "./schemas.ts";

const QuerySchema = z
  .object({ jurisdiction: z.string().min(1).max(64), from: InstantSchema, to: InstantSchema, live: z.enum(["true", "false"]).optional() })
  .strict();

/** Dashboard figures (GZ-9). Unit staff get their own unit's figures with the assessment work (issue 7). */
export function analyticsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get("/api/v1/analytics/summary", { schema: { tags: ["analytics"], summary: "数据看板汇总 / dashboard figures" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const q = parseWith(QuerySchema, req.query, "query");
    if (!q.ok) return sendError(reply, q.error);
    const r = await dashboardSummary(ctx, actor, q.value.jurisdiction, q.value.from, q.value.to, { live: q.value.live === "true" });
    if (!r.ok) return sendError(reply, r.error);
    return r.value;
  });

  const CountsQuery = z
    .object({
      jurisdiction: z.string().min(1).max(64),
      from: InstantSchema,
      to: InstantSchema,
      groupBy: z.enum(GROUP_BY),
      channel: z.enum(CHANNELS).optional(),
      type: z.enum(REQUEST_TYPES).optional(),
      category: z.string().min(1).max(100).optional(),
      district: z.string().min(1).max(50).optional(),
      unit: z.uuid().optional(),
      /** `true`: count the tickets now rather than answer from the rollup. */
      live: z.enum(["true", "false"]).optional(),
    })
    .strict();
  app.get(
    "/api/v1/analytics/counts",
    { schema: { tags: ["analytics"], summary: "按日/月、渠道、类型、分类、区域、单位统计及比率（可筛选）/ counts and rates by one dimension, filtered" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(CountsQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const { jurisdiction, from, to, groupBy, unit, live, ...rest } = q.value;
      const filter = { ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), ...(unit ? { unitId: unit } : {}) };
      const r = await dashboardCounts(ctx, actor, jurisdiction, from, to, groupBy, filter, { live: live === "true" });
      if (!r.ok) return sendError(reply, r.error);
      return { groupBy, ...r.value };
    },
  );

  app.get(
    "/api/v1/analytics/hotspots",
    { schema: { tags: ["analytics"], summary: "热点诉求（按地点与关键词聚类，含趋势）/ hot spots with their trend" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(
        z.object({ jurisdiction: z.string().min(1).max(64), days: z.coerce.number().int().min(1).max(90).default(7), to: InstantSchema.optional() }).strict(),
        req.query,
        "query",
      );
      if (!q.ok) return sendError(reply, q.error);
      const r = await dashboardHotSpots(ctx, actor, q.value.jurisdiction, q.value.days, q.value.to ?? ctx.now());
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  const ReportQuery = z.object({ jurisdiction: z.string().min(1).max(64), from: InstantSchema, to: InstantSchema }).strict();
  const reportFor = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return undefined;
    const q = parseWith(ReportQuery, req.query, "query");
    if (!q.ok) return void sendError(reply, q.error);
    const r = await dashboardReport(ctx, actor, q.value.jurisdiction, q.value.from, q.value.to);
    if (!r.ok) return void sendError(reply, r.error);
    return r.value;
  };

  app.get(
    "/api/v1/analytics/report",
    { schema: { tags: ["analytics"], summary: "诉求分析报告：总量与环比、分类、区域、热点 / the analysis report" } },
    async (req, reply) => {
      const r = await reportFor(req, reply);
      return r ?? reply;
    },
  );

  app.get(
    "/api/v1/analytics/report.xlsx",
    { schema: { tags: ["analytics"], summary: "诉求分析报告 .xlsx / the analysis report as a workbook" } },
    async (req, reply) => {
      const r = await reportFor(req, reply);
      if (!r) return reply;
      const day = (ms: number): string => formatDay(dayOfInstant(ms, r.utcOffsetMinutes));
      const buf = await analysisReportXlsx(r, { channel: CHANNEL_LABELS, type: REQUEST_TYPE_LABELS, day });
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="analysis-${r.jurisdictionId}.xlsx"`)
        .send(buf);
    },
  );

  const DispatchQualityQuery = z
    .object({
      jurisdiction: z.string().min(1).max(64),
      month: MonthSchema,
      by: z.enum(DISPATCH_QUALITY_BY).optional(),
      unit: z.string().min(1).max(64).optional(),
      dispatcher: z.string().min(1).max(200).optional(),
    })
    .strict();
  app.get(
    "/api/v1/analytics/dispatch-quality",
    {
      schema: {
        tags: ["analytics"],
        summary: "派单质量：首次派单准确率、退回率、退回不成立率、平均流转次数与耽误天数（可按单位、派单员、分类、区域）/ dispatch quality by month",
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(DispatchQualityQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const { unit, dispatcher } = q.value;
      const r = await dispatchQuality(ctx, actor, q.value.jurisdiction, q.value.month, q.value.by, {
        ...(unit ? { unitId: unit } : {}),
        ...(dispatcher ? { dispatcherId: dispatcher } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  const FigureTicketsQuery = DispatchQualityQuery.extend({
    figure: z.enum(FIGURE_IDS),
    key: z.string().max(200).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  }).strict();
  app.get(
    "/api/v1/analytics/dispatch-quality/tickets",
    { schema: { tags: ["analytics"], summary: "派单质量某项数字的工单（分页）/ the tickets behind one dispatch-quality figure, a page at a time" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(FigureTicketsQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const { jurisdiction, unit, dispatcher, by, key, ...rest } = q.value;
      const r = await dispatchQualityTickets(ctx, actor, jurisdiction, {
        ...rest,
        ...(by ? { by } : {}),
        ...(key !== undefined ? { key } : {}),
        ...(unit ? { unitId: unit } : {}),
        ...(dispatcher ? { dispatcherId: dispatcher } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get(
    "/api/v1/analytics/suggestion-accuracy",
    { schema: { tags: ["analytics"], summary: "派单建议准确率：首选建议、前三建议命中办结单位的比例（按分类）/ how often the unit suggestions held" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ jurisdiction: z.string().min(1).max(64), month: MonthSchema }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await suggestionAccuracy(ctx, actor, q.value.jurisdiction, q.value.month);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/dispatch-quality/mine",
    { schema: { tags: ["analytics"], summary: "本人派单质量：首次派单准确率与最常派错的分类 / a dispatcher's own dispatch quality" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ month: MonthSchema }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await myDispatchQuality(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, q.value.month);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get(
    "/api/v1/analytics/hotspot-alerts",
    { schema: { tags: ["analytics"], summary: "热点预警 / rising hot spots raised for supervisors" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ jurisdiction: z.string().min(1).max(64), open: z.enum(["true", "false"]).optional() }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await listHotspotAlerts(ctx, actor, q.value.jurisdiction, q.value.open === "true");
      if (!r.ok) return sendError(reply, r.error);
      return { alerts: r.value };
    },
  );

  app.post(
    "/api/v1/hotspot-alerts/:id/acknowledge",
    { schema: { tags: ["analytics"], summary: "确认热点预警 / acknowledge an alert" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const id = (req.params as { id: string }).id;
      if (!isUuid(id)) return sendError(reply, domainError("HOTSPOT_ALERT_NOT_FOUND", "预警不存在或已确认", "no such open alert", { field: "id" }));
      const r = await acknowledgeHotspotAlert(ctx, actor, id);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );
}
