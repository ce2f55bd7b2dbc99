import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { createHash, randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { checkAttachment } from "../../domain/attachments/attachment.ts";
import { type CallRecord } from "../../domain/calls/call-record.ts";
import { fileRecord, type ArchiveRecordInput } from "../../domain/archive/archive-record.ts";
import { mayDispose, retainUntil, RETENTION_KIND_LABELS, RETENTION_KINDS, type RetentionKind } from "../../domain/archive/retention.ts";
import { dayFromYmd, startOfDayInstant } from "../../domain/calendar/local-date.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { archiveFiles, archiveRecords, auditLog, callRecords, tickets } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { ticketSearch } from "../tickets/ticket-search.ts";
import { archivedInYear, listTickets } from "../../store/repositories/ticket.repository.ts";

/** Who reads or files: a person of a platform (the session's) or a token (its platform's, or the deployment's). */
export type ArchiveActor = TicketActor;

function otherPlatform(actor: ArchiveActor, jurisdictionId: string): boolean {
  return !reachesPlatform(actor, jurisdictionId);
}

/** One year's volume of one kind of record: how many, until when kept, whether that has passed. */
export interface ArchiveVolume {
  readonly kind: RetentionKind;
  readonly label: string;
  readonly count: number;
  readonly retainUntil: number | null;
  readonly expired: boolean;
}

/** A leader's instruction or meeting material as the archive shows it. */
export interface ArchiveRecordView {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly source: string;
  readonly issuedAt: number;
  readonly body: string | null;
  readonly tickets: readonly { id: string; number: string }[];
  readonly files: readonly { id: string; name: string; contentType: string; size: number }[];
  readonly year: number;
  readonly retainUntil: number | null;
  readonly filedByName: string;
  readonly filedAt: number;
  readonly disposed: { readonly at: number; readonly by: string; readonly reason: string } | null;
}

/**
 * Files a leader's instruction or a meeting's material (GX-28) with the tickets it concerns
 * (by number), in its archive year with its retention; audited in the same transaction.
 */
export async function fileArchiveRecord(
  ctx: AppContext,
  actor: ArchiveActor,
  jurisdictionId: string,
  input: ArchiveRecordInput,
  ticketNumbers: readonly string[],
): Promise<Result<{ id: string; year: number; retainUntil: number | null }>> {
  if (!can(actor, "archive.file") || otherPlatform(actor, jurisdictionId)) return fail(forbidden("archive.file"));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const filed = fileRecord(input, p.value.archive, p.value.utcOffsetMinutes, ctx.now());
  if (!filed.ok) return filed;
  const numbers = [...new Set(ticketNumbers.map((n) => n.trim()).filter(Boolean))];
  const found = numbers.length
    ? await ctx.db
        .select({ id: tickets.id, number: tickets.number })
        .from(tickets)
        .where(
          and(eq(tickets.jurisdictionId, jurisdictionId), or(...numbers.map((n) => and(eq(tickets.number, n), ctx.ticketIds.ofNumber(sql`${tickets.id}`, n))))),
        )
    : [];
  const missing = numbers.filter((n) => !found.some((f) => f.number === n));
  if (missing.length)
    return fail(
      domainError("INVALID_ARGUMENT", `工单 ${missing.join("、")} 不存在`, `no ticket ${missing.join(", ")} on this platform`, { field: "ticketNumbers" }),
    );
  const id = randomUUID();
  const f = filed.value;
  const at = new Date(ctx.now());
  await ctx.db.transaction(async (tx) => {
    await tx.insert(archiveRecords).values({
      id,
      jurisdictionId,
      kind: f.kind,
      title: f.title,
      source: f.source,
      issuedAt: new Date(f.issuedAt),
      body: f.body ?? null,
      ticketIds: found.map((x) => x.id),
      year: f.year,
      retainUntil: f.retainUntil === null ? null : new Date(f.retainUntil),
      filedBy: actor.id,
      filedByName: actor.name,
      filedAt: at,
    });
    await tx.insert(auditLog).values({
      at,
      actorId: actor.id,
      jurisdictionId,
      action: "archive.file",
      target: `${jurisdictionId}/${id}`,
      outcome: "ok",
      ip: null,
      details: { kind: f.kind, title: f.title, tickets: numbers },
    });
  });
  return ok({ id, year: f.year, retainUntil: f.retainUntil });
}

async function recordOf(ctx: AppContext, id: string) {
  const [r] = await ctx.db
    .select()
    .from(archiveRecords)
    .where(sql`${archiveRecords.id}::text = ${id}`);
  return r;
}

const noRecord = () => domainError("RECORD_NOT_FOUND", "档案不存在", "no such archive record", { field: "id" });

/** Adds a file (scan, minutes) to a record, checked like ticket attachments by its bytes; none to a disposed record. */
export async function addArchiveFile(
  ctx: AppContext,
  actor: ArchiveActor,
  recordId: string,
  file: { name: string; bytes: Uint8Array },
): Promise<Result<{ id: string; name: string }>> {
  if (!can(actor, "archive.file")) return fail(forbidden("archive.file"));
  const r = await recordOf(ctx, recordId);
  if (!r || otherPlatform(actor, r.jurisdictionId)) return fail(noRecord());
  if (r.disposedAt) return fail(domainError("RECORD_CONFLICT", "档案已销毁，不能再添加文件", "the record was disposed of", { field: "id" }));
  const [n] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(archiveFiles)
    .where(eq(archiveFiles.recordId, r.id));
  const checked = checkAttachment({ name: file.name, bytes: file.bytes, alreadyOnTicket: Number(n?.n ?? 0) });
  if (!checked.ok) return checked;
  const c = checked.value;
  const [row] = await ctx.db
    .insert(archiveFiles)
    .values({
      recordId: r.id,
      name: c.name,
      contentType: c.contentType,
      size: file.bytes.length,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      data: Buffer.from(file.bytes),
      uploadedBy: actor.id,
      uploadedAt: new Date(ctx.now()),
    })
    .returning({ id: archiveFiles.id });
  return ok({ id: row!.id, name: c.name });
}

/**
 * A record's file to download: for readers of the archive on their platform, and for whoever
 * may see one of the tickets the record concerns (`seesTicket`, the caller's scope check), so a
 * unit reads the instruction about its ticket.
 */
export async function archiveFileData(
  ctx: AppContext,
  actor: ArchiveActor,
  fileId: string,
  seesTicket: (ticketId: string) => Promise<boolean>,
): Promise<Result<{ name: string; contentType: string; data: Buffer }>> {
  const [f] = await ctx.db
    .select({
      name: archiveFiles.name,
      contentType: archiveFiles.contentType,
      data: archiveFiles.data,
      jurisdictionId: archiveRecords.jurisdictionId,
      ticketIds: archiveRecords.ticketIds,
    })
    .from(archiveFiles)
    .innerJoin(archiveRecords, eq(archiveRecords.id, archiveFiles.recordId))
    .where(sql`${archiveFiles.id}::text = ${fileId}`);
  const missing = fail(domainError("FILE_NOT_FOUND", "文件不存在", "no such file", { field: "id" }));
  if (!f || otherPlatform(actor, f.jurisdictionId)) return missing;
  let allowed = can(actor, "archive.read");
  for (const id of f.ticketIds) if (!allowed) allowed = await seesTicket(id);
  if (!allowed) return missing;
  return ok({ name: f.name, contentType: f.contentType, data: Buffer.from(f.data) });
}

/**
 * Disposes of a record after its retention (GX-28): its text and files are removed, the record
 * that it existed, who disposed of it, when and why stays; refused while it is kept.
 */
export async function disposeArchiveRecord(ctx: AppContext, actor: ArchiveActor, id: string, reason: string): Promise<Result<{ id: string }>> {
  if (!can(actor, "archive.dispose")) return fail(forbidden("archive.dispose"));
  const r = await recordOf(ctx, id);
  if (!r || otherPlatform(actor, r.jurisdictionId)) return fail(noRecord());
  if (r.disposedAt) return fail(domainError("RECORD_CONFLICT", "档案已销毁", "the record was already disposed of", { field: "id" }));
  const p = await policyOfJurisdiction(ctx, r.jurisdictionId);
  if (!p.ok) return p;
  const allowed = mayDispose(r.retainUntil?.getTime() ?? null, ctx.now(), p.value.archive.rule);
  if (!allowed.ok) return allowed;
  const why = reason.trim();
  if (!why || why.length > 2000)
    return fail(domainError("INVALID_ARGUMENT", "须写明销毁依据（鉴定意见）", "the reason (the appraisal's opinion) is required", { field: "reason" }));
  const at = new Date(ctx.now());
  await ctx.db.transaction(async (tx) => {
    await tx.delete(archiveFiles).where(eq(archiveFiles.recordId, r.id));
    await tx.update(archiveRecords).set({ body: null, disposedAt: at, disposedBy: actor.id, disposalReason: why }).where(eq(archiveRecords.id, r.id));
    await tx.insert(auditLog).values({
      at,
      actorId: actor.id,
      jurisdictionId: r.jurisdictionId,
      action: "archive.dispose",
      target: `${r.jurisdictionId}/${r.id}`,
      outcome: "ok",
      ip: null,
      details: { title: r.title, reason: why },
    });
  });
  return ok({ id: r.id });
}

function yearRange(year: number, offset: number): { from: Date; to: Date } {
  return { from: new Date(startOfDayInstant(dayFromYmd(year, 1, 1)!, offset)), to: new Date(startOfDayInstant(dayFromYmd(year + 1, 1, 1)!, offset)) };
}

/**
 * One year of the archive (GX-28): every kind's volume with its retention, and the first items of
 * one kind (searched by `q`; 200 tickets or calls at most: the screen pages them from the ticket
 * list and the call records, and asks with `items: false`).
 */
export async function archiveYearView(
  ctx: AppContext,
  actor: ArchiveActor,
  jurisdictionId: string,
  q: { year: number; kind: RetentionKind; q?: string | undefined; items?: boolean },
) {
  if (!can(actor, "archive.read") || otherPlatform(actor, jurisdictionId)) return fail(forbidden("archive.read"));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const offset = p.value.utcOffsetMinutes;
  const now = ctx.now();
  const range = yearRange(q.year, offset);
  const [[t], [c], records] = await Promise.all([
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(tickets)
      .where(and(eq(tickets.jurisdictionId, jurisdictionId), archivedInYear(q.year))),
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(callRecords)
      .where(
        and(
          eq(callRecords.jurisdictionId, jurisdictionId),
          sql`${callRecords.startedAt} >= ${range.from.toISOString()}::timestamptz and ${callRecords.startedAt} < ${range.to.toISOString()}::timestamptz`,
        ),
      ),
    ctx.db
      .select({ kind: archiveRecords.kind, n: sql<number>`count(*)::int` })
      .from(archiveRecords)
      .where(and(eq(archiveRecords.jurisdictionId, jurisdictionId), eq(archiveRecords.year, q.year)))
      .groupBy(archiveRecords.kind),
  ]);
  const counts: Record<RetentionKind, number> = { ticket: Number(t?.n ?? 0), callRecord: Number(c?.n ?? 0), leaderInstruction: 0, meetingMaterial: 0 };
  for (const r of records) if (r.kind === "leaderInstruction" || r.kind === "meetingMaterial") counts[r.kind] = Number(r.n);
  const volumes: ArchiveVolume[] = RETENTION_KINDS.map((kind) => {
    const until = retainUntil(p.value.archive, kind, q.year, offset);
    return { kind, label: RETENTION_KIND_LABELS[kind], count: counts[kind], retainUntil: until, expired: until !== null && now >= until };
  });
  const words = q.q?.trim();
  let items: unknown[];
  if (q.items === false) {
    items = [];
  } else if (q.kind === "ticket") {
    const search = words ? ticketSearch(words) : undefined;
    // Words that cannot be searched find nothing (the ticket list refuses them; here the volume's counts still show).
    const found =
      words && !search
        ? []
        : (
            await listTickets(ctx.db, { jurisdictionId, archiveYear: q.year, ...search }, 200, undefined, "received_desc", {
              ranges: ctx.ticketIds,
              now: ctx.now(),
            })
          ).tickets;
    items = found.map((s) => ({
      id: s.id,
      number: s.number,
      title: s.title,
      type: s.type,
      category: s.category ?? null,
      channel: s.channel,
      receivedAt: s.receivedAt,
      concludedAt: s.concludedAt ?? null,
      archivedAt: s.archivedAt ?? null,
      rating: s.rating ?? null,
    }));
  } else if (q.kind === "callRecord") {
    const rows = await ctx.db
      .select({
        callId: callRecords.callId,
        startedAt: callRecords.startedAt,
        outcome: callRecords.outcome,
        waitSeconds: callRecords.waitSeconds,
        ticketId: callRecords.ticketId,
        record: callRecords.record,
        recordingDeletedAt: callRecords.recordingDeletedAt,
      })
      .from(callRecords)
      .where(
        and(
          eq(callRecords.jurisdictionId, jurisdictionId),
          sql`${callRecords.startedAt} >= ${range.from.toISOString()}::timestamptz and ${callRecords.startedAt} < ${range.to.toISOString()}::timestamptz`,
          ...(words ? [sql`${callRecords.callId} = ${words}`] : []),
        ),
      )
      .orderBy(desc(callRecords.startedAt))
      .limit(200);
    items = rows.map((r) => {
      const rec = r.record as Pick<CallRecord, "recordingRef" | "retainUntil">;
      return {
        callId: r.callId,
        startedAt: r.startedAt.getTime(),
        outcome: r.outcome,
        waitSeconds: r.waitSeconds,
        ticketId: r.ticketId,
        recordingRetainUntil: rec.recordingRef ? (rec.retainUntil ?? null) : null,
        recordingDeleted: r.recordingDeletedAt !== null,
      };
    });
  } else {
    items = await recordViews(
      ctx,
      and(
        eq(archiveRecords.jurisdictionId, jurisdictionId),
        eq(archiveRecords.year, q.year),
        eq(archiveRecords.kind, q.kind),
        ...(words
          ? [
              sql`(${archiveRecords.title} ilike ${`%${words}%`} or ${archiveRecords.source} ilike ${`%${words}%`} or ${archiveRecords.body} ilike ${`%${words}%`})`,
            ]
          : []),
      ),
    );
  }
  return ok({ year: q.year, rule: p.value.archive.rule, volumes, kind: q.kind, items });
}

async function recordViews(ctx: AppContext, where: ReturnType<typeof and>): Promise<ArchiveRecordView[]> {
  const rows = await ctx.db.select().from(archiveRecords).where(where).orderBy(asc(archiveRecords.issuedAt)).limit(500);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const ticketIds = [...new Set(rows.flatMap((r) => r.ticketIds))];
  const [files, numbers] = await Promise.all([
    ctx.db
      .select({ id: archiveFiles.id, recordId: archiveFiles.recordId, name: archiveFiles.name, contentType: archiveFiles.contentType, size: archiveFiles.size })
      .from(archiveFiles)
      .where(inArray(archiveFiles.recordId, ids)),
    ticketIds.length ? ctx.db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(inArray(tickets.id, ticketIds)) : Promise.resolve([]),
  ]);
  const numberOf = new Map(numbers.map((n) => [n.id, n.number]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    source: r.source,
    issuedAt: r.issuedAt.getTime(),
    body: r.body,
    tickets: r.ticketIds.map((id) => ({ id, number: numberOf.get(id) ?? id })),
    files: files.filter((f) => f.recordId === r.id).map(({ recordId: _r, ...f }) => f),
    year: r.year,
    retainUntil: r.retainUntil?.getTime() ?? null,
    filedByName: r.filedByName,
    filedAt: r.filedAt.getTime(),
    disposed: r.disposedAt ? { at: r.disposedAt.getTime(), by: r.disposedBy ?? "", reason: r.disposalReason ?? "" } : null,
  }));
}

/** The instructions and materials that concern a ticket, for its page. */
export async function archiveRecordsOfTicket(ctx: AppContext, ticketId: string): Promise<ArchiveRecordView[]> {
  return recordViews(ctx, sql`${ticketId}::uuid = any(${archiveRecords.ticketIds})`);
}
