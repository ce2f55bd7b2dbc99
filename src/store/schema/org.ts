import { jsonb, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// Platforms, their unit trees and category trees.

/** A platform (city or region) and the policy it runs under. */
export const jurisdictions = pgTable("jurisdiction", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  policyId: text("policy_id").notNull(),
  /** The platform above this one (a city under its region, GX-5). */
  parentId: text("parent_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A policy added to a running deployment with its platform (`hotline jurisdiction add`): the
 * shipped ones are files in data/policies/; these are loaded beside them at every start.
 */
export const policyDocuments = pgTable("policy_document", {
  id: text("id").primaryKey(),
  document: jsonb("document").notNull(),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  addedBy: text("added_by").notNull(),
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
