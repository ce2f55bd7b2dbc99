import { type TicketState } from "./ticket.ts";

// What a citizen is told of their request's status (GZ-2): four plain steps, not the hotline's
// internal ones (待派单, 待回访, 已归档 say nothing to a requester, and 待回访 after they rated misleads).

export const PUBLIC_STATUSES = ["accepted", "in_progress", "concluded", "rated"] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];
export const PUBLIC_STATUS_LABELS: Record<PublicStatus, string> = { accepted: "已受理", in_progress: "办理中", concluded: "已办结", rated: "已评价" };

/** The citizen's status of a ticket: answered once the hotline approved the unit's reply, rated once they (or silence) rated it. */
export function publicStatusOf(t: TicketState): PublicStatus {
  switch (t.status) {
    case "awaiting_dispatch":
      return "accepted";
    case "awaiting_callback":
    case "concluded":
    case "archived":
      return t.rating !== undefined ? "rated" : "concluded";
    default:
      return "in_progress";
  }
}
