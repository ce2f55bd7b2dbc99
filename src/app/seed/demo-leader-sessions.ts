import { and, asc, eq, isNotNull } from "drizzle-orm";
import { dayOfInstant, startOfDayInstant, yearOfDay } from "../../domain/calendar/local-date.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { units } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { leaderSessionFor, scheduleSession, setParticipatingUnits } from "../leaders/leader-sessions.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { intakeContact } from "../tickets/intake-contact.ts";
import { runTicketCommand } from "../tickets/run-ticket-command.ts";

const PLANNER: TicketActor = { id: "demo-supervisor", name: "演示督办员", role: "supervisor" };
const OPERATOR: TicketActor = { id: "demo-operator", name: "演示话务员", role: "operator" };
const DISPATCHER: TicketActor = { id: "demo-dispatcher", name: "演示派单员", role: "dispatcher" };
const HOUR = 3_600_000;

/**
 * The demo's leader call-answering (GZ-8, GX-23): three district governments take part this
 * year; one leader answered three days ago and took two calls (dispatched to the unit, followed
 * on the page), another is scheduled for next week. So the 领导接听 page is not empty.
 */
export async function seedDemoLeaderSessions(ctx: AppContext, jurisdictionId: string): Promise<void> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return;
  const offset = p.value.utcOffsetMinutes;
  const districtUnits = await ctx.db
    .select({ id: units.id, name: units.name, district: units.district })
    .from(units)
    .where(and(eq(units.jurisdictionId, jurisdictionId), eq(units.kind, "handling_unit"), isNotNull(units.district)))
    .orderBy(asc(units.code))
    .limit(3);
  if (districtUnits.length < 2) return;
  const today = dayOfInstant(ctx.now(), offset);
  const year = yearOfDay(today);
  const set = await setParticipatingUnits(
    ctx,
    PLANNER,
    jurisdictionId,
    year,
    districtUnits.map((u) => u.id),
  );
  if (!set.ok) return;
  const [first, second] = districtUnits as [(typeof districtUnits)[0], (typeof districtUnits)[0]];
  const pastStart = startOfDayInstant(today - 3, offset) + 9.5 * HOUR;
  const past = await scheduleSession(ctx, PLANNER, jurisdictionId, {
    unitId: first.id,
    leaderName: "李明（演示）",
    leaderTitle: "区长",
    startsAt: pastStart,
    endsAt: pastStart + 2 * HOUR,
    note: "演示：区长接听 12345 来电",
  });
  const nextStart = startOfDayInstant(today + 7, offset) + 9.5 * HOUR;
  await scheduleSession(ctx, PLANNER, jurisdictionId, {
    unitId: second.id,
    leaderName: "王芳（演示）",
    leaderTitle: "副区长",
    startsAt: nextStart,
    endsAt: nextStart + 2 * HOUR,
  });
  if (!past.ok) return;
  const session = await leaderSessionFor(ctx, jurisdictionId, past.value.id);
  if (!session.ok) return;
  const calls = [
    { minutes: 20, type: "complaint" as const, content: "小区旁工地夜间施工，噪音扰民已一周，希望区里协调。" },
    { minutes: 65, type: "help" as const, content: "老旧小区加装电梯推进缓慢，请区长关注。" },
  ];
  for (const c of calls) {
    let clock = pastStart + c.minutes * 60_000;
    const local: AppContext = { ...ctx, now: () => clock };
    const r = await intakeContact(local, OPERATOR, jurisdictionId, {
      channel: "phone",
      receivedAt: clock,
      requester: { name: "市民（演示）", phone: "13800000000", kind: "person" },
      type: c.type,
      content: c.content,
      location: { district: first.district ?? "" },
      outcome: { decision: "ticket" },
      leaderSession: session.value,
    });
    if (!r.ok || !r.value.ticket) continue;
    clock += 10 * 60_000;
    await runTicketCommand(local, DISPATCHER, r.value.ticket.id, r.value.ticket.version, { kind: "dispatch", leadUnitId: first.id });
  }
}
