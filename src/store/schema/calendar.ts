import { boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

// The official calendar: loaded notice years, their days, and every load.

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
