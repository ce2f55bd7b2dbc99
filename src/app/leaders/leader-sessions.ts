import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { randomUUID } from "node:crypto";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { decideCancel, decideSchedule, type LeaderSession, type ScheduleInput } from "../../domain/leaders/leader-session.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { auditLog, leaderSessions, leaderSessionUnits, units } from "../../store/schema/index.ts";
import { isUuid } from "../../store/uuid.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { ratedForRate, satisfiedForRate } from "../../store/outcome-sql.ts";

const NOT_FOUND = domainError("LEADER_SESSION_NOT_FOUND", "领导接听场次不存在", "no such leader session", { field: "leaderSessionId" });

function toSession(r: typeof leaderSessions.$inferSelect): LeaderSession {
  return {
    id: r.id,
    jurisdictionId: r.jurisdictionId,
    unitId: r.unitId,
    leaderName: r.leaderName,
    leaderTitle: r.leaderTitle,
    startsAt: r.startsAt.getTime(),
    endsAt: r.endsAt.getTime(),
    note: r.note,
    ...(r.cancelledAt ? { cancelled: { at: r.cancelledAt.getTime(), by: r.cancelledBy ?? "", reason: r.cancelReason ?? "" } } : {}),
  };
}

/** The platform's local year of an instant: the list of participating units is per year. */
async function localYear(ctx: AppContext, jurisdictionId: string, at: number): Promise<Result<number>> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  return ok(new Date(at + p.value.utcOffsetMinutes * 60_000).getUTCFullYear());
}

/** The year's bounds in the platform's zone. */
async function yearBounds(ctx: AppContext, jurisdictionId: string, year: number): Promise<Result<[Date, Date]>> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const off = p.value.utcOffsetMinutes * 60_000;
  return ok([new Date(Date.UTC(year, 0, 1) - off), new Date(Date.UTC(year + 1, 0, 1) - off)]);
}

/** The units whose leaders take part in a year (GZ-8), with names. */
export async function participatingUnits(ctx: AppContext, jurisdictionId: string, year: number): Promise<{ unitId: string; unitName: string }[]> {
  return ctx.db
    .select({ unitId: leaderSessionUnits.unitId, unitName: units.name })
    .from(leaderSessionUnits)
    .innerJoin(units, eq(units.id, leaderSessionUnits.unitId))
    .where(and(eq(leaderSessionUnits.jurisdictionId, jurisdictionId), eq(leaderSessionUnits.year, year)))
    .orderBy(asc(units.code));
}

/** Sets a year's list of participating units (GZ-8: fixed by the managing department each year); audited with before and after. */
export async function setParticipatingUnits(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  year: number,
  unitIds: readonly string[],
): Promise<Result<{ unitId: string; unitName: string }[]>> {
  if (!can(actor, "leaderSessions.manage")) return fail(forbidden("leaderSessions.manage"));
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return fail(domainError("INVALID_ARGUMENT", "年度无效", "the year is invalid", { field: "year" }));
  const ids = [...new Set(unitIds)];
  const known =
    ids.length && ids.every(isUuid)
      ? await ctx.db
          .select({ id: units.id, active: units.active })
          .from(units)
          .where(and(eq(units.jurisdictionId, jurisdictionId), inArray(units.id, ids)))
      : [];
  const bad = ids.find((id) => !known.some((k) => k.id === id && k.active));
  if (bad)
    return fail(
      domainError("INVALID_ARGUMENT", `单位 ${bad} 不存在、已停用或不属于本平台`, `unit ${bad} does not exist on this platform or is inactive`, {
        field: "unitIds",
        rule: "GZ-8",
      }),
    );
  const before = await participatingUnits(ctx, jurisdictionId, year);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(leaderSessionUnits).where(and(eq(leaderSessionUnits.jurisdictionId, jurisdictionId), eq(leaderSessionUnits.year, year)));
    if (ids.length)
      await tx.insert(leaderSessionUnits).values(ids.map((unitId) => ({ jurisdictionId, year, unitId, addedBy: actor.id, addedAt: new Date(ctx.now()) })));
    await tx.insert(auditLog).values({
      at: new Date(ctx.now()),
      actorId: actor.id,
      jurisdictionId,
      action: "leaderSession.units",
      target: `${jurisdictionId}/${year}`,
      outcome: "ok",
      ip: null,
      details: { before: before.map((u) => u.unitId), after: ids },
    });
  });
  return ok(await participatingUnits(ctx, jurisdictionId, year));
}

/** Schedules a session for a participating unit's leader (GZ-8, GX-23). */
export async function scheduleSession(ctx: AppContext, actor: TicketActor, jurisdictionId: string, input: ScheduleInput): Promise<Result<LeaderSession>> {
  if (!can(actor, "leaderSessions.manage")) return fail(forbidden("leaderSessions.manage"));
  const year = await localYear(ctx, jurisdictionId, Number.isFinite(input.startsAt) ? input.startsAt : ctx.now());
  if (!year.ok) return year;
  const participating = new Set((await participatingUnits(ctx, jurisdictionId, year.value)).map((u) => u.unitId));
  const day = 86_400_000;
  const near = Number.isFinite(input.startsAt)
    ? await ctx.db
        .select()
        .from(leaderSessions)
        .where(
          and(
            eq(leaderSessions.jurisdictionId, jurisdictionId),
            gte(leaderSessions.startsAt, new Date(input.startsAt - day)),
            lt(leaderSessions.startsAt, new Date(input.startsAt + day)),
          ),
        )
    : [];
  const decided = decideSchedule(input, { id: randomUUID(), jurisdictionId, participating, schedule: near.map(toSession), year: year.value });
  if (!decided.ok) return decided;
  const s = decided.value;
  await ctx.db.transaction(async (tx) => {
    await tx.insert(leaderSessions).values({
      id: s.id,
      jurisdictionId,
      unitId: s.unitId,
      leaderName: s.leaderName,
      leaderTitle: s.leaderTitle,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
      note: s.note,
      createdBy: actor.id,
      createdAt: new Date(ctx.now()),
    });
    await tx.insert(auditLog).values({
      at: new Date(ctx.now()),
      actorId: actor.id,
      jurisdictionId,
      action: "leaderSession.schedule",
      target: `${jurisdictionId}/${s.id}`,
      outcome: "ok",
      ip: null,
      details: { after: s },
    });
  });
  return ok(s);
}

/** Cancels a session that has not begun, with the reason. */
export async function cancelSession(ctx: AppContext, actor: TicketActor, id: string, reason: string): Promise<Result<LeaderSession>> {
  if (!can(actor, "leaderSessions.manage")) return fail(forbidden("leaderSessions.manage"));
  const [row] = isUuid(id) ? await ctx.db.select().from(leaderSessions).where(eq(leaderSessions.id, id)) : [];
  if (!row || !reachesPlatform(actor, row.jurisdictionId)) return fail({ ...NOT_FOUND, field: "id" });
  const decided = decideCancel(toSession(row), reason, actor.id, ctx.now());
  if (!decided.ok) return decided;
  const c = decided.value.cancelled!;
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(leaderSessions)
      .set({ cancelledAt: new Date(c.at), cancelledBy: c.by, cancelReason: c.reason })
      .where(eq(leaderSessions.id, id));
    await tx.insert(auditLog).values({
      at: new Date(ctx.now()),
      actorId: actor.id,
      jurisdictionId: row.jurisdictionId,
      action: "leaderSession.cancel",
      target: `${row.jurisdictionId}/${id}`,
      outcome: "ok",
      ip: null,
      details: { reason: c.reason },
    });
  });
  return decided;
}

/** The session a contact names, on this platform (intake marks the ticket with it). */
export async function leaderSessionFor(ctx: AppContext, jurisdictionId: string, id: string): Promise<Result<LeaderSession>> {
  const [row] = isUuid(id) ? await ctx.db.select().from(leaderSessions).where(eq(leaderSessions.id, id)) : [];
  return row && row.jurisdictionId === jurisdictionId ? ok(toSession(row)) : fail(NOT_FOUND);
}

/** How the tickets taken in a session stand: followed until every one is concluded. */
export interface SessionFollowUp {
  readonly taken: number;
  readonly concluded: number;
  readonly overdue: number;
  readonly satisfied: number;
  readonly rated: number;
}

/** A year's sessions, earliest first, each with its unit's name and how its tickets stand now; a unit's staff see their own unit's. */
export async function listSessions(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  year: number,
): Promise<Result<(LeaderSession & { unitName: string; followUp: SessionFollowUp })[]>> {
  const ownUnit = actor.role === "unit_handler" || actor.role === "unit_leader" ? actor.unitId : undefined;
  if (!ownUnit && !can(actor, "analytics.read") && !can(actor, "leaderSessions.manage")) return fail(forbidden("analytics.read"));
  const bounds = await yearBounds(ctx, jurisdictionId, year);
  if (!bounds.ok) return bounds;
  const rows = await ctx.db
    .select({ s: leaderSessions, unitName: units.name })
    .from(leaderSessions)
    .innerJoin(units, eq(units.id, leaderSessions.unitId))
    .where(
      and(
        eq(leaderSessions.jurisdictionId, jurisdictionId),
        gte(leaderSessions.startsAt, bounds.value[0]),
        lt(leaderSessions.startsAt, bounds.value[1]),
        ...(ownUnit ? [eq(leaderSessions.unitId, ownUnit)] : []),
      ),
    )
    .orderBy(asc(leaderSessions.startsAt));
  const ids = rows.map((r) => r.s.id);
  const counts = ids.length
    ? (
        (await ctx.db.execute(sql`
        select state->'leaderSession'->>'id' as id, count(*)::int as taken,
               (count(*) filter (where status in ('concluded', 'archived')))::int as concluded,
               (count(*) filter (where status in ('awaiting_sign', 'handling', 'awaiting_return_decision', 'awaiting_unit_review') and due_at < ${new Date(ctx.now()).toISOString()}::timestamptz))::int as overdue,
               (count(*) filter (where ${satisfiedForRate(sql`state`)}))::int as satisfied,
               (count(*) filter (where ${ratedForRate(sql`state`)}))::int as rated
        from ticket where jurisdiction_id = ${jurisdictionId} and status <> 'merged' and state->'leaderSession'->>'id' in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})
        group by 1`)) as unknown as { rows: (SessionFollowUp & { id: string })[] }
      ).rows
    : [];
  const byId = new Map(counts.map((c) => [c.id, c]));
  return ok(
    rows.map((r) => {
      const c = byId.get(r.s.id);
      return {
        ...toSession(r.s),
        unitName: r.unitName,
        followUp: { taken: c?.taken ?? 0, concluded: c?.concluded ?? 0, overdue: c?.overdue ?? 0, satisfied: c?.satisfied ?? 0, rated: c?.rated ?? 0 },
      };
    }),
  );
}
