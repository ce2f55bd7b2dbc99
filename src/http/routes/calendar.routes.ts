import { type FastifyInstance } from "fastify";
import { calendarImports, importCalendarYear } from "../../app/calendar/import-calendar-year.ts";
import { type AppContext } from "../../app/context.ts";
import { dayOfInstant, formatDay, parseIsoDate, yearOfDay } from "../../app/vocabulary.ts";
import { domainError } from "../../app/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import { staffNames } from "../../app/auth/accounts.ts";
import { accountIdsOf } from "../../app/actor.ts";
import { actorInWords } from "../../app/auth/audit-labels.ts";
import { sendError } from "../errors.ts";

const MAX_RANGE_DAYS = 400;

/** Calendar years (official or provisional), days of a policy's calendar, and the admin import. */
export function calendarRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get("/api/v1/calendar/years", async () => {
    const through = yearOfDay(dayOfInstant(ctx.now(), 480)) + 1;
    const status = ctx.calendars.status(ctx.policies.calendarScopes(), through);
    // Who loaded each year and which scope it is, in words (an account's name, not its id).
    const names = await staffNames(ctx, accountIdsOf(status.flatMap((y) => (y.loadedBy ? [y.loadedBy] : []))));
    const scopeNames = ctx.policies.calendarScopeNames();
    const years = status.map((y) => ({
      ...y,
      scopeName: scopeNames[y.scope] ?? y.scope,
      ...(y.loadedBy ? { loadedByName: actorInWords(y.loadedBy, names) } : {}),
    }));
    const provisional = years.filter((y) => y.status === "provisional" && y.scope === "CN").map((y) => y.year);
    return {
      years,
      warnings: provisional.map((y) => ({
        year: y,
        message: `${y} 年的国务院放假通知尚未导入：该年期限按法定节日推算，标记为“暂定”，导入通知后自动重算`,
        messageEn: `the State Council notice for ${y} is not loaded: its deadlines are computed from the statutory days, marked provisional, and recomputed when the notice is loaded`,
      })),
    };
  });

  app.get("/api/v1/calendar/days", async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const policy = ctx.policies.get(q["policy"] ?? "");
    if (!policy.ok) return sendError(reply, { ...policy.error, field: "policy" }, 400);
    const from = parseIsoDate(q["from"] ?? "");
    const to = parseIsoDate(q["to"] ?? "");
    if (from === undefined)
      return sendError(reply, domainError("INVALID_ARGUMENT", "from 应为 YYYY-MM-DD 日期", "from must be a YYYY-MM-DD date", { field: "from" }));
    if (to === undefined || to < from || to - from > MAX_RANGE_DAYS) {
      return sendError(
        reply,
        domainError(
          "INVALID_ARGUMENT",
          `to 应为不早于 from、跨度不超过 ${MAX_RANGE_DAYS} 天的日期`,
          `to must be a date on or after from, at most ${MAX_RANGE_DAYS} days later`,
          { field: "to" },
        ),
      );
    }
    const cal = ctx.calendars.forPolicy(policy.value);
    const days = [];
    for (let d = from; d <= to; d++) {
      const info = cal.dayInfo(d);
      days.push(info ?? { date: formatDay(d), working: null, provisional: true, source: "none" });
    }
    return { policy: policy.value.id, days };
  });

  app.get("/api/v1/admin/calendar/imports", async (req, reply) => {
    if (!(await requireAdmin(ctx, req, reply))) return reply;
    return { imports: await calendarImports(ctx) };
  });

  app.post("/api/v1/admin/calendar/import", async (req, reply) => {
    const actor = await requireAdmin(ctx, req, reply);
    if (!actor) return reply;
    const body = typeof req.body === "string" ? req.body : undefined;
    if (!body) {
      return sendError(
        reply,
        domainError(
          "INVALID_ARGUMENT",
          "请求体应为日历文件文本（Content-Type: text/csv 或 text/plain）",
          "the body must be the calendar file (Content-Type: text/csv or text/plain)",
          { field: "body" },
        ),
      );
    }
    const r = await importCalendarYear(ctx, actor, body);
    if (!r.ok) return sendError(reply, r.error);
    return reply.code(201).send(r.value);
  });
}
