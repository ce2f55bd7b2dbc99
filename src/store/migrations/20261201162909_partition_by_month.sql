-- Contacts and ticket events partitioned by month (issue 9: five years of a big city keep their
-- query times, and old months can be managed apart). Each table is rebuilt as a partitioned one:
-- the months holding data and this one are created here, the months ahead by the app
-- (store/partitions.ts), and a default partition takes anything outside them.
ALTER TABLE "contact" RENAME TO "contact_old";--> statement-breakpoint
ALTER TABLE "contact_old" RENAME CONSTRAINT "contact_pkey" TO "contact_old_pkey";--> statement-breakpoint
ALTER TABLE "contact_old" RENAME CONSTRAINT "contact_jurisdiction_id_jurisdiction_id_fk" TO "contact_old_jurisdiction_fk";--> statement-breakpoint
ALTER INDEX "contact_phone_idx" RENAME TO "contact_old_phone_idx";--> statement-breakpoint
ALTER INDEX "contact_ticket_idx" RENAME TO "contact_old_ticket_idx";--> statement-breakpoint
ALTER INDEX "contact_linked_ticket_idx" RENAME TO "contact_old_linked_ticket_idx";--> statement-breakpoint
CREATE TABLE "contact" (LIKE "contact_old" INCLUDING DEFAULTS) PARTITION BY RANGE ("received_at");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_id_received_at_pk" PRIMARY KEY ("id", "received_at");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_phone_idx" ON "contact" USING btree ("jurisdiction_id", "requester_phone");--> statement-breakpoint
CREATE INDEX "contact_ticket_idx" ON "contact" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "contact_linked_ticket_idx" ON "contact" USING btree ("linked_ticket_id") WHERE "linked_ticket_id" is not null;--> statement-breakpoint
CREATE TABLE "contact_default" PARTITION OF "contact" DEFAULT;--> statement-breakpoint
ALTER TABLE "ticket_event" RENAME TO "ticket_event_old";--> statement-breakpoint
ALTER TABLE "ticket_event_old" RENAME CONSTRAINT "ticket_event_ticket_id_seq_pk" TO "ticket_event_old_pk";--> statement-breakpoint
ALTER TABLE "ticket_event_old" RENAME CONSTRAINT "ticket_event_ticket_id_ticket_id_fk" TO "ticket_event_old_ticket_fk";--> statement-breakpoint
ALTER INDEX "ticket_event_recorded_brin" RENAME TO "ticket_event_old_recorded_brin";--> statement-breakpoint
DROP TRIGGER "ticket_event_append_only" ON "ticket_event_old";--> statement-breakpoint
CREATE TABLE "ticket_event" (LIKE "ticket_event_old" INCLUDING DEFAULTS) PARTITION BY RANGE ("recorded_at");--> statement-breakpoint
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_seq_recorded_at_pk" PRIMARY KEY ("ticket_id", "seq", "recorded_at");--> statement-breakpoint
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_event_recorded_brin" ON "ticket_event" USING brin ("recorded_at");--> statement-breakpoint
CREATE TABLE "ticket_event_default" PARTITION OF "ticket_event" DEFAULT;--> statement-breakpoint
DO $$
DECLARE
  spec record;
  m timestamp;
BEGIN
  FOR spec IN SELECT * FROM (VALUES ('contact', 'received_at'), ('ticket_event', 'recorded_at')) v(tbl, col) LOOP
    FOR m IN EXECUTE format(
      'SELECT generate_series(date_trunc(''month'', coalesce((SELECT min(%I) FROM %I), now()) AT TIME ZONE ''UTC''), date_trunc(''month'', now() AT TIME ZONE ''UTC''), interval ''1 month'')',
      spec.col, spec.tbl || '_old') LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        spec.tbl || '_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'), spec.tbl,
        (m AT TIME ZONE 'UTC')::text, ((m + interval '1 month') AT TIME ZONE 'UTC')::text);
    END LOOP;
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "contact" SELECT * FROM "contact_old";--> statement-breakpoint
INSERT INTO "ticket_event" SELECT * FROM "ticket_event_old";--> statement-breakpoint
DROP TABLE "contact_old";--> statement-breakpoint
DROP TABLE "ticket_event_old";--> statement-breakpoint
CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON "ticket_event" FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
