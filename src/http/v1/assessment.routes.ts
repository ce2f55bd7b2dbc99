import { MonthSchema } from "./schemas.ts";
import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { addManualItem, appeals, decideAppeal, fileAppeal, publishWarnings, publishYear } from "../../app/assessment/appeals.ts";
import { assessMonth, assessYear, previewRateFormulas } from "../../app/assessment/assess.ts";
import { FORMULA_RATES, RateFormulaSchema, type FormulaRate, type RateFormula } from "../../app/vocabulary.ts";
import { monthlyCircular } from "../../app/assessment/circular-xlsx.ts";
import { type AppContext } from "../../app/context.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";

const Month = MonthSchema;
const MonthQuery = z.object({ jurisdiction: z.string().min(1).max(64), month: Month }).strict();
const Year = z.coerce.number().int().min(2000).max(2100);
/** An appeal names a month or an assessment year (GX-32), not both. */
const AppealSchema = z
  .object({
    month: Month.optional(),
    year: z.number().int().min(2000).max(2100).optional(),
    ticketId: z.uuid().optional(),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .refine((b) => (b.month === undefined) !== (b.year === undefined), {
    message: "须指明申诉的月份或年度之一 / name the month or the year, one of them",
    path: ["month"],
  });
/** `month` or `year`, or neither (every period). */
const PeriodQuery = z
  .object({ month: Month.optional(), year: Year.optional() })
  .strict()
  .refine((q) => q.month === undefined || q.year === undefined, { message: "月份和年度只能指明一个 / month or year, not both", path: ["year"] });
const asked = (v: { month?: string | undefined; year?: number | undefined }) =>
  v.year !== undefined ? { year: v.year } : v.month !== undefined ? { month: v.month } : undefined;
const DecisionSchema = z
  .object({
    accept: z.boolean(),
    exemptTicket: z.boolean().optional(),
    points: z.number().int().min(-100).max(100).optional(),
    note: z.string().trim().min(1).max(2000),
  })
  .strict();
const ManualSchema = z
  .object({
    month: Month,
    unitId: z.uuid(),
    item: z.string().trim().min(1).max(200),
    points: z.number().int().min(-100).max(100),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Assessment (GZ-24, GX-30–34): monthly and yearly scores, the circular, manual items, appeals. */
export function assessmentRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    "/api/v1/assessment/monthly",
    { schema: { tags: ["assessment"], summary: "月度考核结果（含预警、指标到工单）/ monthly scores" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(MonthQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await assessMonth(ctx, actor, q.value.jurisdiction, q.value.month);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get("/api/v1/assessment/monthly.xlsx", { schema: { tags: ["assessment"], summary: "月度考核通报 .xlsx / the monthly circular" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const q = parseWith(MonthQuery, req.query, "query");
    if (!q.ok) return sendError(reply, q.error);
    const r = await monthlyCircular(ctx, actor, q.value.jurisdiction, q.value.month);
    if (!r.ok) return sendError(reply, r.error);
    return reply
      .header("content-type", XLSX)
      .header("content-disposition", `attachment; filename="circular-${q.value.jurisdiction}-${q.value.month}.xlsx"`)
      .send(r.value);
  });

  app.get(
    "/api/v1/assessment/yearly",
    { schema: { tags: ["assessment"], summary: "年度考核结果（GX：上年12月1日至本年11月30日）/ assessment-year scores" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(
        z.object({ jurisdiction: z.string().min(1).max(64), year: z.coerce.number().int().min(2000).max(2100) }).strict(),
        req.query,
        "query",
      );
      if (!q.ok) return sendError(reply, q.error);
      const r = await assessYear(ctx, actor, q.value.jurisdiction, q.value.year);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/assessment/monthly/:month/publish",
    { schema: { tags: ["assessment"], summary: "发布月度通报并向被预警单位发送短信 / publish the circular and notify warned units" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const p = req.params as { jurisdiction: string; month: string };
      const r = await publishWarnings(ctx, actor, p.jurisdiction, p.month);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/assessment/yearly/:year/publish",
    { schema: { tags: ["assessment"], summary: "发布年度考核结果（申诉期满、申诉均已裁定后；结果留存不再变动）/ publish the year's result" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const p = parseWith(z.object({ jurisdiction: z.string(), year: Year }), req.params, "year");
      if (!p.ok) return sendError(reply, p.error);
      const r = await publishYear(ctx, actor, p.value.jurisdiction, p.value.year);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/assessment/manual-items",
    { schema: { tags: ["assessment"], summary: "录入人工考核项 / an assessor's manual item", body: jsonSchema(ManualSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(ManualSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await addManualItem(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, b.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/assessment/appeals",
    { schema: { tags: ["assessment"], summary: "单位申诉（期末后 7 个工作日内，GX-32）/ a unit's appeal", body: jsonSchema(AppealSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(AppealSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await fileAppeal(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, {
        ...asked(b.value)!,
        reason: b.value.reason,
        ...(b.value.ticketId ? { ticketId: b.value.ticketId } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.get("/api/v1/jurisdictions/:jurisdiction/assessment/appeals", { schema: { tags: ["assessment"], summary: "申诉列表 / appeals" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const q = parseWith(PeriodQuery, req.query, "query");
    if (!q.ok) return sendError(reply, q.error);
    const r = await appeals(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, asked(q.value));
    if (!r.ok) return sendError(reply, r.error);
    return { appeals: r.value };
  });

  app.post(
    "/api/v1/assessment/appeals/:id/decision",
    { schema: { tags: ["assessment"], summary: "裁定申诉 / decide an appeal", body: jsonSchema(DecisionSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(DecisionSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await decideAppeal(ctx, actor, (req.params as { id: string }).id, {
        accept: b.value.accept,
        note: b.value.note,
        ...(b.value.exemptTicket !== undefined ? { exemptTicket: b.value.exemptTicket } : {}),
        ...(b.value.points !== undefined ? { points: b.value.points } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  // Rate formulas proposed by an admin, counted over a month beside the ones in force (51号).
  const PreviewSchema = z
    .object({
      jurisdiction: z.string().min(1).max(64),
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
      rates: z
        .object(Object.fromEntries(FORMULA_RATES.map((r) => [r, RateFormulaSchema.optional()])) as Record<FormulaRate, z.ZodOptional<typeof RateFormulaSchema>>)
        .strict(),
    })
    .strict();
  app.post(
    "/api/v1/assessment/rate-formulas/preview",
    { schema: { tags: ["assessment"], summary: "按拟定的三率公式试算某月考核 / a month counted by proposed rate formulas", body: jsonSchema(PreviewSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(PreviewSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const proposed = Object.fromEntries(Object.entries(b.value.rates).filter(([, f]) => f !== undefined)) as Partial<Record<FormulaRate, RateFormula>>;
      const r = await previewRateFormulas(ctx, actor, b.value.jurisdiction, b.value.month, proposed);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );
}
