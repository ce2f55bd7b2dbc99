import { and, desc, eq } from "drizzle-orm";
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
  readonly status?: "queued" | "sent" | "delivered" | "failed" | undefined;
  readonly ticketId?: string | undefined;
}

const NO_SUCH_NOTICE = domainError("NOTICE_NOT_FOUND", "消息不存在", "no such message", { field: "id" });

/**
 * The SMS and message log, newest first (500 at most): a platform's admin sees the platform's
 * messages only, and every recipient masked like a requester elsewhere; the full number is a
 * logged reveal ({@link revealNoticeRecipient}).
 */
export async function noticeLog(ctx: AppContext, actor: TicketActor, f: NoticeFilter): Promise<Result<unknown[]>> {
  if (!can(actor, "notices.read")) return fail(forbidden("notices.read"));
  const m = outboundMessages;
  const jurisdictionId = actor.jurisdictionId ?? f.jurisdictionId;
  const rows = await ctx.db
    .select()
    .from(m)
    .where(and(...(jurisdictionId ? [eq(m.jurisdictionId, jurisdictionId)] : []), ...(f.status ? [eq(m.status, f.status)] : []), ...(f.ticketId ? [eq(m.ticketId, f.ticketId)] : [])))
    .orderBy(desc(m.createdAt))
    .limit(500);
  return ok(rows.map((r) => ({ ...r, recipient: maskPhone(r.recipient) ?? "" })));
}

/** One message's recipient in clear, for a stated purpose; logged as a view of personal data. */
export async function revealNoticeRecipient(ctx: AppContext, actor: TicketActor, id: string, purpose: string): Promise<Result<{ recipient: string }>> {
  if (!can(actor, "notices.read")) return fail(forbidden("notices.read"));
  const [row] = isUuid(id) ? await ctx.db.select({ recipient: outboundMessages.recipient, jurisdictionId: outboundMessages.jurisdictionId, ticketId: outboundMessages.ticketId }).from(outboundMessages).where(eq(outboundMessages.id, id)) : [];
  if (!row || !reachesPlatform(actor, row.jurisdictionId)) return fail(NO_SUCH_NOTICE);
  await recordPersonalDataView(ctx, actor, { jurisdictionId: row.jurisdictionId, ticketId: row.ticketId ?? undefined, phone: row.recipient, purpose: `短信记录查看号码：${purpose} / SMS log recipient: ${purpose}` });
  return ok({ recipient: row.recipient });
}
