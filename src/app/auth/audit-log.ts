import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { ROLE_LABELS, type Role, type TicketActor } from "../../domain/ticket/ticket.ts";
import { cappedCount, cursorMicros, LOG_TOTAL_CAP, olderThan, pageOf, type ListTotal, type LogCursor, type LogPageRequest } from "../../store/log-page.ts";
import { apiTokens, auditLog } from "../../store/schema/index.ts";
import { isUuid } from "../../store/uuid.ts";
import { type AppContext } from "../context.ts";
import { localTime, sheetOf } from "../export/sheet.ts";
import { zoneOffsets } from "../org/jurisdictions.ts";
import { staffNames } from "./accounts.ts";
import { actorInWords, AUDIT_ACTION_LABELS, AUDIT_OUTCOME_LABELS } from "./audit-labels.ts";

/** What the audit log is filtered by. */
export interface AuditFilter {
  readonly actorId?: string | undefined;
  readonly action?: string | undefined;
}

/** One entry as the screen shows it: the row, and who, what, how and on whom in words. */
export type ShownAuditEntry = typeof auditLog.$inferSelect & { actorName: string; actionLabel: string; outcomeLabel: string; targetLabel: string };

function conditions(viewer: TicketActor, f: AuditFilter): SQL[] {
  return [
    ...(viewer.jurisdictionId !== undefined ? [eq(auditLog.jurisdictionId, viewer.jurisdictionId)] : []),
    ...(f.actorId ? [eq(auditLog.actorId, f.actorId)] : []),
    ...(f.action ? [eq(auditLog.action, f.action)] : []),
  ];
}

/**
 * A page of the audit log, newest first, with the total the filter finds: a platform's admin
 * reads the platform's entries, the deployment reads all.
 */
export async function auditLogPage(
  ctx: AppContext,
  viewer: TicketActor,
  f: AuditFilter,
  page: LogPageRequest,
): Promise<Result<{ rows: ShownAuditEntry[]; next: LogCursor | null; total: ListTotal }>> {
  if (!can(viewer, "audit.read")) return fail(forbidden("audit.read"));
  const where = conditions(viewer, f);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ row: auditLog, micros: cursorMicros(auditLog.at) })
      .from(auditLog)
      .where(and(...where, ...olderThan(auditLog.at, auditLog.id, page.cursor)))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(page.limit + 1),
    cappedCount(ctx.db, auditLog, where.length ? and(...where) : undefined),
  ]);
  const { rows: shown, next } = pageOf(
    rows.map((r) => ({ ...r.row, micros: r.micros })),
    page.limit,
  );
  return ok({ rows: await inWords(ctx, shown), next, total });
}

/** The filtered audit log as .xlsx (newest first, up to the count a list shows), each time in its platform's zone. */
export async function auditLogXlsx(ctx: AppContext, viewer: TicketActor, f: AuditFilter): Promise<Result<Buffer>> {
  const r = await auditLogPage(ctx, viewer, f, { limit: LOG_TOTAL_CAP });
  if (!r.ok) return r;
  const offsets = await zoneOffsets(
    ctx,
    r.value.rows.map((e) => e.jurisdictionId),
  );
  const rows = r.value.rows.map((e) => [
    localTime(e.at.getTime(), offsets.get(e.jurisdictionId ?? "") ?? 0),
    e.actorName,
    e.actionLabel,
    e.targetLabel,
    e.outcomeLabel,
    e.ip ?? "",
  ]);
  return ok(
    await sheetOf(
      "审计记录",
      [
        { header: "时间", width: 17 },
        { header: "操作人", width: 24 },
        { header: "操作", width: 20 },
        { header: "对象", width: 24 },
        { header: "结果", width: 10 },
        { header: "IP", width: 16 },
      ],
      rows,
    ),
  );
}

/** In words for the screen: who by name, the action and outcome by their Chinese names, accounts and tokens named. */
async function inWords(ctx: AppContext, rows: readonly (typeof auditLog.$inferSelect)[]): Promise<ShownAuditEntry[]> {
  const tokenOf = (actorId: string) => actorId.split(":")[0] ?? "";
  const ids = rows.flatMap((r) => [r.actorId, tokenOf(r.actorId), r.target ?? ""]);
  const [people, tokens] = await Promise.all([staffNames(ctx, ids), tokenNames(ctx, ids)]);
  const roleOf = (actorId: string) => ROLE_LABELS[actorId.split(":")[1] as Role] ?? "";
  return rows.map((r) => {
    const token = tokens.get(tokenOf(r.actorId));
    return {
      ...r,
      actorName: token ? `接口令牌「${token}」（${roleOf(r.actorId)}）` : actorInWords(r.actorId, people),
      actionLabel: AUDIT_ACTION_LABELS[r.action] ?? "其他操作",
      outcomeLabel: AUDIT_OUTCOME_LABELS[r.outcome] ?? r.outcome,
      targetLabel: r.target
        ? (people.get(r.target) ?? (tokens.get(r.target) ? `接口令牌「${tokens.get(r.target)}」` : isUuid(r.target) ? "（已删除）" : r.target))
        : "",
    };
  });
}

/** The names of API tokens by id. */
async function tokenNames(ctx: AppContext, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
