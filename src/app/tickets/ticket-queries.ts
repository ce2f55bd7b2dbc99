import { type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { contactsLinkedTo, listTickets, loadTicket, loadTicketEvents, requesterHistory, type TicketFilter, type TicketSort } from "../../store/repositories/ticket.repository.ts";
import { type AppContext } from "../context.ts";

// The reads of tickets the screens make. Whoever calls them has checked the actor's scope
// (http/ticket-actor.ts ticketInScope, the list's filter); each is one query.

/** A ticket's state by id, or undefined. */
export async function ticketById(ctx: AppContext, id: string): Promise<TicketState | undefined> {
  return loadTicket(ctx.db, id);
}

/** A ticket's events, oldest first. */
export async function ticketEvents(ctx: AppContext, id: string): Promise<TicketEvent[]> {
  return loadTicketEvents(ctx.db, id);
}

/** One page of tickets by the filter, newest first or by due time; the cursor continues a page. */
export async function ticketPage(ctx: AppContext, f: TicketFilter, limit: number, cursor: { key: number; id: string } | undefined, sort: TicketSort) {
  return listTickets(ctx.db, f, limit, cursor, sort, { ranges: ctx.ticketIds, now: ctx.now() });
}

/** Later contacts about a ticket (the same matter called in again). */
export async function contactsAbout(ctx: AppContext, ticketId: string) {
  return contactsLinkedTo(ctx.db, ticketId, ctx.now());
}

/** A requester's earlier contacts and the notes kept about them, at intake. */
export async function requesterHistoryOf(ctx: AppContext, jurisdictionId: string, phone: string) {
  return requesterHistory(ctx.db, jurisdictionId, phone, ctx.now());
}
