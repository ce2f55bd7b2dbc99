import { mayAttach, mayReadAttachment } from "../../domain/attachments/attachment.ts";
import { maskedEvents, maskedTicket, mayReveal } from "../../domain/privacy/requester-privacy.ts";
import { applicableCommands } from "../../domain/ticket/applicable-commands.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";

export { REVEAL_PURPOSES, revealRequester, type RevealPurpose } from "../../domain/privacy/requester-privacy.ts";

/** A ticket as screens and the API show it: the requester masked for everyone (GZ-25). */
export const shownTicket = maskedTicket;
/** A ticket's events as shown: requesters masked in them too. */
export const shownEvents = maskedEvents;

/**
 * A ticket as this actor sees it: masked, with the commands they may give now, whether they may
 * ask to see the requester in clear (a logged reveal with a purpose) and whether they may attach files.
 */
export function ticketView(t: TicketState, actor: TicketActor) {
  return { ticket: maskedTicket(t), allowedCommands: applicableCommands(t, actor), mayRevealRequester: mayReveal(actor.role, t), mayAttach: mayAttach(actor.role, t).ok };
}

/** Whether this actor may read a file of the ticket, by who uploaded it. */
export function mayReadFile(actor: TicketActor, t: TicketState, uploaderRole: string): boolean {
  return mayReadAttachment(actor.role, t, uploaderRole);
}
