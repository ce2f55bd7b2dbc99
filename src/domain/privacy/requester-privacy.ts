import { type Requester, type Role, type TicketEvent, type TicketState } from "../ticket/ticket.ts";

/** Roles whose work needs the requester's identity (intake, dispatch, callback, administration). */
const HOTLINE_NEEDS_IDENTITY: readonly Role[] = ["operator", "dispatcher", "reviewer", "admin"];
/** Roles that handle the matter and may need to contact the requester. */
const UNIT_ROLES: readonly Role[] = ["unit_handler", "unit_leader"];

/** Masks a name: 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string | undefined): string | undefined {
  if (!name) return name;
  const chars = [...name];
  return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(chars.length - 1)}`;
}

/** Masks a phone number: 13812345678 → 138****5678; landlines keep area code and last 2. */
export function maskPhone(phone: string | undefined): string | undefined {
  if (!phone) return phone;
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return phone.length > 4 ? `${phone.slice(0, Math.min(4, phone.length - 2))}${"*".repeat(Math.max(0, phone.length - 6))}${phone.slice(-2)}` : "****";
}

function masked(r: Requester): Requester {
  return { ...r, ...(r.name ? { name: maskName(r.name) ?? "" } : {}), ...(r.phone ? { phone: maskPhone(r.phone) ?? "" } : {}) };
}

/**
 * Whether this role may see this ticket's requester in clear (GZ-25, GX-22): the hotline
 * roles that need it; the units handling it, except for a whistle-blower's report (举报) or a
 * requester who asked for confidentiality. Everyone else sees it masked.
 */
export function mayReveal(role: Role, t: Pick<TicketState, "type" | "requester">): boolean {
  if (HOTLINE_NEEDS_IDENTITY.includes(role)) return true;
  if (UNIT_ROLES.includes(role)) return t.type !== "report" && !t.requester.confidential;
  return false;
}

/** The ticket as this role may see it, and whether personal data was revealed (to be logged). */
export function ticketForRole(t: TicketState, role: Role): { ticket: TicketState; revealed: boolean } {
  const hasIdentity = Boolean(t.requester.name || t.requester.phone || t.mergedTickets?.length);
  if (mayReveal(role, t)) return { ticket: t, revealed: hasIdentity };
  return {
    ticket: { ...t, requester: masked(t.requester), ...(t.mergedTickets ? { mergedTickets: t.mergedTickets.map((m) => ({ ...m, requester: masked(m.requester) })) } : {}) },
    revealed: false,
  };
}

/** A ticket's events as this role may see them: requester data inside events masked alike. */
export function eventsForRole(t: TicketState, events: readonly TicketEvent[], role: Role): TicketEvent[] {
  if (mayReveal(role, t)) return [...events];
  return events.map((e) => {
    const d = e.data;
    if (d.type === "TicketCreated") return { ...e, data: { ...d, ticket: { ...d.ticket, requester: masked(d.ticket.requester) } } };
    if (d.type === "TicketMergedIn") return { ...e, data: { ...d, source: { ...d.source, requester: masked(d.source.requester) } } };
    return e;
  });
}

/** A list row never needs the requester in clear: lists are always masked. */
export function listRow(t: TicketState): TicketState {
  return ticketForRole(t, "analyst").ticket;
}
