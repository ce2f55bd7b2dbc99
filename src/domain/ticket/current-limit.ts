import { type TicketFlag, type TicketState } from "./ticket.ts";

// A ticket's clock as every screen shows it: which limit runs now, when it ends, and whether the
// ticket is in time, due soon or overdue (and by how long); once the unit's work is handed back,
// whether its limit was met. Computed here once, from the state and one instant, so the list, the
// ticket page, the queues and the supervision board cannot disagree.

/** The limits a ticket runs against, one at a time. */
export const LIMIT_KINDS = ["dispatch", "sign", "handling", "return_ruling", "satisfaction", "rectification"] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
export const LIMIT_KIND_LABELS: Record<LimitKind, string> = {
  dispatch: "派单时限",
  sign: "签收时限",
  handling: "办理时限",
  return_ruling: "退回审核时限",
  satisfaction: "评价时限",
  rectification: "整改时限",
};

/** Running: in time, due soon, overdue. Closed (the work was handed back): met or missed. */
export const LIMIT_STATES = ["in_time", "due_soon", "overdue", "met", "missed"] as const;
export type LimitState = (typeof LIMIT_STATES)[number];
export const LIMIT_STATE_LABELS: Record<LimitState, string> = { in_time: "正常", due_soon: "即将超期", overdue: "已超期", met: "按时完成", missed: "超期完成" };

export interface CurrentLimit {
  readonly kind: LimitKind;
  readonly due: number;
  /** Counted over a year whose holidays are not yet published: recomputed when they are. */
  readonly provisional: boolean;
  readonly state: LimitState;
  /** Running: time left, negative when over. Closed: how long before (positive) or after (negative) the due it was met. */
  readonly leftMs: number;
}

/** The flags a limit's own state already says: not shown again as warnings beside it. */
const SAID_BY: Record<LimitKind, readonly TicketFlag[]> = {
  dispatch: ["dispatch_overdue"],
  sign: ["sign_late"],
  handling: ["due_soon", "overdue"],
  return_ruling: ["return_ruling_overdue"],
  satisfaction: [],
  rectification: ["rectification_due_soon", "rectification_overdue"],
};
/** Flags that inform, not warn: shown on the ticket's page, not in a list's warnings. */
const NOT_WARNINGS: readonly TicketFlag[] = ["return_window_closed"];

function running(kind: LimitKind, due: number, provisional: boolean, now: number, dueSoonMs: number): CurrentLimit {
  const leftMs = due - now;
  return { kind, due, provisional, leftMs, state: leftMs < 0 ? "overdue" : leftMs <= dueSoonMs ? "due_soon" : "in_time" };
}

/** The handling limit once the feedback is in: met or missed, by how long. */
function handlingClosed(t: TicketState): CurrentLimit | undefined {
  const at = t.feedback?.submittedAt;
  if (!t.clock || at === undefined) return undefined;
  const leftMs = t.clock.due - at;
  return { kind: "handling", due: t.clock.due, provisional: t.clock.provisional, leftMs, state: leftMs >= 0 ? "met" : "missed" };
}

/** The limit that matters for the ticket now; undefined where none runs and none was met (merged, or never handled). */
export function currentLimit(t: TicketState, now: number, dueSoonMs: number): CurrentLimit | undefined {
  const clock = t.clock;
  const handling = () => (clock ? running("handling", clock.due, clock.provisional, now, dueSoonMs) : undefined);
  switch (t.status) {
    case "awaiting_dispatch":
      return t.dispatchDue !== undefined ? running("dispatch", t.dispatchDue, false, now, dueSoonMs) : undefined;
    case "awaiting_sign": {
      const signDue = t.assignment?.signDue;
      return signDue !== undefined ? running("sign", signDue, false, now, dueSoonMs) : handling();
    }
    case "handling":
    case "awaiting_unit_review":
      return handling();
    case "awaiting_return_decision": {
      const ruling = t.pendingReturn?.rulingDue;
      return ruling !== undefined ? running("return_ruling", ruling, false, now, dueSoonMs) : handling();
    }
    case "awaiting_review":
      return handlingClosed(t);
    case "awaiting_callback":
      // The requester's window, not anyone's work: never "due soon"; past it, silence counts as the policy says.
      return t.satisfactionDefaultDue !== undefined && t.rating === undefined
        ? running("satisfaction", t.satisfactionDefaultDue, false, now, 0)
        : handlingClosed(t);
    case "concluded":
    case "archived":
      return t.rectification?.status === "awaiting" ? running("rectification", t.rectification.due, false, now, dueSoonMs) : handlingClosed(t);
    case "merged":
      return undefined;
  }
}

/** A warning beside the limit: a flag, with how late where the step it concerns is done. */
export interface Warning {
  readonly flag: TicketFlag;
  readonly overByMs?: number;
}

/** How late a done step was, for the flags that concern one. */
function lateBy(t: TicketState, f: TicketFlag): number | undefined {
  const by = (done: number | undefined, due: number | undefined) => (done !== undefined && due !== undefined && done > due ? done - due : undefined);
  if (f === "dispatch_overdue") return by(t.dispatchRecord?.firstAt, t.dispatchDue);
  if (f === "sign_late") return by(t.assignment?.signedAt, t.assignment?.signDue);
  return undefined;
}

/** The ticket's warnings beside its limit: its flags, less those the limit's state already says and those that only inform. */
export function warningsBeside(t: TicketState, limit: CurrentLimit | undefined): Warning[] {
  const said = new Set<TicketFlag>([...NOT_WARNINGS, ...(limit ? SAID_BY[limit.kind] : [])]);
  // Past the handling (feedback in, or after it): whether it was met is the limit's own state; its running flags are history.
  if (limit && limit.kind !== "dispatch" && limit.kind !== "sign" && limit.kind !== "return_ruling") for (const f of SAID_BY.handling) said.add(f);
  return t.flags
    .filter((f) => !said.has(f))
    .map((flag) => {
      const overByMs = lateBy(t, flag);
      return overByMs === undefined ? { flag } : { flag, overByMs };
    });
}
