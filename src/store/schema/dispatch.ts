import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { jurisdictions } from "./org.ts";

// The dispatch catalogue (派单目录) and its disputes.

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
    assistingUnitIds: uuid("assisting_unit_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    legalBasis: text("legal_basis").notNull(),
    /** A principle decided for a class of difficult cases (GZ-16, GX-19): decision, date, approving body. */
    principle: jsonb("principle"),
    /** The document the duty rests on (kind, title, number, clause); absent on entries made before sources were kept. */
    source: jsonb("source"),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    validTo: timestamp("valid_to", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    reason: text("reason").notNull(),
    /** Who retired the entry (停用) and why; absent on a version closed by a newer one. */
    retiredBy: text("retired_by"),
    retireReason: text("retire_reason"),
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
