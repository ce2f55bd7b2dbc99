import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { units } from "./org.ts";

// The city–region exchange and the units' own systems (hand-over).

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
  (t) => [
    uniqueIndex("exchange_outbox_target_version_uq").on(t.target, t.ticketId, t.ticketVersion),
    index("exchange_outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
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
export const exchangeTickets = pgTable(
  "exchange_ticket",
  {
    ticketId: uuid("ticket_id").primaryKey(),
    sourceJurisdictionId: text("source_jurisdiction_id").notNull(),
    number: text("number").notNull(),
    version: integer("version").notNull(),
    status: text("status").notNull(),
    state: jsonb("state").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  // The region's list of its cities' tickets, newest first, a page at a time: all cities, or one.
  (t) => [
    index("exchange_ticket_received_idx").on(t.receivedAt, t.ticketId),
    index("exchange_ticket_source_received_idx").on(t.sourceJurisdictionId, t.receivedAt, t.ticketId),
  ],
);

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
