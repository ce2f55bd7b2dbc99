import { type WorkingCalendar } from "../calendar/working-calendar.ts";
import { dayOfInstant, formatDay, formatInstant, startOfDayInstant } from "../calendar/local-date.ts";
import { type Duration, type Limit, type LimitKind, type LimitSet } from "../policy/policy.schema.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";
import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";
import { type Channel, type RequestType } from "../shared/vocabulary.ts";

/** The limits the engine computes, in the names the CLI and API use. */
export const DEADLINE_RULES = [
  "dispatch",
  "sign",
  "check",
  "handling",
  "extension",
  "rehandle",
  "knowledge-question",
  "statutory-report",
  "stage-report",
  "appeal",
  "default-satisfied",
  "first-contact",
  "rectification",
  "rating-appeal",
] as const;
/** One computable limit. */
export type DeadlineRule = (typeof DEADLINE_RULES)[number];

/** Type guard for deadline rule names from outside input. */
export function isDeadlineRule(v: string): v is DeadlineRule {
  return (DEADLINE_RULES as readonly string[]).includes(v);
}

const KIND_OF: Record<Exclude<DeadlineRule, "extension" | "rehandle">, LimitKind> = {
  dispatch: "dispatch",
  sign: "sign",
  check: "check",
  handling: "handling",
  "knowledge-question": "knowledgeQuestion",
  "statutory-report": "statutoryReport",
  "stage-report": "stageReport",
  appeal: "appeal",
  "default-satisfied": "defaultSatisfied",
  "first-contact": "firstContact",
  rectification: "rectification",
  "rating-appeal": "ratingAppeal",
};

/** What a limit depends on, besides the policy and calendar. */
export interface TicketTraits {
  readonly type?: RequestType;
  readonly urgent?: boolean;
  readonly channel?: Channel;
  readonly category?: string;
}

/** A question to the engine. */
export interface DeadlineQuery extends TicketTraits {
  readonly rule: DeadlineRule;
  /** Instant (epoch ms) of the event the policy counts this limit from. */
  readonly from: number;
  /** For `extension`: extensions already granted; the answer is the limit after one more. */
  readonly extensionsGranted?: number;
}

/** A computed limit: when it falls due, from what, under which rule. */
export interface Deadline {
  /** Epoch ms of the last moment the limit allows. */
  readonly due: number;
  /** True when any day counted over is provisional (its year's notice is not loaded). */
  readonly provisional: boolean;
  /** Rule ID that sets this limit. */
  readonly rule: string;
  /** The duration that was counted (for an extension: one extension's length). */
  readonly limit: Duration;
  /** Epoch ms the count started from. */
  readonly from: number;
}

/** Picks the applicable limit of a set: urgent, then category, channel, type, default. */
export function selectLimit(set: LimitSet, traits: TicketTraits): Limit | undefined {
  if (traits.urgent && set.urgent) return set.urgent;
  if (traits.category !== undefined && set.byCategory?.[traits.category]) return set.byCategory[traits.category];
  if (traits.channel !== undefined && set.byChannel?.[traits.channel]) return set.byChannel[traits.channel];
  if (traits.type !== undefined && set.byType?.[traits.type]) return set.byType[traits.type];
  return set.default;
}

/**
 * Adds a duration to an instant. Working days count from the day after the start's local
 * date and end at the policy's day end; hours and minutes ignore the calendar (GX-26.7).
 */
export function addDuration(
  policy: ResolvedPolicy,
  calendar: WorkingCalendar,
  from: number,
  duration: Duration,
): Result<{ due: number; provisional: boolean }> {
  if (duration.unit === "hours") return ok({ due: from + duration.n * 3_600_000, provisional: false });
  if (duration.unit === "minutes") return ok({ due: from + duration.n * 60_000, provisional: false });
  const startDay = dayOfInstant(from, policy.utcOffsetMinutes);
  const counted = calendar.nthWorkingDayAfter(startDay, duration.n);
  if (!counted) {
    return fail(
      domainError(
        "CALENDAR_OUT_OF_RANGE",
        `日历未覆盖 ${formatDay(startDay)} 起的 ${duration.n} 个工作日（已有 ${calendar.firstYear}–${calendar.lastYear} 年）`,
        `the calendar does not cover ${duration.n} working days after ${formatDay(startDay)} (it spans ${calendar.firstYear}–${calendar.lastYear})`,
        { field: "from" },
      ),
    );
  }
  return ok({ due: startOfDayInstant(counted.day, policy.utcOffsetMinutes) + policy.dayEndMs, provisional: counted.provisional });
}

function noLimit(policy: ResolvedPolicy, rule: DeadlineRule, traits: TicketTraits) {
  const what = [traits.type, traits.urgent ? "urgent" : undefined, traits.channel].filter(Boolean).join(", ");
  return domainError(
    "NO_SUCH_LIMIT",
    `政策 ${policy.id} 未规定“${rule}”时限${what ? `（${what}）` : ""}`,
    `policy ${policy.id} sets no ${rule} limit${what ? ` for ${what}` : ""}`,
    { field: "rule" },
  );
}

/**
 * GX-15: a fast-track category's own handling limit, where the policy gives one; urgency comes
 * first. A category matches by its name or as the last step of its path (噪声污染, … / 噪声污染).
 */
function fastTrackHandling(policy: ResolvedPolicy, traits: TicketTraits): Limit | undefined {
  const ft = policy.fastTrackCategories;
  if (!ft.handling || traits.category === undefined || (traits.urgent && policy.limits.handling.urgent)) return undefined;
  const leaf = traits.category.split("/").at(-1)?.trim() ?? traits.category;
  return ft.categories.includes(traits.category) || ft.categories.includes(leaf) ? ft.handling : undefined;
}

/** The handling limit that applies to a ticket's traits (fast track, urgency, category, channel, type, default), or the refusal. */
export function handlingLimit(policy: ResolvedPolicy, traits: TicketTraits): Result<Limit> {
  const limit = fastTrackHandling(policy, traits) ?? selectLimit(policy.limits.handling, traits);
  return limit ? ok(limit) : fail(noLimit(policy, "handling", traits));
}

/** One extension's length: the policy's factor times the original handling limit (GZ-18, GX-26.9). */
export function extensionLength(policy: ResolvedPolicy, handling: Duration): Duration {
  return { unit: handling.unit, n: Math.max(1, Math.round(handling.n * policy.extension.lengthFactor)) };
}

/**
 * Extends a running limit by one extension, counted after the current due date, or refuses
 * when the policy's count is used up.
 */
export function extendDeadline(
  policy: ResolvedPolicy,
  calendar: WorkingCalendar,
  currentDue: number,
  handling: Duration,
  extensionsGranted: number,
  /** A shorter extension asked, in the unit of the policy's (GZ-18: "each as long as the original period" at most). */
  asked?: number,
): Result<{ due: number; provisional: boolean; limit: Duration }> {
  if (extensionsGranted >= policy.extension.maxCount) {
    return fail(
      domainError(
        "EXTENSION_LIMIT_REACHED",
        `延期已达上限（${policy.extension.maxCount} 次）`,
        `no more extensions: the policy allows ${policy.extension.maxCount}`,
        { rule: policy.extension.rule, field: "extensions" },
      ),
    );
  }
  const most = extensionLength(policy, handling);
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 1 || asked > most.n)) {
    const unit = { workingDays: "个工作日", hours: "小时", minutes: "分钟" }[most.unit];
    return fail(
      domainError("EXTENSION_TOO_LONG", `延期时长须为 1 至 ${most.n} ${unit}`, `the extension must be 1 to ${most.n} ${most.unit}`, {
        rule: policy.extension.rule,
        field: "period",
      }),
    );
  }
  const length = asked === undefined ? most : { ...most, n: asked };
  const added = addDuration(policy, calendar, currentDue, length);
  return added.ok ? ok({ ...added.value, limit: length }) : added;
}

/** Computes one limit of the policy for a ticket with the given traits. Pure. */
export function computeDeadline(policy: ResolvedPolicy, calendar: WorkingCalendar, q: DeadlineQuery): Result<Deadline> {
  if (!Number.isFinite(q.from)) return fail(domainError("INVALID_INSTANT", "起算时间无效", "the start instant is invalid", { field: "from" }));

  if (q.rule === "extension" || q.rule === "rehandle") {
    const handling = handlingLimit(policy, q);
    if (!handling.ok) return handling;
    if (q.rule === "rehandle") {
      // GZ-20: re-handling gets a new limit of the original length, counted from the sending back.
      const r = addDuration(policy, calendar, q.from, handling.value);
      return r.ok ? ok({ due: r.value.due, provisional: r.value.provisional, rule: policy.rehandle.rule, limit: handling.value, from: q.from }) : r;
    }
    const first = addDuration(policy, calendar, q.from, handling.value);
    if (!first.ok) return first;
    let due = first.value.due;
    let provisional = first.value.provisional;
    const granted = q.extensionsGranted ?? 0;
    let length: Duration = extensionLength(policy, handling.value);
    for (let i = 0; i <= granted; i++) {
      const ext = extendDeadline(policy, calendar, due, handling.value, i);
      if (!ext.ok) return ext;
      due = ext.value.due;
      provisional ||= ext.value.provisional;
      length = ext.value.limit;
    }
    return ok({ due, provisional, rule: policy.extension.rule, limit: length, from: q.from });
  }

  const limit = (q.rule === "handling" ? fastTrackHandling(policy, q) : undefined) ?? selectLimit(policy.limits[KIND_OF[q.rule]], q);
  if (!limit) return fail(noLimit(policy, q.rule, q));
  const r = addDuration(policy, calendar, q.from, limit);
  // Fields spelled out rather than spread: this is the hot path of every deadline (see bench).
  return r.ok ? ok({ due: r.value.due, provisional: r.value.provisional, rule: limit.rule, limit, from: q.from }) : r;
}

/** The JSON shape support staff and checks read: due with the zone's offset, provisional, rule. */
export function describeDeadline(policy: ResolvedPolicy, d: Deadline): { due: string; provisional: boolean; rule: string } {
  return { due: formatInstant(d.due, policy.utcOffsetMinutes), provisional: d.provisional, rule: d.rule };
}
