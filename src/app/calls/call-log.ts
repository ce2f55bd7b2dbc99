import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { dayFromYmd, startOfDayInstant } from "../../domain/calendar/local-date.ts";
import { type CallRecord } from "../../domain/calls/call-record.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { maskPhone } from "../../domain/privacy/requester-privacy.ts";
import { fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import {
  cappedCount,
  cursorMicros,
  laterThan,
  LOG_TOTAL_CAP,
  olderThan,
  pageOf,
  type ListTotal,
  type LogCursor,
  type LogPageRequest,
} from "../../store/log-page.ts";
import { callRecords } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { localTime, sheetOf } from "../export/sheet.ts";
import { policyOfJurisdiction, zoneOffset } from "../org/jurisdictions.ts";

// The two lists of calls people read a page at a time: a year's call records (the archive's volume,
// GX-28) and the missed calls to call back (GX-25.1), each with its total and export.

const c = callRecords;
type Row = typeof callRecords.$inferSelect;
type Page<T> = { rows: T[]; next: LogCursor | null; total: ListTotal };

/** Each call's outcome in words. */
export const CALL_OUTCOME_LABELS: Readonly<Record<string, string>> = { answered: "已接听", abandoned: "呼损", in_progress: "通话中" };

/** A year's calls (GX-28), by call id when asked. */
export interface CallYearFilter {
  readonly jurisdictionId: string;
  readonly year: number;
  readonly callId?: string | undefined;
}

function shownRecord(r: Row) {
  const rec = r.record as Pick<CallRecord, "recordingRef" | "retainUntil">;
  return {
    callId: r.callId,
    startedAt: r.startedAt.getTime(),
    outcome: r.outcome,
    outcomeLabel: CALL_OUTCOME_LABELS[r.outcome] ?? "其他",
    waitSeconds: r.waitSeconds,
    ticketId: r.ticketId,
    recordingRetainUntil: rec.recordingRef ? (rec.retainUntil ?? null) : null,
    recordingDeleted: r.recordingDeletedAt !== null,
  };
}

/** A page of a year's call records, newest first, with the year's total (as the filter finds it). */
export async function callYearPage(
  ctx: AppContext,
  actor: TicketActor,
  f: CallYearFilter,
  page: LogPageRequest,
): Promise<Result<Page<ReturnType<typeof shownRecord>>>> {
  if (!can(actor, "archive.read")) return fail(forbidden("archive.read"));
  const p = await policyOfJurisdiction(ctx, f.jurisdictionId);
  if (!p.ok) return p;
  const offset = p.value.utcOffsetMinutes;
  const from = new Date(startOfDayInstant(dayFromYmd(f.year, 1, 1)!, offset)).toISOString();
  const to = new Date(startOfDayInstant(dayFromYmd(f.year + 1, 1, 1)!, offset)).toISOString();
  const where = [
    eq(c.jurisdictionId, f.jurisdictionId),
    sql`${c.startedAt} >= ${from}::timestamptz`,
    sql`${c.startedAt} < ${to}::timestamptz`,
    ...(f.callId ? [eq(c.callId, f.callId)] : []),
  ];
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ row: c, micros: cursorMicros(c.startedAt) })
      .from(c)
      .where(and(...where, ...olderThan(c.startedAt, c.callId, page.cursor, "text")))
      .orderBy(desc(c.startedAt), desc(c.callId))
      .limit(page.limit + 1),
    cappedCount(ctx.db, c, and(...where)),
  ]);
  const paged = pageOf(
    rows.map((r) => ({ ...r.row, micros: r.micros })),
    page.limit,
    (r) => r.callId,
  );
  return ok({ rows: paged.rows.map((r) => shownRecord(r as Row)), next: paged.next, total });
}

/** A year's call records as .xlsx (newest first, up to the count a list shows). */
export async function callYearXlsx(ctx: AppContext, actor: TicketActor, f: CallYearFilter): Promise<Result<Buffer>> {
  const r = await callYearPage(ctx, actor, f, { limit: LOG_TOTAL_CAP });
  if (!r.ok) return r;
  const offset = await zoneOffset(ctx, f.jurisdictionId);
  const rows = r.value.rows.map((x) => [
    x.callId,
    localTime(x.startedAt, offset),
    x.outcomeLabel,
    x.waitSeconds ?? "",
    x.recordingDeleted ? "已删除" : x.recordingRetainUntil ? localTime(x.recordingRetainUntil, offset).slice(0, 10) : "无录音",
  ]);
  return ok(
    await sheetOf(
      "电话记录",
      [
        { header: "呼叫编号", width: 24 },
        { header: "开始时间", width: 17 },
        { header: "结果", width: 8 },
        { header: "等待(秒)", width: 9 },
        { header: "录音保存至", width: 12 },
      ],
      rows,
    ),
  );
}

/** The callback list: the open ones by due time (the queue), or every missed call newest first. */
export interface MissedFilter {
  readonly jurisdictionId: string;
  readonly openOnly: boolean;
}

function shownMissed(r: Row, now: number) {
  // Numbers masked like a requester's anywhere else; the one to call back is a logged reveal (GZ-25).
  return {
    callId: r.callId,
    caller: maskPhone(r.caller ?? undefined) ?? null,
    startedAt: r.startedAt.getTime(),
    callbackDue: r.callbackDue?.getTime() ?? null,
    overdue: !r.callbackDoneAt && (r.callbackDue?.getTime() ?? Infinity) < now,
    callbackDoneAt: r.callbackDoneAt?.getTime() ?? null,
    callbackBy: r.callbackBy,
    callbackNote: r.callbackNote,
  };
}

/** A page of the missed-call callback list (漏接回拨), with its total. */
export async function missedCallPage(
  ctx: AppContext,
  actor: TicketActor,
  f: MissedFilter,
  page: LogPageRequest,
): Promise<Result<Page<ReturnType<typeof shownMissed>>>> {
  if (!can(actor, "requesterHistory.read")) return fail(forbidden("requesterHistory.read"));
  const where: SQL[] = [eq(c.jurisdictionId, f.jurisdictionId), isNotNull(c.callbackDue), ...(f.openOnly ? [isNull(c.callbackDoneAt)] : [])];
  const key = f.openOnly ? c.callbackDue : c.startedAt;
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ row: c, micros: cursorMicros(key) })
      .from(c)
      .where(and(...where, ...(f.openOnly ? laterThan(key, c.callId, page.cursor, "text") : olderThan(key, c.callId, page.cursor, "text"))))
      .orderBy(...(f.openOnly ? [asc(key), asc(c.callId)] : [desc(key), desc(c.callId)]))
      .limit(page.limit + 1),
    cappedCount(ctx.db, c, and(...where)),
  ]);
  const paged = pageOf(
    rows.map((r) => ({ ...r.row, micros: r.micros })),
    page.limit,
    (r) => r.callId,
  );
  const now = ctx.now();
  return ok({ rows: paged.rows.map((r) => shownMissed(r as Row, now)), next: paged.next, total });
}

/** The callback list as .xlsx, numbers masked. */
export async function missedCallXlsx(ctx: AppContext, actor: TicketActor, f: MissedFilter): Promise<Result<Buffer>> {
  const r = await missedCallPage(ctx, actor, f, { limit: LOG_TOTAL_CAP });
  if (!r.ok) return r;
  const offset = await zoneOffset(ctx, f.jurisdictionId);
  const at = (ms: number | null) => (ms === null ? "" : localTime(ms, offset));
  const rows = r.value.rows.map((x) => [
    at(x.startedAt),
    x.caller ?? "",
    at(x.callbackDue),
    x.callbackDoneAt ? "已回拨" : x.overdue ? "已超时" : "待回拨",
    at(x.callbackDoneAt),
    x.callbackNote ?? "",
  ]);
  return ok(
    await sheetOf(
      "漏接回拨",
      [
        { header: "来电时间", width: 17 },
        { header: "号码", width: 14 },
        { header: "回拨期限", width: 17 },
        { header: "状态", width: 8 },
        { header: "回拨时间", width: 17 },
        { header: "回拨结果", width: 40 },
      ],
      rows,
    ),
  );
}
