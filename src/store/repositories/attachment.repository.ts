import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { attachments } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";
import { isUuid } from "../uuid.ts";

/** A file's facts without its bytes, as lists show them. */
export type AttachmentInfo = Omit<typeof attachments.$inferSelect, "data">;

const INFO = {
  id: attachments.id,
  ticketId: attachments.ticketId,
  name: attachments.name,
  contentType: attachments.contentType,
  size: attachments.size,
  sha256: attachments.sha256,
  uploadedBy: attachments.uploadedBy,
  uploaderName: attachments.uploaderName,
  uploaderRole: attachments.uploaderRole,
  uploaderUnitId: attachments.uploaderUnitId,
  uploadedAt: attachments.uploadedAt,
};

/** Stores one file; the row is never changed afterwards. */
export async function insertAttachment(db: Tx, row: typeof attachments.$inferInsert): Promise<AttachmentInfo> {
  const [r] = await db.insert(attachments).values(row).returning(INFO);
  if (!r) throw new Error("attachment insert returned nothing");
  return r;
}

/** How many files a ticket holds, and how many of them came from the requester. */
export async function countAttachments(db: Tx, ticketId: string): Promise<{ all: number; fromRequester: number }> {
  const [r] = await db
    .select({ all: sql<number>`count(*)::int`, fromRequester: sql<number>`(count(*) filter (where ${attachments.uploaderRole} = 'requester'))::int` })
    .from(attachments)
    .where(eq(attachments.ticketId, ticketId));
  return { all: r?.all ?? 0, fromRequester: r?.fromRequester ?? 0 };
}

/** A ticket's files, oldest first, without their bytes. */
export async function listAttachments(db: Tx, ticketId: string): Promise<AttachmentInfo[]> {
  return db.select(INFO).from(attachments).where(eq(attachments.ticketId, ticketId)).orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

/** Which of these ids are files of this ticket. */
export async function attachmentIdsOn(db: Tx, ticketId: string, ids: readonly string[]): Promise<Set<string>> {
  const wellFormed = ids.filter(isUuid);
  if (!wellFormed.length) return new Set();
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.ticketId, ticketId), inArray(attachments.id, wellFormed)));
  return new Set(rows.map((r) => r.id));
}

/** One file with its bytes. */
export async function loadAttachment(db: Tx, id: string): Promise<typeof attachments.$inferSelect | undefined> {
  const [r] = await db.select().from(attachments).where(eq(attachments.id, id));
  return r;
}
