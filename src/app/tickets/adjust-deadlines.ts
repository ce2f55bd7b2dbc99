import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type DomainError } from "../../domain/shared/domain-error.ts";
import { type AppContext } from "../context.ts";
import { applyTicketCommand } from "./run-ticket-command.ts";

/** The outcome for each ticket of a bulk adjustment. */
export interface BulkOutcome {
  readonly adjusted: string[];
  readonly refused: { ticketId: string; error: DomainError }[];
}

/**
 * Force majeure (GZ-17): sets the limit of many tickets at once, with one reason, in one
 * transaction. Tickets the rule refuses (concluded, not dispatched, …) are listed with the
 * reason; the others are adjusted, each with its own event.
 */
export async function adjustDeadlines(ctx: AppContext, actor: TicketActor, ticketIds: readonly string[], due: number, reason: string): Promise<BulkOutcome> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const adjusted: string[] = [];
    const refused: BulkOutcome["refused"] = [];
    // Sorted, so two bulk actions over overlapping tickets lock them in the same order.
    for (const id of [...new Set(ticketIds)].sort()) {
      const r = await applyTicketCommand(ctx, tx, actor, id, undefined, { kind: "adjustDeadline", due, reason }, now);
      if (r.ok) adjusted.push(id);
      else refused.push({ ticketId: id, error: r.error });
    }
    return { adjusted, refused };
  });
}
