import { type TicketEvent, type TicketState } from "../ticket/ticket.ts";

/** The notices the system sends (短信/消息), each with a Chinese template in `data/notice-templates.json`. */
export const NOTICE_TEMPLATES = ["ticket_received", "satisfaction_request", "urgent_dispatch", "hotspot_rising", "unit_warning"] as const;
/** One template. */
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];

/** Each template by its Chinese name, for the SMS log. */
export const NOTICE_TEMPLATE_LABELS: Readonly<Record<NoticeTemplate, string>> = {
  ticket_received: "受理告知",
  satisfaction_request: "满意度回访",
  urgent_dispatch: "紧急派单提醒",
  hotspot_rising: "热点上升提醒",
  unit_warning: "单位预警",
};

/** Where a notice is in its sending: queued → sent → delivered | failed. */
export const NOTICE_STATUSES = ["queued", "sent", "delivered", "failed"] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_STATUS_LABELS: Readonly<Record<NoticeStatus, string>> = { queued: "待发送", sent: "已发送", delivered: "已送达", failed: "失败" };

/** A notice to send: who, which template with which values, and a key so it is sent once. */
export interface Notice {
  readonly template: NoticeTemplate;
  /** A phone number, `unit:<id>` or `role:<role>@<jurisdiction>`. */
  readonly recipient: string;
  readonly params: Readonly<Record<string, string>>;
  readonly ticketId?: string;
  /** Same key, same notice: a retried command or a second instance never sends it twice. */
  readonly dedupeKey: string;
}

/**
 * The notices a ticket's new events cause: the requester gets the ticket number (GZ-11.1)
 * and the satisfaction request (GZ-20, GX-27.2); the lead unit is alerted to an urgent
 * ticket at dispatch (GX-25.2, GX-26.7).
 */
export function noticesFor(events: readonly TicketEvent[], after: TicketState): Notice[] {
  const out: Notice[] = [];
  const phone = after.requester.phone;
  for (const e of events) {
    const key = (t: NoticeTemplate): string => `${e.ticketId}:${e.seq}:${t}`;
    switch (e.data.type) {
      case "TicketCreated":
        if (phone)
          out.push({ template: "ticket_received", recipient: phone, params: { number: after.number }, ticketId: after.id, dedupeKey: key("ticket_received") });
        break;
      case "FeedbackReviewed":
        if (e.data.approved && phone)
          out.push({
            template: "satisfaction_request",
            recipient: phone,
            params: { number: after.number },
            ticketId: after.id,
            dedupeKey: key("satisfaction_request"),
          });
        break;
      case "Dispatched":
        if (after.urgent)
          out.push({
            template: "urgent_dispatch",
            recipient: `unit:${e.data.assignment.leadUnitId}`,
            params: { number: after.number, title: after.title },
            ticketId: after.id,
            dedupeKey: key("urgent_dispatch"),
          });
        break;
      default:
        break;
    }
  }
  return out;
}

/** Fills a template's `{name}` slots; a slot without a value stays visible rather than vanishing. */
export function render(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}
