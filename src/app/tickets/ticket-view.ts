import { mayAttach, mayReadAttachment } from "../../domain/attachments/attachment.ts";
import { maskedEvents, maskedTicket, mayReveal } from "../../domain/privacy/requester-privacy.ts";
import { applicableCommands } from "../../domain/ticket/applicable-commands.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { currentLimit, warningsBeside, type CurrentLimit, type Warning } from "../../domain/ticket/current-limit.ts";
import { clockDurationMs } from "../../domain/deadlines/clock-duration.ts";
import { extendDeadline } from "../../domain/deadlines/deadline-engine.ts";
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

/** What an extension asked now would give (GZ-18): the policy's period and the resulting limit, for the request's form. */
function extensionPreview(ctx: Pick<AppContext, "policies" | "calendars">, t: TicketState) {
  const p = ctx.policies.get(t.policyId);
  if (!p.ok || !t.clock) return null;
  const r = extendDeadline(p.value, ctx.calendars.forPolicy(p.value), t.clock.due, t.clock.limit, t.clock.extensionsGranted);
  return r.ok ? { period: r.value.limit, resultingDue: r.value.due, provisional: r.value.provisional, rule: p.value.extension.rule } : null;
}

/**
 * A ticket as this actor sees it: masked, with the commands they may give now, whether they may
 * ask to see the requester in clear (a logged reveal with a purpose) and whether they may attach files.
 */
export function ticketView(ctx: Pick<AppContext, "policies" | "now" | "calendars">, t: TicketState, actor: TicketActor) {
  const allowedCommands = applicableCommands(t, actor);
  return {
    ticket: shownTicket(ctx, t),
    allowedCommands,
    ...(allowedCommands.includes("requestExtension") ? { extensionPreview: extensionPreview(ctx, t) } : {}),
    mayRevealRequester: mayReveal(actor.role, t),
    mayAttach: mayAttach(actor.role, t).ok,
  };
}

/** Whether this actor may read a file of the ticket, by who uploaded it. */
export function mayReadFile(actor: TicketActor, t: TicketState, uploaderRole: string): boolean {
  return mayReadAttachment(actor.role, t, uploaderRole);
}
