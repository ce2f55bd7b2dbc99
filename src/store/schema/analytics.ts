import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { jurisdictions } from "./org.ts";

// Hot-spot alerts and the daily rollup and cube.

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
    // The two outer levels of five (国办发〔2019〕51号); rows built before them hold 0.
    ratedVerySatisfied: integer("rated_very_satisfied").notNull().default(0),
    ratedVeryUnsatisfied: integer("rated_very_unsatisfied").notNull().default(0),
    // The outcomes the rate formulas name beyond the above (domain/assessment/outcome-counts.ts).
    answered: integer("answered").notNull().default(0),
    satisfiedAnswered: integer("satisfied_answered").notNull().default(0),
    askedSolved: integer("asked_solved").notNull().default(0),
    resolved: integer("resolved").notNull().default(0),
    partiallyResolved: integer("partially_resolved").notNull().default(0),
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

/**
 * Each dispatched ticket's dispatch record (派单质量, 国办函〔2025〕66号), written with its events
 * in the same statement: a month's figures are sums over the tickets first dispatched in it.
 * Category, district and whether it is concluded travel with it, so no join to the ticket.
 */
export const dispatchFacts = pgTable(
  "dispatch_fact",
  {
    ticketId: uuid("ticket_id").primaryKey(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    firstUnitId: uuid("first_unit_id").notNull(),
    dispatcherId: text("dispatcher_id").notNull(),
    dispatcherName: text("dispatcher_name").notNull(),
    category: text("category").notNull(),
    district: text("district").notNull(),
    asked: integer("asked").notNull(),
    approved: integer("approved").notNull(),
    refused: integer("refused").notNull(),
    msLost: bigint("ms_lost", { mode: "number" }).notNull(),
    concluded: boolean("concluded").notNull(),
    /** The units suggested at the first dispatch, best first; null where none were shown. */
    suggested: uuid("suggested").array(),
    /** The lead unit now: once concluded, the unit that concluded it. */
    leadUnitId: uuid("lead_unit_id"),
  },
  // Rows come in the order of their first dispatch, so a block range index finds a month's rows
  // in a millisecond, where the b-tree's bitmap of 300 000 entries takes 100 ms; the b-tree
  // serves a figure's tickets in order, a page at a time.
  (t) => [
    index("dispatch_fact_month_idx").on(t.jurisdictionId, t.firstAt),
    index("dispatch_fact_first_at_brin").using("brin", t.firstAt).with({ pages_per_range: 32 }),
    // A unit's record with a category, the evidence of a dispatch suggestion: its clean conclusions, newest first.
    index("dispatch_fact_track_record_idx")
      .on(t.jurisdictionId, t.category, t.firstUnitId, t.firstAt)
      .where(sql`approved = 0 and concluded`),
  ],
);
