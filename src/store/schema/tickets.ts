import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea, tsvector } from "./column-types.ts";
import { jurisdictions } from "./org.ts";

// Tickets, their events, contacts, numbers, timers, search text, files and outbound messages.

/**
 * Current state of each ticket; `state` is exactly what replaying its events yields.
 * Partitioned by month on the id, which is stamped with the time received (`store/uuid.ts`,
 * migration 20261201185653): the id is the primary key and every reference, so each lookup and
 * each version-checked update reaches one partition. Numbers are unique by construction (one
 * counter row per platform and day, `ticket_number_counter`); PostgreSQL cannot hold a unique
 * index across partitions on a column that is not the key, so `number` is indexed, not constrained.
 */
export const tickets = pgTable(
  "ticket",
  {
    id: uuid("id").primaryKey(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    number: text("number").notNull(),
    status: text("status").notNull(),
    type: text("type").notNull(),
    channel: text("channel").notNull(),
    urgent: boolean("urgent").notNull(),
    category: text("category"),
    district: text("district"),
    leadUnitId: uuid("lead_unit_id"),
    /** Units that may see the ticket: lead, assisting, executing (data scope, issue 4). */
    unitIds: uuid("unit_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    dispatchDue: timestamp("dispatch_due", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    provisional: boolean("provisional").notNull().default(false),
    version: integer("version").notNull(),
    state: jsonb("state").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("ticket_number_idx").on(t.number),
    index("ticket_jurisdiction_status_idx").on(t.jurisdictionId, t.status, t.receivedAt),
    // Periods across every status (today's dashboard, counts with filters, lists by time).
    index("ticket_jurisdiction_received_idx").on(t.jurisdictionId, t.receivedAt),
    index("ticket_lead_unit_status_idx").on(t.leadUnitId, t.status),
    index("ticket_due_idx").on(t.dueAt),
    // The archive by year (GX-28): only archived tickets are in it.
    index("ticket_archive_year_idx")
      .on(t.jurisdictionId, sql`((${t.state}->'archive'->>'year')::int)`)
      .where(sql`${t.status} = 'archived'`),
    // Overdue now (dashboard, supervision, metrics): only the open tickets, a small index.
    index("ticket_open_due_idx")
      .on(t.jurisdictionId, t.dueAt)
      .where(sql`${t.status} in ('awaiting_sign', 'handling', 'awaiting_return_decision', 'awaiting_unit_review')`),
    // Flagged replies (疑似不实反馈), newest first and by month: few tickets, a small index.
    index("ticket_reply_mismatch_idx")
      .on(t.jurisdictionId, sql`((${t.state}->'replyMismatch'->>'at')::bigint)`)
      .where(sql`${t.state} ? 'replyMismatch'`),
    // Supervisions not yet answered (督办未答复, the supervisor's board): few tickets, found without a scan.
    index("ticket_open_supervision_idx")
      .on(t.jurisdictionId)
      .where(sql`jsonb_path_exists(${t.state}, '$.supervisions[*] ? (!exists(@.answer))')`),
    // Work waiting on a bad rating (差评整改, 评价申诉): few tickets, found by the queues without a scan.
    index("ticket_rating_work_idx")
      .on(t.jurisdictionId, t.receivedAt)
      .where(sql`${t.state}->'rectification'->>'status' in ('awaiting', 'filed') or ${t.state}->'ratingAppeal'->>'status' = 'pending'`),
  ],
);

/** The append-only history of every ticket (UPDATE and DELETE are refused by a trigger). */
export const ticketEvents = pgTable(
  "ticket_event",
  {
    // No foreign key: an event is only ever written by the statement that writes its ticket's row,
    // selecting from that row (insertTickets, saveTickets), so it cannot be written without it; a
    // key checked against the partitioned ticket table cost ~10 % of every write (migration 20261201185653).
    ticketId: uuid("ticket_id").notNull(),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    role: text("role").notNull(),
    unitId: text("unit_id"),
    command: text("command").notNull(),
    rule: text("rule"),
    data: jsonb("data").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    /** The HTTP request that wrote it (`X-Request-Id`), to match events with logs; none for jobs. */
    requestId: text("request_id"),
  },
  // Partitioned by month as the ticket is (on the ticket's id, migration 20261201185653): a ticket's
  // events lie in its month's partition, found by its id alone.
  (t) => [
    primaryKey({ columns: [t.ticketId, t.seq] }),
    // Events arrive in time order: a block-range index finds the recent ones (what changed since the
    // last rollup rebuild) at almost no cost to each write, unlike a b-tree on the ticket.
    index("ticket_event_recorded_brin").using("brin", t.recordedAt),
  ],
);

/** Every contact (call, message, submission), whatever became of it. */
export const contacts = pgTable(
  "contact",
  {
    id: uuid("id").notNull(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    channel: text("channel").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    operatorId: text("operator_id").notNull(),
    requesterPhone: text("requester_phone"),
    record: jsonb("record").notNull(),
    decision: text("decision").notNull(),
    rule: text("rule").notNull(),
    ticketId: uuid("ticket_id"),
    linkedTicketId: uuid("linked_ticket_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  // Partitioned by month of receipt (migration 20261201162909; `store/partitions.ts` adds the months ahead): the key is in the primary key.
  (t) => [
    primaryKey({ columns: [t.id, t.receivedAt] }),
    index("contact_phone_idx").on(t.jurisdictionId, t.requesterPhone),
    index("contact_ticket_idx").on(t.ticketId),
    index("contact_linked_ticket_idx")
      .on(t.linkedTicketId)
      .where(sql`${t.linkedTicketId} is not null`),
  ],
);

/** Notes on a requester's abusive conduct, visible at the next contact (GZ-12, GZ-27). Never deleted. */
export const requesterNotes = pgTable(
  "requester_note",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    requesterPhone: text("requester_phone").notNull(),
    contactId: uuid("contact_id").notNull(),
    kind: text("kind").notNull(),
    note: text("note").notNull(),
    operatorId: text("operator_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("requester_note_phone_idx").on(t.jurisdictionId, t.requesterPhone)],
);

/** Per-platform, per-day counter behind human-readable ticket numbers. */
export const ticketNumberCounters = pgTable(
  "ticket_number_counter",
  {
    prefix: text("prefix").notNull(),
    day: text("day").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.day] })],
);

/** Intake retries: one key, one contact, whatever a channel resends. */
export const idempotencyKeys = pgTable(
  "idempotency_key",
  {
    jurisdictionId: text("jurisdiction_id").notNull(),
    key: text("key").notNull(),
    contactId: uuid("contact_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.key] })],
);

/** Pending timers of tickets, claimed by any server instance with `FOR UPDATE SKIP LOCKED`. */
export const timers = pgTable(
  "timer",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id").notNull(),
    kind: text("kind").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** The ticket version the timer was scheduled at. */
    ticketVersion: integer("ticket_version").notNull(),
  },
  (t) => [index("timer_due_idx").on(t.dueAt), index("timer_ticket_idx").on(t.ticketId)],
);

/** Timers that fired: when, by which instance, with what outcome (for the "no timer fired twice" proof and ops). */
export const timerFirings = pgTable(
  "timer_firing",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id").notNull(),
    kind: text("kind").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull(),
    worker: text("worker").notNull(),
    outcome: text("outcome").notNull(),
  },
  (t) => [index("timer_firing_ticket_idx").on(t.ticketId)],
);

/**
 * What the "same matter again" check searches (GZ-11.4, GZ-22): each ticket's words, phone
 * and place, written once with the ticket and never updated, so the busy ticket table
 * carries no full-text index.
 */
export const ticketTexts = pgTable(
  "ticket_text",
  {
    ticketId: uuid("ticket_id").primaryKey(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    requesterPhone: text("requester_phone"),
    district: text("district"),
    subDistrict: text("sub_district"),
    /** Address with spaces and punctuation removed, for exact same-place matches. */
    place: text("place"),
    words: tsvector("words").notNull(),
  },
  (t) => [
    // Written on every intake: a small pending list batches the index work, and a query scans at most 256 kB of it.
    index("ticket_text_words_idx").using("gin", t.words).with({ fastupdate: true, gin_pending_list_limit: 256 }),
    index("ticket_text_phone_idx").on(t.jurisdictionId, t.requesterPhone, t.receivedAt),
    index("ticket_text_place_idx").on(t.jurisdictionId, t.place, t.receivedAt),
    index("ticket_text_received_idx").on(t.jurisdictionId, t.receivedAt),
  ],
);

/**
 * A file attached to a ticket (photos of the matter, scanned replies), kept in the database
 * so backups, several instances and the embedded mode hold it alike. Rows are never changed
 * or deleted (trigger): a feedback that names a file can always show it.
 */
export const attachments = pgTable(
  "attachment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: text("uploaded_by").notNull(),
    uploaderName: text("uploader_name").notNull(),
    uploaderRole: text("uploader_role").notNull(),
    uploaderUnitId: text("uploader_unit_id"),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("attachment_ticket_idx").on(t.ticketId, t.uploadedAt)],
);

/**
 * Outbound notices (SMS and messages), written in the same transaction as the event that
 * causes them and sent by the notice sender; every attempt's outcome is kept on the row.
 */
export const outboundMessages = pgTable(
  "outbound_message",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    body: text("body").notNull(),
    ticketId: uuid("ticket_id"),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** queued → sent → delivered | failed (refused, retries spent, or the gateway reports it undeliverable). */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    provider: text("provider"),
    providerRef: text("provider_ref"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** When the gateway's delivery receipt says the phone got it (or gave up on it). */
    receiptAt: timestamp("receipt_at", { withTimezone: true }),
  },
  (t) => [
    index("outbound_message_due_idx").on(t.status, t.nextAttemptAt),
    index("outbound_message_ticket_idx").on(t.ticketId),
    index("outbound_message_ref_idx")
      .on(t.providerRef)
      .where(sql`provider_ref is not null`),
    // A requester's SMS reply finds the satisfaction request it answers by the phone it was sent to.
    index("outbound_message_satisfaction_idx")
      .on(t.recipient, t.createdAt)
      .where(sql`template = 'satisfaction_request'`),
  ],
);
