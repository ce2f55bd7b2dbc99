import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Call events and call records.

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
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.callId] }),
    index("call_record_started_idx").on(t.jurisdictionId, t.startedAt),
    index("call_record_callback_idx").on(t.jurisdictionId, t.callbackDoneAt, t.callbackDue),
  ],
);
