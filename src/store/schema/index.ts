import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
});
