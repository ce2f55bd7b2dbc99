import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { jurisdictions } from "./org.ts";

// Leader call-answering sessions and the units that take part.

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
