import { LIMIT_KIND_LABELS, LIMIT_STATE_LABELS } from "../../domain/ticket/current-limit.ts";
import { TICKET_FLAG_LABELS, TICKET_STATUS_LABELS } from "../../domain/ticket/ticket.ts";
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS } from "../../domain/shared/vocabulary.ts";
import { localTime, sheetOf, type SheetColumn } from "../export/sheet.ts";
import { listTickets, type TicketFilter, type TicketSort } from "../../store/repositories/ticket.repository.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";
import { type AppContext } from "../context.ts";
import { clockOf } from "./ticket-view.ts";
import { LIST_TOTAL_CAP } from "./ticket-queries.ts";

// The ticket list as a workbook: what the filter finds, as the list shows it (requesters are not
// in it, so exporting views no personal data), up to the list's cap.

const COLUMNS: readonly SheetColumn[] = [
  { header: "工单编号", width: 18 },
  { header: "诉求标题", width: 40 },
  { header: "类型", width: 8 },
  { header: "渠道", width: 10 },
  { header: "状态", width: 10 },
  { header: "分类", width: 14 },
  { header: "区域", width: 10 },
  { header: "主办单位", width: 22 },
  { header: "受理时间", width: 17 },
  { header: "时限", width: 12 },
  { header: "期限", width: 17 },
  { header: "时限状态", width: 10 },
  { header: "预警", width: 20 },
];

/** The filtered list as .xlsx; an empty filter (nothing the actor may see) gives the header only. */
export async function ticketListXlsx(ctx: AppContext, f: TicketFilter | undefined, sort: TicketSort): Promise<Buffer> {
  const tickets = f ? (await listTickets(ctx.db, f, LIST_TOTAL_CAP, undefined, sort, { ranges: ctx.ticketIds, now: ctx.now() })).tickets : [];
  const names = await lookupUnitNames(
    ctx.db,
    tickets.flatMap((t) => (t.assignment ? [t.assignment.leadUnitId] : [])),
  );
  const rows = tickets.map((t) => {
    const p = ctx.policies.get(t.policyId);
    const offset = p.ok ? p.value.utcOffsetMinutes : 0;
    const { limit, warnings } = clockOf(ctx, t);
    return [
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
    ];
  });
  return sheetOf("工单列表", COLUMNS, rows);
}
