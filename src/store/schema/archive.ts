import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./column-types.ts";

// The archive: records and their files.

/**
 * Leaders' instructions (领导批示件) and meeting materials (会议材料) filed in the archive (GX-28),
 * by year, with the tickets they concern; kept by the policy's retention for their kind, then
 * disposed of (content removed, the record of its existence and disposal kept).
 */
export const archiveRecords = pgTable(
  "archive_record",
  {
    id: uuid("id").primaryKey(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    /** Who gave the instruction (name and title), or which meeting. */
    source: text("source").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    body: text("body"),
    ticketIds: uuid("ticket_ids").array().notNull(),
    year: integer("year").notNull(),
    retainUntil: timestamp("retain_until", { withTimezone: true }),
    filedBy: text("filed_by").notNull(),
    filedByName: text("filed_by_name").notNull(),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull(),
    disposedAt: timestamp("disposed_at", { withTimezone: true }),
    disposedBy: text("disposed_by"),
    disposalReason: text("disposal_reason"),
  },
  (t) => [index("archive_record_year_idx").on(t.jurisdictionId, t.year, t.kind)],
);

/** Files of an archive record (the instruction's scan, the meeting's minutes); removed only by disposal. */
export const archiveFiles = pgTable(
  "archive_file",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    recordId: uuid("record_id")
      .notNull()
      .references(() => archiveRecords.id),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: text("uploaded_by").notNull(),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("archive_file_record_idx").on(t.recordId)],
);
