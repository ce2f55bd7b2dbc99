import { sql } from "drizzle-orm";
import { boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Raw bytes; PGlite hands back a Uint8Array, node-postgres a Buffer: both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** A full-text vector; written with `to_tsvector('simple', …)` over jieba words. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });


/** One loaded year of an official notice (national `CN` or a region's scope). */
export const calendarYears = pgTable(
  "calendar_year",
  {
    scope: text("scope").notNull(),
    year: integer("year").notNull(),
    noticeTitle: text("notice_title").notNull(),
    noticeUrl: text("notice_url"),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
    loadedBy: text("loaded_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.year] })],
);

/** The dates a notice names. Keyed by notice year too: a notice may name a date across the boundary. */
export const calendarDays = pgTable(
  "calendar_day",
  {
    scope: text("scope").notNull(),
    year: integer("year").notNull(),
    date: text("date").notNull(),
    status: text("status", { enum: ["off", "work"] }).notNull(),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.year, t.date] })],
);

/** Append-only record of every calendar load: who loaded which notice when, and what it replaced. */
export const calendarImports = pgTable("calendar_import", {
  id: uuid("id").primaryKey().defaultRandom(),
  scope: text("scope").notNull(),
  year: integer("year").notNull(),
  noticeTitle: text("notice_title").notNull(),
  dayCount: integer("day_count").notNull(),
  replacedExisting: boolean("replaced_existing").notNull(),
  actor: text("actor").notNull(),
  reason: text("reason").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
});

/** A platform (city or region) and the policy it runs under. */
export const jurisdictions = pgTable("jurisdiction", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  policyId: text("policy_id").notNull(),
  /** The platform above this one (a city under its region, GX-5). */
  parentId: text("parent_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A node of the unit tree: hotline centres, handling and executing units, workstations, … */
export const units = pgTable(
  "unit",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    parentId: uuid("parent_id"),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    /** District (区/县) the unit serves, for routing by area. */
    district: text("district"),
    /** Sub-district or town (街道/镇) the unit serves. */
    subDistrict: text("sub_district"),
    /** Old service number of a dual-number unit or sub-centre (e.g. 12366). */
    serviceNumber: text("service_number"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("unit_code_uq").on(t.jurisdictionId, t.code), index("unit_parent_idx").on(t.parentId)],
);

/** Hashed API tokens for administrators and integrations (the token itself is shown once). */
export const apiTokens = pgTable("api_token", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  scopes: text("scopes")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  /** The platform a city admin's token acts for; null for the deployment's own tokens (first start, CLI). */
  jurisdictionId: text("jurisdiction_id").references(() => jurisdictions.id),
});

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
    unitIds: uuid("unit_ids").array().notNull().default(sql`'{}'::uuid[]`),
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
    index("contact_linked_ticket_idx").on(t.linkedTicketId).where(sql`${t.linkedTicketId} is not null`),
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
 * 派单目录: which unit handles which category in which area, with the legal basis. Versioned:
 * a change closes the old row (`valid_to`) and adds a new one, so every past dispatch can be
 * checked against the catalogue of its day.
 */
export const catalogueEntries = pgTable(
  "catalogue_entry",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    /** Stable key of the entry across versions. */
    entryKey: uuid("entry_key").notNull(),
    version: integer("version").notNull(),
    category: text("category").notNull(),
    district: text("district"),
    subDistrict: text("sub_district"),
    leadUnitId: uuid("lead_unit_id").notNull(),
    assistingUnitIds: uuid("assisting_unit_ids").array().notNull().default(sql`'{}'::uuid[]`),
    legalBasis: text("legal_basis").notNull(),
    /** A principle decided for a class of difficult cases (GZ-16, GX-19): decision, date, approving body. */
    principle: jsonb("principle"),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    validTo: timestamp("valid_to", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("catalogue_lookup_idx").on(t.jurisdictionId, t.category, t.validTo), uniqueIndex("catalogue_key_version_uq").on(t.entryKey, t.version)],
);

/** 派单异议: a unit disputes a catalogue entry; the hotline decides. */
export const catalogueDisputes = pgTable("catalogue_dispute", {
  id: uuid("id").primaryKey().defaultRandom(),
  entryId: uuid("entry_id").notNull(),
  unitId: uuid("unit_id").notNull(),
  reason: text("reason").notNull(),
  legalBasis: text("legal_basis").notNull(),
  status: text("status", { enum: ["open", "accepted", "rejected"] }).notNull(),
  decidedBy: text("decided_by"),
  decisionNote: text("decision_note"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
});

/** Every view of a requester's personal data: who, which ticket, why (GZ-25, GX-22). Append-only. */
export const personalDataAccess = pgTable(
  "personal_data_access",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorId: text("actor_id").notNull(),
    role: text("role").notNull(),
    unitId: text("unit_id"),
    ticketId: uuid("ticket_id"),
    requesterPhone: text("requester_phone"),
    purpose: text("purpose").notNull(),
    /** The platform whose requester was seen: each platform's admins read their own log. */
    jurisdictionId: text("jurisdiction_id"),
  },
  (t) => [index("pda_ticket_idx").on(t.ticketId), index("pda_actor_idx").on(t.actorId, t.at), index("pda_jurisdiction_idx").on(t.jurisdictionId, t.at)],
);

/**
 * Staff misconduct and the measures taken (GZ-26, GX-36, GX-37): rude service, falsified
 * replies, leaks; a rectification letter (整改函) or a referral to discipline inspection. Append-only.
 */
export const misconductRecords = pgTable(
  "misconduct_record",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    staffName: text("staff_name"),
    kind: text("kind").notNull(),
    measure: text("measure").notNull(),
    description: text("description").notNull(),
    ticketId: uuid("ticket_id"),
    rule: text("rule").notNull(),
    recordedBy: text("recorded_by").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("misconduct_unit_idx").on(t.unitId, t.at)],
);

/** Staff accounts (issue 4): one role, and for unit roles the unit they act for. */
export const users = pgTable(
  "app_user",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    /** argon2id hash; the password itself is never stored. */
    passwordHash: text("password_hash").notNull(),
    role: text("role").notNull(),
    unitId: uuid("unit_id"),
    active: boolean("active").notNull().default(true),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
);

/** Server-side sessions behind the HTTP-only cookie; any instance can read them. */
export const sessions = pgTable(
  "session",
  {
    id: text("id").primaryKey(), // SHA-256 of the cookie value
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

/** Append-only record of sign-ins, permission changes, unmasking and admin actions. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    outcome: text("outcome").notNull(),
    ip: text("ip"),
    details: jsonb("details"),
    /** The platform the action belongs to; null for the deployment's own (its tokens, the CLI). */
    jurisdictionId: text("jurisdiction_id"),
  },
  (t) => [index("audit_at_idx").on(t.at), index("audit_actor_idx").on(t.actorId, t.at), index("audit_jurisdiction_idx").on(t.jurisdictionId, t.at)],
);

/** A trained intake classifier (type, category or unit), versioned; the newest version is used. */
export const classifierModels = pgTable(
  "classifier_model",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    /** What it suggests: `type`, `category` or `unit`. */
    target: text("target").notNull(),
    version: integer("version").notNull(),
    /** `tickets` (concluded tickets and intake overrides) or `file:<name>`. */
    source: text("source").notNull(),
    examples: integer("examples").notNull(),
    labels: jsonb("labels").notNull(),
    /** Training facts: duration, vocabulary size, label counts. */
    facts: jsonb("facts").notNull(),
    model: bytea("model").notNull(),
    trainedBy: text("trained_by").notNull(),
    trainedAt: timestamp("trained_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("classifier_model_version_uq").on(t.jurisdictionId, t.target, t.version)],
);

/** What the operator was offered at intake and what they chose; overrides feed the next training. */
export const suggestionChoices = pgTable(
  "suggestion_choice",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    ticketId: uuid("ticket_id"),
    target: text("target").notNull(),
    modelVersion: integer("model_version").notNull(),
    suggested: jsonb("suggested").notNull(),
    chosen: text("chosen").notNull(),
    accepted: boolean("accepted").notNull(),
    text: text("text").notNull(),
    chosenBy: text("chosen_by").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("suggestion_choice_idx").on(t.jurisdictionId, t.target, t.at)],
);

/** A knowledge article (知识点), current version; every version is kept in `knowledge_article_version`. */
export const knowledgeArticles = pgTable(
  "knowledge_article",
  {
    id: uuid("id").primaryKey(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    version: integer("version").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    category: text("category"),
    ownerUnitId: uuid("owner_unit_id").notNull(),
    validFrom: text("valid_from").notNull(),
    validTo: text("valid_to"),
    sourceDocument: text("source_document"),
    /** draft → in_review → published; withdrawn; superseded (by `supersededBy`). */
    reviewState: text("review_state").notNull(),
    supersededBy: uuid("superseded_by"),
    /** The article this one replaces once published. */
    supersedes: uuid("supersedes"),
    /** jieba words of question (twice, for weight) and answer, as a `simple` tsvector. */
    search: tsvector("search").notNull(),
    /** Pinyin initials of the question (医保报销 → ybbx), for initials search. */
    initials: text("initials").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("knowledge_search_idx").using("gin", t.search).with({ fastupdate: false }),
    index("knowledge_question_trgm_idx").using("gin", sql`${t.question} gin_trgm_ops`).with({ fastupdate: false }),
    index("knowledge_initials_trgm_idx").using("gin", sql`${t.initials} gin_trgm_ops`).with({ fastupdate: false }),
    index("knowledge_owner_idx").on(t.jurisdictionId, t.ownerUnitId),
  ],
);

/** Every version of every article, append-only: who changed what, when and why. */
export const knowledgeArticleVersions = pgTable(
  "knowledge_article_version",
  {
    articleId: uuid("article_id").notNull(),
    version: integer("version").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    reason: text("reason").notNull(),
    changedBy: text("changed_by").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

/** A knowledge question (知识点补充) from the hotline to a unit, with its limit (GX-29.2). */
export const knowledgeQuestions = pgTable(
  "knowledge_question",
  {
    id: uuid("id").primaryKey(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    question: text("question").notNull(),
    askedBy: text("asked_by").notNull(),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull(),
    /** Null where the policy sets no limit for knowledge questions. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    rule: text("rule"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    articleId: uuid("article_id"),
  },
  (t) => [index("knowledge_question_unit_idx").on(t.unitId, t.answeredAt)],
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

/** A rising hot spot raised for the supervisors (GX-17, GX-12); one per place and words per day. */
export const hotspotAlerts = pgTable(
  "hotspot_alert",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    /** Place and first two words, with the day: several instances raise it once. */
    dedupeKey: text("dedupe_key").notNull(),
    place: text("place").notNull(),
    topWords: jsonb("top_words").notNull(),
    count: integer("count").notNull(),
    previousCount: integer("previous_count").notNull(),
    ticketIds: jsonb("ticket_ids").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: text("acknowledged_by"),
  },
  (t) => [uniqueIndex("hotspot_alert_dedupe_uq").on(t.jurisdictionId, t.dedupeKey), index("hotspot_alert_open_idx").on(t.jurisdictionId, t.raisedAt)],
);

/**
 * What assessors record against a period's scores (append-only): a manual item's points,
 * an accepted appeal's points, or a ticket exempted from scoring (GX-32), with the reason.
 */
export const assessmentAdjustments = pgTable(
  "assessment_adjustment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    /** `YYYY-MM`. */
    period: text("period").notNull(),
    unitId: uuid("unit_id").notNull(),
    kind: text("kind").notNull(),
    ticketId: uuid("ticket_id"),
    item: text("item"),
    points: integer("points"),
    reason: text("reason").notNull(),
    appealId: uuid("appeal_id"),
    by: text("by").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("assessment_adjustment_period_idx").on(t.jurisdictionId, t.period)],
);

/** A unit's appeal against a period's data or score (GX-32), and the hotline's decision. */
export const assessmentAppeals = pgTable(
  "assessment_appeal",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    period: text("period").notNull(),
    unitId: uuid("unit_id").notNull(),
    ticketId: uuid("ticket_id"),
    reason: text("reason").notNull(),
    filedBy: text("filed_by").notNull(),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull(),
    /** Last moment appeals on this period were accepted; null where the policy sets no window. */
    windowDue: timestamp("window_due", { withTimezone: true }),
    status: text("status").notNull(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [index("assessment_appeal_period_idx").on(t.jurisdictionId, t.period)],
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
  (t) => [index("outbound_message_due_idx").on(t.status, t.nextAttemptAt), index("outbound_message_ticket_idx").on(t.ticketId), index("outbound_message_ref_idx").on(t.providerRef).where(sql`provider_ref is not null`)],
);

/** Every call event as the telephony system posted it, once per event id (append-only). */
export const callEventLog = pgTable(
  "call_event_log",
  {
    jurisdictionId: text("jurisdiction_id").notNull(),
    eventId: text("event_id").notNull(),
    callId: text("call_id").notNull(),
    type: text("type").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    payload: jsonb("payload").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.eventId] })],
);

/** A call as the hotline keeps it: wait, outcome, transfers, recording and its retention, callback (GX-25.1, GX-28). */
export const callRecords = pgTable(
  "call_record",
  {
    jurisdictionId: text("jurisdiction_id").notNull(),
    callId: text("call_id").notNull(),
    record: jsonb("record").notNull(),
    caller: text("caller"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    outcome: text("outcome").notNull(),
    waitSeconds: integer("wait_seconds"),
    callbackDue: timestamp("callback_due", { withTimezone: true }),
    callbackDoneAt: timestamp("callback_done_at", { withTimezone: true }),
    callbackBy: text("callback_by"),
    callbackNote: text("callback_note"),
    ticketId: uuid("ticket_id"),
    recordingDeletedAt: timestamp("recording_deleted_at", { withTimezone: true }),
    recordingDeletedBy: text("recording_deleted_by"),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.callId] }), index("call_record_started_idx").on(t.jurisdictionId, t.startedAt), index("call_record_callback_idx").on(t.jurisdictionId, t.callbackDoneAt, t.callbackDue)],
);

/**
 * City → region exchange (GX-5, GX-16): each ticket change of a platform that has a parent,
 * written with the change, pushed by the exchange sender until the region takes it.
 */
export const exchangeOutbox = pgTable(
  "exchange_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    /** Where it goes: `parent` (the region's platform) or `unit:<id>` (a sub-centre's own system, GZ-7). */
    target: text("target").notNull().default("parent"),
    ticketId: uuid("ticket_id").notNull(),
    ticketVersion: integer("ticket_version").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("exchange_outbox_target_version_uq").on(t.target, t.ticketId, t.ticketVersion), index("exchange_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/**
 * Region → city (GX-16): a ticket the region sends down to one of its cities, pushed until the city answers with its ticket number; the city's own exchange then
 * brings the ticket's progress back up.
 */
export const exchangeDown = pgTable(
  "exchange_down",
  {
    id: uuid("id").primaryKey(),
    sourceJurisdictionId: text("source_jurisdiction_id").notNull(),
    targetJurisdictionId: text("target_jurisdiction_id").notNull(),
    /** The contact as the city's intake takes it. */
    payload: jsonb("payload").notNull(),
    note: text("note").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** The city's ticket, once it answered. */
    targetTicketId: uuid("target_ticket_id"),
    targetTicketNumber: text("target_ticket_number"),
  },
  (t) => [index("exchange_down_due_idx").on(t.status, t.nextAttemptAt)],
);

/**
 * A sub-centre's or dual-number unit's own system (GZ-7, GZ-28): where the hotline pushes the
 * tickets the unit is on, and the secret both sides sign with. One per unit; set by an admin.
 */
export const handoverLinks = pgTable("handover_link", {
  unitId: uuid("unit_id")
    .primaryKey()
    .references(() => units.id),
  jurisdictionId: text("jurisdiction_id").notNull(),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** Each item a unit's system handed over, once, with what it came to (the receiver's deduplication). */
export const handoverReceipts = pgTable(
  "handover_receipt",
  {
    unitId: uuid("unit_id").notNull(),
    itemId: text("item_id").notNull(),
    outcome: jsonb("outcome").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.itemId] })],
);

/** The region's read-only copy of its cities' tickets, at the newest version received. */
export const exchangeTickets = pgTable("exchange_ticket", {
  ticketId: uuid("ticket_id").primaryKey(),
  sourceJurisdictionId: text("source_jurisdiction_id").notNull(),
  number: text("number").notNull(),
  version: integer("version").notNull(),
  status: text("status").notNull(),
  state: jsonb("state").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
});

/** Every (ticket, version) the region received, once: the receiver's deduplication. */
export const exchangeReceipts = pgTable(
  "exchange_receipt",
  {
    ticketId: uuid("ticket_id").notNull(),
    version: integer("version").notNull(),
    sourceJurisdictionId: text("source_jurisdiction_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.version] })],
);

/** Rate-limit counters shared by every instance (sign-in, public intake): key, count, window start. */
export const rateLimits = pgTable("rate_limit", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
});

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

/** Each platform's time zone, for counting tickets by local day in SQL (written from the policy at boot). */
export const analyticsZones = pgTable("analytics_zone", {
  jurisdictionId: text("jurisdiction_id")
    .primaryKey()
    .references(() => jurisdictions.id),
  timeZone: text("time_zone").notNull(),
});

/** When each rollup was last rebuilt, so answers from it can say "as of". */
export const rollupRefreshes = pgTable("rollup_refresh", {
  name: text("name").primaryKey(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
  tookMs: integer("took_ms").notNull(),
  /** The last rebuild of every day; in between, only days with changed tickets are rebuilt. */
  fullAt: timestamp("full_at", { withTimezone: true }),
  /** How many platform-days the last rebuild recomputed. */
  days: integer("days").notNull().default(0),
  /** The database's clock when the last rebuild began: events recorded since then are the changes to look at. */
  dbStartedAt: timestamp("db_started_at", { withTimezone: true }),
});

/** What the rollup and the cube count for each group of a day's tickets (fresh builders per table). */
function dailyMeasures() {
  return {
    received: integer("received").notNull(),
    concluded: integer("concluded").notNull(),
    withFeedback: integer("with_feedback").notNull(),
    onTime: integer("on_time").notNull(),
    rated: integer("rated").notNull(),
    satisfied: integer("satisfied").notNull(),
    ratedSatisfied: integer("rated_satisfied").notNull(),
    ratedBasicallySatisfied: integer("rated_basically_satisfied").notNull(),
    ratedUnsatisfied: integer("rated_unsatisfied").notNull(),
  };
}

/**
 * The daily rollup behind the dashboards: per platform, local day and dimension value
 * (`dim` = channel, type, category, district, unit, status, or `all` with value ''), the
 * tickets received that day (merged ones excluded) and how many concluded, got feedback
 * (on time), were rated and how. Rebuilt day by day from the tickets by `refreshRollups`.
 */
export const ticketDailyRollup = pgTable(
  "ticket_daily_rollup",
  {
    jurisdictionId: text("jurisdiction_id").notNull(),
    dim: text("dim").notNull(),
    day: date("day").notNull(),
    value: text("value").notNull(),
    ...dailyMeasures(),
  },
  // A dimension over a span of days is one contiguous range of this key; a rebuilt day is found by the second.
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.dim, t.day, t.value] }), index("ticket_daily_rollup_day_idx").on(t.jurisdictionId, t.day)],
);

/**
 * The tickets of a day counted by every dimension at once (channel, type, category, district,
 * lead unit, status): what the daily rollup is summed from, and what answers counts with any
 * filters over whole days. One row per combination that occurred; rebuilt with the rollup.
 */
export const ticketDailyCube = pgTable(
  "ticket_daily_cube",
  {
    jurisdictionId: text("jurisdiction_id").notNull(),
    day: date("day").notNull(),
    channel: text("channel").notNull(),
    type: text("type").notNull(),
    category: text("category").notNull(),
    district: text("district").notNull(),
    unit: text("unit").notNull(),
    status: text("status").notNull(),
    ...dailyMeasures(),
  },
  // A filter over a span of days reads one range of its dimension's index; a rebuilt day is found by the first.
  (t) => [
    index("ticket_daily_cube_day_idx").on(t.jurisdictionId, t.day),
    index("ticket_daily_cube_channel_idx").on(t.jurisdictionId, t.channel, t.day),
    index("ticket_daily_cube_category_idx").on(t.jurisdictionId, t.category, t.day),
    index("ticket_daily_cube_district_idx").on(t.jurisdictionId, t.district, t.day),
    index("ticket_daily_cube_unit_idx").on(t.jurisdictionId, t.unit, t.day),
  ],
);

/** Each platform's category tree (GZ-11, GX-20); begun from the shipped tree, then maintained by its admins. */
export const categories = pgTable(
  "category",
  {
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    /** C01, C0102, C010203…: stable, never reused; Open311's service codes. */
    code: text("code").notNull(),
    parentCode: text("parent_code"),
    name: text("name").notNull(),
    level: integer("level").notNull(),
    position: integer("position").notNull(),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.code] })],
);

/** GZ-8: the units whose leaders take part in call-answering in a year, fixed by the hotline's managing department. */
export const leaderSessionUnits = pgTable(
  "leader_session_unit",
  {
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    year: integer("year").notNull(),
    unitId: uuid("unit_id").notNull(),
    addedBy: text("added_by").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.year, t.unitId] })],
);

/** GZ-8, GX-23: the schedule of leader call-answering sessions; a cancelled one is kept with why. */
export const leaderSessions = pgTable(
  "leader_session",
  {
    id: uuid("id").primaryKey(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    unitId: uuid("unit_id").notNull(),
    leaderName: text("leader_name").notNull(),
    leaderTitle: text("leader_title").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    note: text("note").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by"),
    cancelReason: text("cancel_reason"),
  },
  (t) => [index("leader_session_time_idx").on(t.jurisdictionId, t.startsAt)],
);

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
