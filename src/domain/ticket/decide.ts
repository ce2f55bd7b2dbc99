import { domainError, fail, type DomainError, type Result } from "../shared/domain-error.ts";
import { TRANSITIONS, actsForSide, type TicketCommand } from "./commands.ts";
import { TICKET_STATUS_LABELS, type TicketActor, type TicketState } from "./ticket.ts";
import { callbackAndRating } from "./deciders/callback-and-rating.ts";
import { rectification } from "./deciders/rectification.ts";
import { ratingAppeal } from "./deciders/rating-appeal.ts";
import { conclusionAndArchive } from "./deciders/conclusion-and-archive.ts";
import { dispatchAndReturn } from "./deciders/dispatch-and-return.ts";
import { feedbackAndReview } from "./deciders/feedback-and-review.ts";
import { type CommandKind, type DecideContext, type Decided, type Decider, type Deciders } from "./deciders/shared.ts";
import { signAndExtension } from "./deciders/sign-and-extension.ts";
import { supervision } from "./deciders/supervision.ts";

export type { DecideContext, Decided, UnitRef } from "./deciders/shared.ts";

/**
 * Every command's decider, by family (deciders/): adding a command is a line in its family's
 * file and the state-machine table (commands.ts); the compiler checks each kind has one.
 */
const DECIDERS: Deciders<CommandKind> = {
  ...dispatchAndReturn,
  ...signAndExtension,
  ...feedbackAndReview,
  ...callbackAndRating,
  ...rectification,
  ...ratingAppeal,
  ...supervision,
  ...conclusionAndArchive,
};

/** Checks the state machine table and who acts on whose behalf. */
function permitted(s: TicketState, cmd: TicketCommand, actor: TicketActor): DomainError | undefined {
  const t = TRANSITIONS[cmd.kind];
  if (!t.from.includes(s.status)) {
    return domainError(
      "COMMAND_NOT_ALLOWED",
      `工单处于“${TICKET_STATUS_LABELS[s.status]}”，不能执行 ${cmd.kind}`,
      `${cmd.kind} is not allowed while the ticket is ${s.status}`,
      { field: "status" },
    );
  }
  if (!actsForSide(cmd.kind, s, actor)) {
    // A unit's person on another unit's ticket is told so; everyone else lacks the role.
    if ((t.side === "lead_unit" || t.side === "working_unit") && t.roles.includes(actor.role))
      return domainError("NOT_ASSIGNED", "该工单不由本单位承办", "this ticket is not assigned to your unit");
    return domainError("FORBIDDEN", `角色 ${actor.role} 无权执行 ${cmd.kind}`, `role ${actor.role} may not ${cmd.kind}`);
  }
  return undefined;
}

/**
 * Decides a command on a ticket: the events to append, or a typed refusal. Pure: state,
 * policy, calendar, clock value and actor in; events out. A refusal changes nothing.
 */
export function decide(s: TicketState, cmd: TicketCommand, ctx: DecideContext): Result<Decided[]> {
  const denied = permitted(s, cmd, ctx.actor);
  if (denied) return fail(denied);
  // The table pairs each kind with its own decider; TypeScript cannot follow the pairing through an index.
  return (DECIDERS[cmd.kind] as Decider<typeof cmd.kind>)(s, cmd as never, ctx);
}
