import { clockDurationMs } from "../deadlines/clock-duration.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";
import { type TicketFlag, type TicketState } from "./ticket.ts";

/** What a timer does when it falls due. */
export type TimerKind = TicketFlag | "default_satisfied";

/** One timer a ticket needs now. */
export interface TimerSpec {
  readonly kind: TimerKind;
  readonly dueAt: number;
}

const RUNNING = new Set(["awaiting_sign", "handling", "awaiting_return_decision", "awaiting_unit_review"]);

/**
 * The timers a ticket needs in its current state, derived from it alone: rescheduled after
 * every change, so a timer never fires on a limit that has since moved.
 */
export function timersFor(s: TicketState, policy: ResolvedPolicy): TimerSpec[] {
  const out: TimerSpec[] = [];
  const add = (kind: TimerKind, dueAt: number | undefined) => {
    if (dueAt === undefined) return;
    if (kind !== "default_satisfied" && s.flags.includes(kind)) return;
    out.push({ kind, dueAt });
  };
  if (s.status === "awaiting_dispatch") add("dispatch_overdue", s.dispatchDue);
  if (s.status === "awaiting_sign") add("sign_late", s.assignment?.signDue);
  if (s.status === "awaiting_sign" || s.status === "handling") add("return_window_closed", s.assignment?.checkDue);
  // The hotline's own limit: a ruling on a return not given in time is flagged (国办函〔2025〕66号).
  if (s.status === "awaiting_return_decision" && s.pendingReturn?.rulingDue !== undefined) add("return_ruling_overdue", s.pendingReturn.rulingDue + 1);
  if (RUNNING.has(s.status) && s.clock) {
    add("due_soon", s.clock.due - clockDurationMs(policy.alerts.dueSoonBefore));
    add("overdue", s.clock.due + 1);
  }
  if (s.status === "handling" && s.longRunningPlan) add("stage_report_overdue", s.longRunningPlan.nextStageDue + 1);
  // An undelivered request waits for a person's callback instead (GX-27.2).
  if (s.status === "awaiting_callback" && s.rating === undefined && !s.satisfactionRequestUndelivered) add("default_satisfied", s.satisfactionDefaultDue);
  // A bad rating's rectification (51号): warned before its limit, flagged after it, until filed.
  const r = s.rectification;
  if (r && r.status === "awaiting") {
    add("rectification_due_soon", r.due - clockDurationMs(policy.alerts.dueSoonBefore));
    add("rectification_overdue", r.due + 1);
  }
  return out;
}
