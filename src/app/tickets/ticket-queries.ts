import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok } from "../../domain/shared/domain-error.ts";
import { type TicketActor, type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { recordPersonalDataView } from "../privacy/personal-data-log.ts";
import { bounceTimeline, type UnitVisit } from "../../domain/ticket/bounces.ts";
import {
  contactsLinkedTo,
  countListed,
  listTickets,
  loadTicket,
  loadTicketEvents,
  requesterHistory,
  type TicketFilter,
  type TicketSort,
} from "../../store/repositories/ticket.repository.ts";
import { type AppContext } from "../context.ts";

export type { TicketFilter } from "../../store/repositories/ticket.repository.ts";

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
  const ids = { ranges: ctx.ticketIds, now: ctx.now() };
  const [page, total] = await Promise.all([listTickets(ctx.db, f, limit, cursor, sort, ids), countListed(ctx.db, f, LIST_TOTAL_CAP, ids)]);
  return { ...page, total };
}

/** A list's total is counted up to this many: beyond, it says "10000+" (narrow the filter, or export). */
export const LIST_TOTAL_CAP = 10_000;

/** Later contacts about a ticket (the same matter called in again). */
export async function contactsAbout(ctx: AppContext, ticketId: string) {
  return contactsLinkedTo(ctx.db, ticketId, ctx.now());
}

/**
 * A requester's earlier contacts and the notes kept about them, at intake: a view of personal
 * data, logged (GZ-25). Only a number is looked up: anything else names no one.
 */
export async function requesterHistoryOf(ctx: AppContext, actor: TicketActor, jurisdictionId: string, phone: string) {
  if (!can(actor, "requesterHistory.read")) return fail(forbidden("requesterHistory.read"));
  if (!/^\+?[0-9][0-9-]{2,19}$/.test(phone)) return fail(domainError("INVALID_ARGUMENT", "电话号码格式无效", "not a phone number", { field: "phone" }));
  await recordPersonalDataView(ctx, actor, { jurisdictionId, phone, purpose: "受理时查询诉求人历史 / requester history at intake" });
  return ok(await requesterHistory(ctx.db, jurisdictionId, phone, ctx.now()));
}

/** A ticket's bounce timeline: each unit it visited, its returns, their reason codes and rulings (国办函〔2025〕66号). */
export async function ticketBounces(ctx: AppContext, id: string): Promise<UnitVisit[]> {
  return bounceTimeline(await loadTicketEvents(ctx.db, id));
}
