import { dayFromYmd, dayOfInstant, startOfDayInstant, yearOfDay } from "../calendar/local-date.ts";
import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";

/** The kinds of record the archive keeps (GX-28), each with its own retention in the policy. */
export const RETENTION_KINDS = ["ticket", "callRecord", "leaderInstruction", "meetingMaterial"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Chinese names of the record kinds, as screens show them. */
export const RETENTION_KIND_LABELS: Record<RetentionKind, string> = {
  ticket: "诉求工单（含办理过程、答复、附件）",
  callRecord: "电话记录",
  leaderInstruction: "领导批示件",
  meetingMaterial: "会议材料",
};

/** The archive part of a policy: retention in years per kind (null: permanent). */
export interface ArchivePolicy {
  readonly afterDays: number;
  readonly retention: Readonly<Record<RetentionKind, { readonly years: number | null }>>;
  readonly rule: string;
}

/** The archive year (归档年度) a record belongs to: the local year it was completed in. */
export function archiveYear(completedAt: number, utcOffsetMinutes: number): number {
  return yearOfDay(dayOfInstant(completedAt, utcOffsetMinutes));
}

/**
 * Until when a record of this kind filed in this archive year is kept: retention is counted
 * from 1 January of the year after (as archive retention is), so a whole year's volume expires
 * together. Null: kept permanently.
 */
export function retainUntil(p: ArchivePolicy, kind: RetentionKind, year: number, utcOffsetMinutes: number): number | null {
  const years = p.retention[kind].years;
  if (years === null) return null;
  return startOfDayInstant(dayFromYmd(year + 1 + years, 1, 1)!, utcOffsetMinutes);
}

/** A record may be disposed of (销毁) only after its retention, and never a permanent one (GX-28). */
export function mayDispose(until: number | null, now: number, rule: string): Result<true> {
  if (until === null) return fail(domainError("RETENTION_CONFLICT", "该类档案永久保存，不能销毁", "records of this kind are kept permanently", { rule }));
  if (now < until)
    return fail(
      domainError(
        "RETENTION_CONFLICT",
        `保管期限未满（至 ${new Date(until).toISOString().slice(0, 10)}），不能销毁`,
        "the record is within its retention period",
        { rule },
      ),
    );
  return ok(true);
}
