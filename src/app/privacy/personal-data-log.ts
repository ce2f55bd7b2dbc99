import { staffNames } from "../auth/accounts.ts";
import { loadTicketByNumber } from "../../store/repositories/ticket.repository.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { fail, ok } from "../../domain/shared/domain-error.ts";
import { maskPhone } from "../../domain/privacy/requester-privacy.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { listPersonalDataAccess, logPersonalDataAccess } from "../../store/repositories/privacy.repository.ts";
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

/**
 * The log of views, newest first: a platform's admin reads the platform's, the deployment all.
 * The phone each view was of is masked: the log says who saw whom, it does not show them again.
 */
export async function personalDataViews(ctx: AppContext, viewer: TicketActor, f: { ticketId?: string; ticketNumber?: string; actorId?: string; from?: number; to?: number }) {
  if (!can(viewer, "personalDataLog.read")) return fail(forbidden("personalDataLog.read"));
  const { ticketNumber, ...rest } = f;
  // A ticket asked by its number: the log of that ticket (none when no such ticket).
  const byNumber = ticketNumber ? await loadTicketByNumber(ctx.db, ticketNumber, ctx.ticketIds) : undefined;
  if (ticketNumber && !byNumber) return ok([]);
  const rows = await listPersonalDataAccess(ctx.db, { ...rest, ...(byNumber ? { ticketId: byNumber.id } : {}), ...(viewer.jurisdictionId !== undefined ? { jurisdictionId: viewer.jurisdictionId } : {}) });
  // Who viewed, by name; why, in Chinese (purposes are kept as "中文 / English").
  const names = await staffNames(ctx, rows.map((r) => r.actorId));
  const viewerName = (id: string) => names.get(id) ?? (id.startsWith("handover:") ? `单位系统（${id.slice("handover:".length)}）` : id.startsWith("system") ? "系统" : id.includes(":") ? "接口令牌" : "已删除的账号");
  return ok(rows.map((r) => ({ ...r, requesterPhone: maskPhone(r.requesterPhone ?? undefined) ?? null, actorName: viewerName(r.actorId), purposeText: r.purpose.split(" / ")[0] ?? r.purpose })));
}
