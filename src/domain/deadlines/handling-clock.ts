import { type WorkingCalendar } from "../calendar/working-calendar.ts";
import { type Duration, type RecomputeCause } from "../policy/policy.schema.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";
import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";
import { addDuration, extendDeadline, handlingLimit, type TicketTraits } from "./deadline-engine.ts";

/**
 * The running handling limit of a ticket. A limit is a record: every change produces a
 * {@link DeadlineChange} with the old and new value, the rule and the cause.
 */
export interface HandlingClock {
  readonly due: number;
  readonly provisional: boolean;
  /** Rule that set the current due. */
  readonly rule: string;
  /** The original handling length: extensions and re-handling are measured by it. */
  readonly limit: Duration;
  /** Instant the current count started from. */
  readonly startedAt: number;
  readonly extensionsGranted: number;
  readonly rehandlings: number;
  readonly phase: "handling" | "rehandling";
}

/** Something that happened to a ticket and may move its handling limit. */
export type ClockEvent =
  | { readonly kind: "dispatched"; readonly at: number }
  | { readonly kind: RecomputeCause; readonly at: number; readonly due?: number; readonly reason?: string }
  | { readonly kind: "extensionApproved"; readonly at: number; readonly appliedAt: number; readonly period?: Duration | undefined }
  | { readonly kind: "rehandlingOrdered"; readonly at: number }
  | { readonly kind: "statutoryProcedureEnded"; readonly at: number }
  | { readonly kind: "calendarReloaded"; readonly at: number };

/** One change of a limit, kept forever so "was it on time on day X?" can be answered. */
export interface DeadlineChange {
  readonly cause: ClockEvent["kind"];
  readonly at: number;
  readonly rule: string;
  readonly before: { readonly due: number; readonly provisional: boolean } | null;
  readonly after: { readonly due: number; readonly provisional: boolean };
  readonly reason?: string;
}

/** The new clock and the record of what changed (`change` is null when nothing moved). */
export interface ClockUpdate {
  readonly clock: HandlingClock;
  readonly change: DeadlineChange | null;
}

function snapshot(c: HandlingClock | undefined) {
  return c ? { due: c.due, provisional: c.provisional } : null;
}

function changed(before: HandlingClock | undefined, clock: HandlingClock, ev: ClockEvent, reason?: string): ClockUpdate {
  return {
    clock,
    change: {
      cause: ev.kind,
      at: ev.at,
      rule: clock.rule,
      before: snapshot(before),
      after: { due: clock.due, provisional: clock.provisional },
      ...(reason ? { reason } : {}),
    },
  };
}

function needClock(clock: HandlingClock | undefined): Result<HandlingClock> {
  return clock ? ok(clock) : fail(domainError("NO_RUNNING_LIMIT", "该工单尚无办理时限（未派单）", "the ticket has no running handling limit (not dispatched)"));
}

/**
 * Applies one event to a ticket's handling limit, as the policy says (GZ-15.1–15.3, GZ-17,
 * GZ-18, GZ-19, GZ-20, GZ-21, GX-26.2, GX-26.9). Pure: the caller stores the change with the
 * ticket's event in the same transaction.
 */
export function applyClockEvent(
  policy: ResolvedPolicy,
  calendar: WorkingCalendar,
  traits: TicketTraits,
  clock: HandlingClock | undefined,
  ev: ClockEvent,
): Result<ClockUpdate> {
  const restart = (from: number, rule: string, phase: HandlingClock["phase"], base: HandlingClock | undefined): Result<ClockUpdate> => {
    const limit = handlingLimit(policy, traits);
    if (!limit.ok) return limit;
    const r = addDuration(policy, calendar, from, limit.value);
    if (!r.ok) return r;
    const next: HandlingClock = {
      due: r.value.due,
      provisional: r.value.provisional,
      rule,
      limit: { unit: limit.value.unit, n: limit.value.n },
      startedAt: from,
      extensionsGranted: phase === "rehandling" ? 0 : (base?.extensionsGranted ?? 0),
      rehandlings: base?.rehandlings ?? 0,
      phase,
    };
    return ok(changed(base, next, ev));
  };

  switch (ev.kind) {
    case "dispatched": {
      const limit = handlingLimit(policy, traits);
      if (!limit.ok) return limit;
      return restart(ev.at, limit.value.rule, "handling", clock && { ...clock, extensionsGranted: 0 });
    }
    case "extensionApproved": {
      const c = needClock(clock);
      if (!c.ok) return c;
      if (c.value.phase === "rehandling" && !policy.rehandle.extensionAllowed) {
        return fail(domainError("EXTENSION_NOT_ALLOWED", "重办不得延期", "re-handling may not be extended", { rule: policy.rehandle.rule }));
      }
      if (policy.extension.mustApplyBeforeDue && ev.appliedAt > c.value.due) {
        return fail(
          domainError("EXTENSION_TOO_LATE", "延期须在办理期限届满前申请", "an extension must be applied for before the deadline", {
            rule: policy.extension.rule,
            field: "appliedAt",
          }),
        );
      }
      const r = extendDeadline(policy, calendar, c.value.due, c.value.limit, c.value.extensionsGranted, ev.period?.n);
      if (!r.ok) return r;
      const next = {
        ...c.value,
        due: r.value.due,
        provisional: c.value.provisional || r.value.provisional,
        rule: policy.extension.rule,
        extensionsGranted: c.value.extensionsGranted + 1,
      };
      return ok(changed(c.value, next, ev));
    }
    case "rehandlingOrdered": {
      const c = needClock(clock);
      if (!c.ok) return c;
      if (c.value.rehandlings >= policy.rehandle.maxCount) {
        return fail(
          domainError("REHANDLE_LIMIT_REACHED", `重办以 ${policy.rehandle.maxCount} 次为限`, `re-handling is limited to ${policy.rehandle.maxCount}`, {
            rule: policy.rehandle.rule,
          }),
        );
      }
      return restart(ev.at, policy.rehandle.rule, "rehandling", { ...c.value, rehandlings: c.value.rehandlings + 1 });
    }
    case "statutoryProcedureEnded": {
      const limit = policy.limits.statutoryReport.default;
      if (!limit)
        return fail(domainError("NO_SUCH_LIMIT", `政策 ${policy.id} 未规定法定程序终结后的反馈时限`, `policy ${policy.id} sets no statutory-report limit`));
      const r = addDuration(policy, calendar, ev.at, limit);
      if (!r.ok) return r;
      const base = clock ?? {
        due: ev.at,
        provisional: false,
        rule: limit.rule,
        limit,
        startedAt: ev.at,
        extensionsGranted: 0,
        rehandlings: 0,
        phase: "handling" as const,
      };
      return ok(changed(clock, { ...base, due: r.value.due, provisional: r.value.provisional, rule: limit.rule, startedAt: ev.at }, ev));
    }
    case "calendarReloaded": {
      // Recount the same start with the calendar now loaded; extensions are re-applied in order.
      const c = needClock(clock);
      if (!c.ok) return c;
      const r = addDuration(policy, calendar, c.value.startedAt, c.value.limit);
      if (!r.ok) return r;
      let due = r.value.due;
      let provisional = r.value.provisional;
      for (let i = 0; i < c.value.extensionsGranted; i++) {
        const e = extendDeadline(policy, calendar, due, c.value.limit, i);
        if (!e.ok) return e;
        due = e.value.due;
        provisional ||= e.value.provisional;
      }
      if (due === c.value.due && provisional === c.value.provisional) return ok({ clock: c.value, change: null });
      return ok(changed(c.value, { ...c.value, due, provisional }, ev, "官方通知已导入，重新计算 / official notice loaded, recomputed"));
    }
    default: {
      const how = policy.recompute[ev.kind];
      if (!how) {
        return fail(domainError("NO_SUCH_RULE", `政策 ${policy.id} 未规定“${ev.kind}”对时限的处理`, `policy ${policy.id} does not provide for ${ev.kind}`));
      }
      const c = needClock(clock);
      if (!c.ok) return c;
      if (how.effect === "unchanged") return ok({ clock: c.value, change: null });
      if (how.effect === "restart") return restart(ev.at, how.rule, c.value.phase, c.value);
      if (ev.due === undefined || !ev.reason) {
        return fail(
          domainError("INVALID_ARGUMENT", "调整时限须给出新的期限和原因", "setting a limit needs the new due instant and a reason", {
            field: ev.due === undefined ? "due" : "reason",
            rule: how.rule,
          }),
        );
      }
      return ok(changed(c.value, { ...c.value, due: ev.due, provisional: false, rule: how.rule }, ev, ev.reason));
    }
  }
}
