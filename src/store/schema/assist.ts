import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./column-types.ts";
import { jurisdictions } from "./org.ts";

// Intake classifiers and what operators chose.

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
  (t) => [index("suggestion_choice_idx").on(t.jurisdictionId, t.target, t.at), index("suggestion_choice_ticket_idx").on(t.ticketId)],
);

/**
 * A decision on the label-correction queue (派单纠错): an overridden suggestion or an approved
 * return (the event at `seq`) shows the model a ticket it got wrong; an admin accepts the
 * corrected unit and category, or rejects it. Only accepted corrections train the next models.
 */
export const labelCorrections = pgTable(
  "label_correction",
  {
    ticketId: uuid("ticket_id").notNull(),
    seq: integer("seq").notNull(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    accepted: boolean("accepted").notNull(),
    unitId: uuid("unit_id"),
    category: text("category"),
    text: text("text").notNull(),
    note: text("note").notNull(),
    decidedBy: text("decided_by").notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.seq] }), index("label_correction_accepted_idx").on(t.jurisdictionId, t.accepted)],
);
