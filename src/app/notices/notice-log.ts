import { and, desc, eq, type SQL } from "drizzle-orm";
import { NOTICE_STATUS_LABELS, NOTICE_TEMPLATE_LABELS, type NoticeStatus, type NoticeTemplate } from "../../domain/notices/notices.ts";
import { cappedCount, cursorMicros, LOG_TOTAL_CAP, olderThan, pageOf, type ListTotal, type LogCursor, type LogPageRequest } from "../../store/log-page.ts";
import { localTime, sheetOf } from "../export/sheet.ts";
import { zoneOffsets } from "../org/jurisdictions.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { maskPhone } from "../../domain/privacy/requester-privacy.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { outboundMessages } from "../../store/schema/index.ts";
import { isUuid } from "../../store/uuid.ts";
import { type AppContext } from "../context.ts";
import { recordPersonalDataView } from "../privacy/personal-data-log.ts";

/** What the SMS log may filter by. */
export interface NoticeFilter {
  readonly jurisdictionId?: string | undefined;
  readonly status?: NoticeStatus | undefined;
  readonly ticketId?: string | undefined;
}

const NO_SUCH_NOTICE = domainError("NOTICE_NOT_FOUND", "消息不存在", "no such message", { field: "id" });

function conditions(actor: TicketActor, f: NoticeFilter): SQL[] {
  const m = outboundMessages;
  const jurisdictionId = actor.jurisdictionId ?? f.jurisdictionId;
  return [
    ...(jurisdictionId ? [eq(m.jurisdictionId, jurisdictionId)] : []),
    ...(f.status ? [eq(m.status, f.status)] : []),
    ...(f.ticketId ? [eq(m.ticketId, f.ticketId)] : []),
  ];
}

/** One message as the log shows it: the recipient masked, template and status in words. */
function shown(r: typeof outboundMessages.$inferSelect) {
  return {
    ...r,
    recipient: maskPhone(r.recipient) ?? "",
    templateLabel: NOTICE_TEMPLATE_LABELS[r.template as NoticeTemplate] ?? "其他消息",
    statusLabel: NOTICE_STATUS_LABELS[r.status as NoticeStatus] ?? "未知",
  };
}

/**
 * A page of the SMS and message log, newest first, with its total: a platform's admin sees the
 * platform's messages only, and every recipient masked like a requester elsewhere; the full
 * number is a logged reveal ({@link revealNoticeRecipient}).
 */
export async function noticeLogPage(
  ctx: AppContext,
  actor: TicketActor,
  f: NoticeFilter,
  page: LogPageRequest,
): Promise<Result<{ rows: ReturnType<typeof shown>[]; next: LogCursor | null; total: ListTotal }>> {
  if (!can(actor, "notices.read")) return fail(forbidden("notices.read"));
  const m = outboundMessages;
  const where = conditions(actor, f);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ row: m, micros: cursorMicros(m.createdAt) })
      .from(m)
      .where(and(...where, ...olderThan(m.createdAt, m.id, page.cursor)))
      .orderBy(desc(m.createdAt), desc(m.id))
      .limit(page.limit + 1),
    cappedCount(ctx.db, m, where.length ? and(...where) : undefined),
  ]);
  const p = pageOf(
    rows.map((r) => ({ ...r.row, micros: r.micros })),
    page.limit,
  );
  return ok({ rows: p.rows.map(shown), next: p.next, total });
}

/** The filtered SMS log as .xlsx, recipients masked (an export views no personal data). */
export async function noticeLogXlsx(ctx: AppContext, actor: TicketActor, f: NoticeFilter): Promise<Result<Buffer>> {
  const r = await noticeLogPage(ctx, actor, f, { limit: LOG_TOTAL_CAP });
  if (!r.ok) return r;
  const offsets = await zoneOffsets(
    ctx,
    r.value.rows.map((n) => n.jurisdictionId),
  );
  const at = (d: Date | null, j: string) => (d ? localTime(d.getTime(), offsets.get(j) ?? 0) : "");
  const rows = r.value.rows.map((n) => [
    at(n.createdAt, n.jurisdictionId),
    n.templateLabel,
    n.recipient,
    n.body,
    n.statusLabel,
    n.attempts,
    at(n.sentAt, n.jurisdictionId),
    at(n.receiptAt, n.jurisdictionId),
  ]);
  return ok(
    await sheetOf(
      "短信记录",
      [
        { header: "时间", width: 17 },
        { header: "类别", width: 12 },
        { header: "接收方", width: 16 },
        { header: "内容", width: 60 },
        { header: "状态", width: 8 },
        { header: "次数", width: 6 },
        { header: "发送时间", width: 17 },
        { header: "回执时间", width: 17 },
      ],
      rows,
    ),
  );
}

/** One message's recipient in clear, for a stated purpose; logged as a view of personal data. */
export async function revealNoticeRecipient(ctx: AppContext, actor: TicketActor, id: string, purpose: string): Promise<Result<{ recipient: string }>> {
  if (!can(actor, "notices.read")) return fail(forbidden("notices.read"));
  const [row] = isUuid(id)
    ? await ctx.db
        .select({ recipient: outboundMessages.recipient, jurisdictionId: outboundMessages.jurisdictionId, ticketId: outboundMessages.ticketId })
        .from(outboundMessages)
        .where(eq(outboundMessages.id, id))
    : [];
  if (!row || !reachesPlatform(actor, row.jurisdictionId)) return fail(NO_SUCH_NOTICE);
  await recordPersonalDataView(ctx, actor, {
    jurisdictionId: row.jurisdictionId,
    ticketId: row.ticketId ?? undefined,
    phone: row.recipient,
    purpose: `短信记录查看号码：${purpose} / SMS log recipient: ${purpose}`,
  });
  return ok({ recipient: row.recipient });
}
