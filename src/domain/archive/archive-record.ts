import { domainError, fail, ok, type ErrorDetail, type Result } from "../shared/domain-error.ts";
import { archiveYear, retainUntil, type ArchivePolicy } from "./retention.ts";

/** The kinds of record filed by hand (tickets and call records are filed by the system). */
export const ARCHIVE_RECORD_KINDS = ["leaderInstruction", "meetingMaterial"] as const;
export type ArchiveRecordKind = (typeof ARCHIVE_RECORD_KINDS)[number];

/** A leader's instruction or a meeting's material as it is filed. */
export interface ArchiveRecordInput {
  readonly kind: ArchiveRecordKind;
  readonly title: string;
  readonly source: string;
  readonly issuedAt: number;
  readonly body?: string;
}

/** What the archive stores for it: the input checked, its year and until when it is kept. */
export interface FiledRecord extends ArchiveRecordInput {
  readonly year: number;
  readonly retainUntil: number | null;
}

const LIMITS = { title: 200, source: 100, body: 20_000 } as const;

/**
 * Checks a record before filing (GX-28): title and source given, issued not in the future;
 * it goes into the archive year it was issued in and is kept as the policy says for its kind.
 * Every problem is reported together, by field.
 */
export function fileRecord(input: ArchiveRecordInput, p: ArchivePolicy, utcOffsetMinutes: number, now: number): Result<FiledRecord> {
  const problems: ErrorDetail[] = [];
  const title = input.title.trim();
  const source = input.source.trim();
  const body = input.body?.trim();
  if (!title || title.length > LIMITS.title)
    problems.push({ field: "title", zh: `标题不能为空且不超过 ${LIMITS.title} 字`, en: `title is required, at most ${LIMITS.title} characters` });
  if (!source || source.length > LIMITS.source) {
    const zh = input.kind === "leaderInstruction" ? "须写明批示领导（姓名、职务）" : "须写明会议名称";
    problems.push({ field: "source", zh: `${zh}，不超过 ${LIMITS.source} 字`, en: `source is required, at most ${LIMITS.source} characters` });
  }
  if (body !== undefined && body.length > LIMITS.body)
    problems.push({ field: "body", zh: `正文不超过 ${LIMITS.body} 字`, en: `body is longer than ${LIMITS.body} characters` });
  if (!Number.isFinite(input.issuedAt) || input.issuedAt > now + 60_000)
    problems.push({ field: "issuedAt", zh: "形成日期无效或晚于现在", en: "issuedAt is invalid or in the future" });
  if (problems.length) {
    const first = problems[0]!;
    return fail(domainError("INVALID_ARGUMENT", first.zh, first.en, { field: first.field, rule: p.rule, details: problems }));
  }
  const year = archiveYear(input.issuedAt, utcOffsetMinutes);
  return ok({
    kind: input.kind,
    title,
    source,
    issuedAt: input.issuedAt,
    ...(body ? { body } : {}),
    year,
    retainUntil: retainUntil(p, input.kind, year, utcOffsetMinutes),
  });
}
