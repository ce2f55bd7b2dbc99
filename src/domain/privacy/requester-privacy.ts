import { type Requester, type Role, type TicketEvent, type TicketState } from "../ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";

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

/**
 * Why someone asks to see a requester in clear. Screens show every requester masked; a person
 * whose role may reveal asks on purpose, and the purpose goes into the access log (GZ-25).
 */
export const REVEAL_PURPOSES = {
  callback: { zh: "回访", en: "callback" },
  contact: { zh: "联系诉求人办理", en: "contact the requester to handle the matter" },
  verify: { zh: "核实诉求人身份", en: "verify the requester's identity" },
  dispatch: { zh: "派单核实", en: "check before dispatch" },
  other: { zh: "其他", en: "other" },
} as const;
export type RevealPurpose = keyof typeof REVEAL_PURPOSES;

/** What a reveal answers: the ticket's requester and those of the contacts merged into it. */
export interface RevealedRequesters {
  readonly requester: Requester;
  readonly merged: readonly { readonly number: string; readonly requester: Requester }[];
  /** The log line's purpose: label in both languages and the person's own words. */
  readonly purpose: string;
}

/**
 * Reveals the requester for a stated purpose, or refuses: the role must need the identity
 * (see `mayReveal`), and "other" needs the person's own words.
 */
export function revealRequester(
  t: Pick<TicketState, "type" | "requester" | "mergedTickets">,
  role: Role,
  ask: { purpose: RevealPurpose; note?: string | undefined },
): Result<RevealedRequesters> {
  if (!mayReveal(role, t)) {
    const why = t.type === "report" || t.requester.confidential ? "举报人或要求保密的诉求人信息不向承办单位提供" : "该角色无需诉求人信息";
    const whyEn =
      t.type === "report" || t.requester.confidential
        ? "a whistle-blower's or confidential requester's identity is not given to units"
        : "this role does not need the requester's identity";
    return fail(
      domainError("FORBIDDEN", `无权查看诉求人信息：${why}`, `you may not see the requester: ${whyEn}`, { rule: t.type === "report" ? "GX-22" : "GZ-25" }),
    );
  }
  const note = ask.note?.trim();
  if (ask.purpose === "other" && !note)
    return fail(domainError("INVALID_ARGUMENT", "用途为“其他”时须说明原因", 'a purpose of "other" needs a note saying why', { field: "note", rule: "GZ-25" }));
  const label = REVEAL_PURPOSES[ask.purpose];
  return ok({
    requester: t.requester,
    merged: (t.mergedTickets ?? []).map((m) => ({ number: m.number, requester: m.requester })),
    purpose: `${label.zh} / ${label.en}${note ? `：${note}` : ""}`,
  });
}

/** The ticket as screens and API answers show it: requesters masked, their kind and flags kept. */
export function maskedTicket(t: TicketState): TicketState {
  return {
    ...t,
    requester: masked(t.requester),
    ...(t.mergedTickets ? { mergedTickets: t.mergedTickets.map((m) => ({ ...m, requester: masked(m.requester) })) } : {}),
  };
}

/** A ticket's events as shown: requester data inside events masked alike. */
export function maskedEvents(events: readonly TicketEvent[]): TicketEvent[] {
  return events.map((e) => {
    const d = e.data;
    if (d.type === "TicketCreated") return { ...e, data: { ...d, ticket: { ...d.ticket, requester: masked(d.ticket.requester) } } };
    if (d.type === "TicketMergedIn") return { ...e, data: { ...d, source: { ...d.source, requester: masked(d.source.requester) } } };
    return e;
  });
}
