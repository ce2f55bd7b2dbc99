import { mayAttach, mayReadAttachment } from "../../domain/attachments/attachment.ts";
import { maskedEvents, maskedTicket, mayReveal } from "../../domain/privacy/requester-privacy.ts";
import { applicableCommands } from "../../domain/ticket/applicable-commands.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { currentLimit, warningsBeside, type CurrentLimit, type Warning } from "../../domain/ticket/current-limit.ts";
import { clockDurationMs } from "../../domain/deadlines/clock-duration.ts";
import { type AppContext } from "../context.ts";

export { REVEAL_PURPOSES, revealRequester, type RevealPurpose } from "../../domain/privacy/requester-privacy.ts";

/** A ticket's clock now: the limit that runs (or was met), and the warnings beside it; one answer for every screen. */
export function clockOf(ctx: Pick<AppContext, "policies" | "now">, t: TicketState): { limit: CurrentLimit | null; warnings: Warning[] } {
  const p = ctx.policies.get(t.policyId);
  const limit = currentLimit(t, ctx.now(), p.ok ? clockDurationMs(p.value.alerts.dueSoonBefore) : 0) ?? null;
  return { limit, warnings: warningsBeside(t, limit ?? undefined) };
}

/** A ticket as screens and the API show it: the requester masked for everyone (GZ-25), with its clock now. */
export function shownTicket(ctx: Pick<AppContext, "policies" | "now">, t: TicketState) {
  return { ...maskedTicket(t), ...clockOf(ctx, t) };
}
/** A ticket's events as shown: requesters masked in them too. */
export const shownEvents = maskedEvents;

/**
 * A ticket as this actor sees it: masked, with the commands they may give now, whether they may
 * ask to see the requester in clear (a logged reveal with a purpose) and whether they may attach files.
 */
export function ticketView(ctx: Pick<AppContext, "policies" | "now">, t: TicketState, actor: TicketActor) {
  return { ticket: shownTicket(ctx, t), allowedCommands: applicableCommands(t, actor), mayRevealRequester: mayReveal(actor.role, t), mayAttach: mayAttach(actor.role, t).ok };
}

/** Whether this actor may read a file of the ticket, by who uploaded it. */
export function mayReadFile(actor: TicketActor, t: TicketState, uploaderRole: string): boolean {
  return mayReadAttachment(actor.role, t, uploaderRole);
}
