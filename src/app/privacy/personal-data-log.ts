import { staffNames } from "../auth/accounts.ts";
import { loadTicketByNumber } from "../../store/repositories/ticket.repository.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { maskPhone } from "../../domain/privacy/requester-privacy.ts";
import { ROLE_LABELS, type Role, type TicketActor } from "../../domain/ticket/ticket.ts";
import { logPersonalDataAccess, personalDataAccessPage } from "../../store/repositories/privacy.repository.ts";
import { LOG_TOTAL_CAP, type LogPageRequest } from "../../store/log-page.ts";
import { actorInWords } from "../auth/audit-labels.ts";
import { localTime, sheetOf } from "../export/sheet.ts";
import { zoneOffsets } from "../org/jurisdictions.ts";
import { type AppContext } from "../context.ts";

/** One view of a requester's data (GZ-25, GX-22): who, for which platform and ticket, why. */
export async function recordPersonalDataView(
  ctx: AppContext,
  actor: TicketActor,
  seen: { jurisdictionId: string; ticketId?: string | undefined; phone?: string | undefined; purpose: string },
): Promise<void> {
  await logPersonalDataAccess(ctx.db, {
    at: new Date(ctx.now()),
    actorId: actor.id,
    role: actor.role,
    unitId: actor.unitId ?? null,
    ticketId: seen.ticketId ?? null,
    jurisdictionId: seen.jurisdictionId,
    requesterPhone: seen.phone ?? null,
    purpose: seen.purpose,
  });
}

/** What the log of views is filtered by: a ticket (by id or number), a viewer, a period. */
export interface ViewFilter {
  readonly ticketId?: string;
  readonly ticketNumber?: string;
  readonly actorId?: string;
  readonly from?: number;
  readonly to?: number;
}

/**
 * A page of the log of views, newest first, with its total: a platform's admin reads the
 * platform's, the deployment all. The phone each view was of is masked: the log says who saw
 * whom, it does not show them again.
 */
export async function personalDataViews(ctx: AppContext, viewer: TicketActor, f: ViewFilter, page: LogPageRequest) {
  if (!can(viewer, "personalDataLog.read")) return fail(forbidden("personalDataLog.read"));
  const { ticketNumber, ...rest } = f;
  // A ticket asked by its number: the log of that ticket (none when no such ticket).
  const byNumber = ticketNumber ? await loadTicketByNumber(ctx.db, ticketNumber, ctx.ticketIds) : undefined;
  if (ticketNumber && !byNumber) return ok({ rows: [], next: null, total: { n: 0, capped: false } });
  const p = await personalDataAccessPage(
    ctx.db,
    { ...rest, ...(byNumber ? { ticketId: byNumber.id } : {}), ...(viewer.jurisdictionId !== undefined ? { jurisdictionId: viewer.jurisdictionId } : {}) },
    page,
  );
  // Who viewed, by name; why, in Chinese (purposes are kept as "中文 / English").
  const names = await staffNames(
    ctx,
    p.rows.map((r) => r.actorId),
  );
  const accesses = p.rows.map((r) => ({
    ...r,
    requesterPhone: maskPhone(r.requesterPhone ?? undefined) ?? null,
    actorName: actorInWords(r.actorId, names),
    roleLabel: ROLE_LABELS[r.role as Role] ?? "",
    purposeText: r.purpose.split(" / ")[0] ?? r.purpose,
  }));
  return ok({ rows: accesses, next: p.next, total: p.total });
}

/** The filtered log of views as .xlsx, phones masked (exporting it views no personal data). */
export async function personalDataViewsXlsx(ctx: AppContext, viewer: TicketActor, f: ViewFilter): Promise<Result<Buffer>> {
  const r = await personalDataViews(ctx, viewer, f, { limit: LOG_TOTAL_CAP });
  if (!r.ok) return r;
  const offsets = await zoneOffsets(
    ctx,
    r.value.rows.map((a) => a.jurisdictionId),
  );
  const rows = r.value.rows.map((a) => [
    localTime(a.at.getTime(), offsets.get(a.jurisdictionId ?? "") ?? 0),
    a.actorName,
    a.roleLabel,
    a.ticketNumber ?? "",
    a.requesterPhone ?? "",
    a.purposeText,
  ]);
  return ok(
    await sheetOf(
      "个人信息查看记录",
      [
        { header: "时间", width: 17 },
        { header: "查看人", width: 20 },
        { header: "角色", width: 12 },
        { header: "工单编号", width: 18 },
        { header: "号码", width: 14 },
        { header: "用途", width: 40 },
      ],
      rows,
    ),
  );
}
