import { domainError, fail, ok, type DomainError, type Result } from "../shared/domain-error.ts";

/**
 * A session of leader call-answering (GZ-8 领导接听, GX-23 领导轮值): a participating unit's
 * leader answers the hotline for a scheduled time; what they take is marked and followed.
 */
export interface LeaderSession {
  readonly id: string;
  readonly jurisdictionId: string;
  readonly unitId: string;
  readonly leaderName: string;
  readonly leaderTitle: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly note: string;
  readonly cancelled?: { readonly at: number; readonly by: string; readonly reason: string };
}

/** What a ticket taken in a session carries: enough to show and follow it without a lookup. */
export interface LeaderSessionRef {
  readonly id: string;
  readonly unitId: string;
  readonly leaderName: string;
  readonly leaderTitle: string;
}

/** What scheduling a session asks for. */
export interface ScheduleInput {
  readonly unitId: string;
  readonly leaderName: string;
  readonly leaderTitle: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly note?: string;
}

/** A session is a few hours of a working day, not a standing assignment. */
export const LONGEST_SESSION_MS = 8 * 3_600_000;
const RULE = "GZ-8";

function invalid(field: string, zh: string, en: string): DomainError {
  return domainError("INVALID_ARGUMENT", zh, en, { field, rule: RULE });
}

function name(value: string, field: string, label: string): Result<string> {
  const v = value.trim();
  return v.length === 0 || v.length > 50 ? fail(invalid(field, `${label}须为 1–50 个字符`, `${field} must be 1–50 characters`)) : ok(v);
}

/**
 * Decides a new session against the year's list of participating units (GZ-8: fixed each year
 * by the hotline's managing department) and the schedule: the unit is on that year's list, the
 * time is sensible, and the unit's leader is not booked twice at once.
 */
export function decideSchedule(
  input: ScheduleInput,
  ctx: { id: string; jurisdictionId: string; participating: ReadonlySet<string>; schedule: readonly LeaderSession[]; year: number },
): Result<LeaderSession> {
  const leaderName = name(input.leaderName, "leaderName", "领导姓名");
  if (!leaderName.ok) return leaderName;
  const leaderTitle = name(input.leaderTitle, "leaderTitle", "职务");
  if (!leaderTitle.ok) return leaderTitle;
  if (!Number.isFinite(input.startsAt)) return fail(invalid("startsAt", "开始时间无效", "startsAt is invalid"));
  if (!Number.isFinite(input.endsAt) || input.endsAt <= input.startsAt)
    return fail(invalid("endsAt", "结束时间须晚于开始时间", "endsAt must be after startsAt"));
  if (input.endsAt - input.startsAt > LONGEST_SESSION_MS) return fail(invalid("endsAt", "一场接听不超过 8 小时", "a session lasts at most 8 hours"));
  if (!ctx.participating.has(input.unitId)) {
    return fail(invalid("unitId", `该单位不在 ${ctx.year} 年参加接听的单位名单中`, `the unit is not on the ${ctx.year} list of participating units`));
  }
  const clash = ctx.schedule.find((s) => !s.cancelled && s.unitId === input.unitId && s.startsAt < input.endsAt && input.startsAt < s.endsAt);
  if (clash)
    return fail(
      domainError("SESSION_CONFLICT", `该单位在此时段已安排“${clash.leaderName}”接听`, `the unit already has a session then (${clash.leaderName})`, {
        field: "startsAt",
        rule: RULE,
      }),
    );
  const note = input.note?.trim() ?? "";
  if (note.length > 2000) return fail(invalid("note", "备注超过 2000 字", "note is longer than 2000 characters"));
  return ok({
    id: ctx.id,
    jurisdictionId: ctx.jurisdictionId,
    unitId: input.unitId,
    leaderName: leaderName.value,
    leaderTitle: leaderTitle.value,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    note,
  });
}

/** Cancels a session that has not begun; one that has begun or ended is history. */
export function decideCancel(s: LeaderSession, reason: string, by: string, now: number): Result<LeaderSession> {
  if (s.cancelled) return fail(domainError("SESSION_CONFLICT", "该场次已取消", "the session is already cancelled", { rule: RULE }));
  if (now >= s.startsAt)
    return fail(domainError("SESSION_CONFLICT", "已开始或已结束的场次不能取消", "a session that has begun cannot be cancelled", { rule: RULE }));
  const r = reason.trim();
  if (!r || r.length > 2000) return fail(invalid("reason", "须说明取消原因", "a reason is required"));
  return ok({ ...s, cancelled: { at: now, by, reason: r } });
}

/** A contact belongs to a session when it came in while the session ran. */
export function takenDuring(s: LeaderSession, receivedAt: number): boolean {
  return !s.cancelled && receivedAt >= s.startsAt && receivedAt < s.endsAt;
}
