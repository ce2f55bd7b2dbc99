import { render, type Notice } from "../../domain/notices/notices.ts";
import { type OutboundRow } from "../../store/repositories/ticket.repository.ts";
import { shippedNoticeTemplates } from "../../store/shipped-data.ts";

let templates: Readonly<Record<string, string>> | undefined;

/** Notices as rows to queue: each template filled with its values. */
export function renderNotices(notices: readonly Notice[]): OutboundRow[] {
  templates ??= shippedNoticeTemplates();
  return notices.map((n) => ({
    template: n.template,
    recipient: n.recipient,
    body: render(templates?.[n.template] ?? n.template, n.params),
    dedupeKey: n.dedupeKey,
  }));
}
