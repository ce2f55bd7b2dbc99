import { ratedUnsatisfied } from "./rating.ts";
import { TICKET_COMMAND_KINDS, TRANSITIONS, actsForSide, type TicketCommandKind } from "./commands.ts";
import { type TicketActor, type TicketState } from "./ticket.ts";

/** Preconditions beyond the state table, so screens offer only the buttons that can work now. */
const RELEVANT: Partial<Record<TicketCommandKind, (t: TicketState) => boolean>> = {
  decideExtension: (t) => t.pendingExtension !== undefined,
  requestExtension: (t) => t.pendingExtension === undefined,
  decideInformation: (t) => t.pendingInformation !== undefined,
  endStatutoryProcedure: (t) => t.statutoryProcedure !== undefined && t.statutoryProcedure.endedAt === undefined,
  startStatutoryProcedure: (t) => t.statutoryProcedure === undefined || t.statutoryProcedure.endedAt !== undefined,
  reportStage: (t) => t.longRunningPlan !== undefined,
  fileLongRunningPlan: (t) => t.longRunningPlan === undefined,
  answerSupervision: (t) => (t.supervisions ?? []).some((s) => !s.answer),
  explainOverdue: (t) => t.flags.includes("overdue") && !t.overdueExplanation,
  orderRehandling: (t) => ratedUnsatisfied(t),
  reviewUnsatisfied: (t) => ratedUnsatisfied(t) && !t.unsatisfiedReview,
  fileWrittenStatement: (t) => !t.writtenStatement,
  rate: (t) => t.rating === undefined,
  fileRectification: (t) => t.rectification?.status === "awaiting",
  reviewRectification: (t) => t.rectification?.status === "filed",
  appealRating: (t) => ratedUnsatisfied(t) && t.ratingAppeal === undefined,
  decideRatingAppeal: (t) => t.ratingAppeal?.status === "pending",
  // Offered on the flagged-reply board, where a misconduct record can be made with it.
  decideReplyMismatch: () => false,
};

/** The system's own commands, never offered to a person. */
const SYSTEM_ONLY: readonly TicketCommandKind[] = ["applyDefaultSatisfaction", "raiseFlag", "recalculateDeadline"];

/**
 * The commands this actor may issue on this ticket now: allowed by the state table, by role,
 * by unit, and with their preconditions met (the server's answer, so no screen re-implements a rule).
 */
export function applicableCommands(t: TicketState, actor: TicketActor): TicketCommandKind[] {
  return TICKET_COMMAND_KINDS.filter((k) => {
    if (SYSTEM_ONLY.includes(k)) return false;
    const tr = TRANSITIONS[k];
    if (!tr.from.includes(t.status) || !actsForSide(k, t, actor)) return false;
    return RELEVANT[k]?.(t) ?? true;
  });
}
