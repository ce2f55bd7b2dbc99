import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { cancelSession, listSessions, participatingUnits, scheduleSession, setParticipatingUnits } from "../../app/leaders/leader-sessions.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";
import { InstantSchema } from "./schemas.ts";

const Year = z.coerce.number().int().min(2000).max(2100);
const UnitsSchema = z.object({ year: Year, unitIds: z.array(z.uuid()).max(500) }).strict();
const ScheduleSchema = z
  .object({
    unitId: z.uuid(),
    leaderName: z.string().max(50),
    leaderTitle: z.string().max(50),
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    note: z.string().max(2000).optional(),
  })
  .strict();
const CancelSchema = z.object({ reason: z.string().max(2000) }).strict();

/** Leader call-answering (GZ-8, GX-23): the year's participating units, the schedule, and how each session's tickets stand. */
export function leaderSessionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    "/api/v1/jurisdictions/:jurisdiction/leader-sessions",
    { schema: { tags: ["leader sessions"], summary: "领导接听：年度名单与场次（含工单跟踪）/ a year's participating units and sessions with their tickets" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(z.object({ year: Year }).strict(), req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const { jurisdiction } = req.params as { jurisdiction: string };
      const sessions = await listSessions(ctx, actor, jurisdiction, q.value.year);
      if (!sessions.ok) return sendError(reply, sessions.error);
      return { year: q.value.year, units: await participatingUnits(ctx, jurisdiction, q.value.year), sessions: sessions.value };
    },
  );

  app.put(
    "/api/v1/jurisdictions/:jurisdiction/leader-sessions/units",
    { schema: { tags: ["leader sessions"], summary: "设定年度参加接听的单位名单 / set a year's participating units", body: jsonSchema(UnitsSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(UnitsSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await setParticipatingUnits(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, b.value.year, b.value.unitIds);
      if (!r.ok) return sendError(reply, r.error);
      return { year: b.value.year, units: r.value };
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/leader-sessions",
    { schema: { tags: ["leader sessions"], summary: "安排一场领导接听 / schedule a session", body: jsonSchema(ScheduleSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(ScheduleSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { note, ...rest } = b.value;
      const r = await scheduleSession(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, { ...rest, ...(note !== undefined ? { note } : {}) });
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send({ session: r.value });
    },
  );

  app.post(
    "/api/v1/leader-sessions/:id/cancel",
    { schema: { tags: ["leader sessions"], summary: "取消未开始的场次 / cancel a session that has not begun", body: jsonSchema(CancelSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(CancelSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await cancelSession(ctx, actor, (req.params as { id: string }).id, b.value.reason);
      if (!r.ok) return sendError(reply, r.error);
      return { session: r.value };
    },
  );
}
