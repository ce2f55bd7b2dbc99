import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// Misconduct records, assessment adjustments and appeals.

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
 * A period's published results (GX-33, GX-34): the whole result as published, kept as it was, so a
 * later adjustment or recount never changes what the government and the units were told. One per period.
 */
export const assessmentPublications = pgTable(
  "assessment_publication",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    /** `YYYY年度` (or `YYYY-MM`). */
    period: text("period").notNull(),
    publishedBy: text("published_by").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    result: jsonb("result").notNull(),
  },
  (t) => [uniqueIndex("assessment_publication_period_idx").on(t.jurisdictionId, t.period)],
);
