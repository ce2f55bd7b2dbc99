-- Changes since the last rollup rebuild are found from the events (a BRIN index on their time)
-- instead of a b-tree on ticket.updated_at, which cost every ticket write about a tenth.
ALTER TABLE "rollup_refresh" ADD COLUMN "db_started_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "ticket_event_recorded_brin" ON "ticket_event" USING brin ("recorded_at");