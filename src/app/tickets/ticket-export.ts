import ExcelJS from "exceljs";
import { LIMIT_KIND_LABELS, LIMIT_STATE_LABELS } from "../../domain/ticket/current-limit.ts";
import { TICKET_FLAG_LABELS, TICKET_STATUS_LABELS } from "../../domain/ticket/ticket.ts";
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS } from "../../domain/shared/vocabulary.ts";
import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";
import { listTickets, type TicketFilter, type TicketSort } from "../../store/repositories/ticket.repository.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";
import { type AppContext } from "../context.ts";
import { clockOf } from "./ticket-view.ts";
import { LIST_TOTAL_CAP } from "./ticket-queries.ts";

// The ticket list as a workbook: what the filter finds, as the list shows it (requesters are not
// in it, so exporting views no personal data), up to the list's cap.

const HEADER = ["工单编号", "诉求标题", "类型", "渠道", "状态", "分类", "区域", "主办单位", "受理时间", "时限", "期限", "时限状态", "预警"];

/** `YYYY-MM-DD HH:mm` in the platform's zone. */
function localTime(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  return `${formatDay(dayOfInstant(ms, offsetMinutes))} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

/** The filtered list as .xlsx; an empty filter (nothing the actor may see) gives the header only. */
export async function ticketListXlsx(ctx: AppContext, f: TicketFilter | undefined, sort: TicketSort): Promise<Buffer> {
  const tickets = f ? (await listTickets(ctx.db, f, LIST_TOTAL_CAP, undefined, sort, { ranges: ctx.ticketIds, now: ctx.now() })).tickets : [];
  const names = await lookupUnitNames(ctx.db, tickets.flatMap((t) => (t.assignment ? [t.assignment.leadUnitId] : [])));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("工单列表");
  ws.addRow(HEADER).font = { bold: true };
  for (const t of tickets) {
    const p = ctx.policies.get(t.policyId);
    const offset = p.ok ? p.value.utcOffsetMinutes : 0;
    const { limit, warnings } = clockOf(ctx, t);
    ws.addRow([
      t.number,
      t.title,
      REQUEST_TYPE_LABELS[t.type],
      CHANNEL_LABELS[t.channel],
      TICKET_STATUS_LABELS[t.status],
      t.category ?? "",
      t.location.district ?? "",
      t.assignment ? (names.get(t.assignment.leadUnitId) ?? "") : "",
      localTime(t.receivedAt, offset),
      limit ? LIMIT_KIND_LABELS[limit.kind] : "",
      limit ? localTime(limit.due, offset) : "",
      limit ? LIMIT_STATE_LABELS[limit.state] : "",
      warnings.map((w) => TICKET_FLAG_LABELS[w.flag]).join("、"),
    ]);
  }
  ws.columns.forEach((c, i) => (c.width = [18, 40, 8, 10, 10, 14, 10, 22, 17, 12, 17, 10, 20][i] ?? 12));
  ws.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
