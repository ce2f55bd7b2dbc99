-- Tickets and their events partitioned by month (issue 9), on the ticket's id: new tickets' ids are
-- time-ordered UUIDs stamped with the time received (store/uuid.ts), so a month of receipt is a
-- range of ids. The id stays the ticket's primary key: lookups, the version-checked update and the
-- foreign key of attachments keep using it, each reaching one partition; a ticket's events lie in
-- its month's partition (they were partitioned by time recorded, which made loading one ticket's
-- events visit every month), and (ticket_id, seq) is a primary key again. Events lose their foreign
-- key: each is written by the statement that writes its ticket's row, selecting from that row, and
-- the key's check against the partitioned ticket table cost ~10 % of every write.
-- Tickets made before this have random ids; they stay where their ids fall (mostly the default
-- partitions), found by id as before, and `ticket_id_legacy` records until when they were
-- received, so queries over a period bound the ids only after it (store/ticket-periods.ts).
ALTER TABLE "attachment" DROP CONSTRAINT "attachment_ticket_id_ticket_id_fk";--> statement-breakpoint
ALTER TABLE "ticket_event" DROP CONSTRAINT "ticket_event_ticket_id_ticket_id_fk";--> statement-breakpoint
DROP TRIGGER "ticket_event_append_only" ON "ticket_event";--> statement-breakpoint
ALTER TABLE "ticket_event" RENAME TO "ticket_event_old";--> statement-breakpoint
DO $$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'ticket_event_old'::regclass LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p.relname, p.relname || '_old');
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "ticket_event_old" RENAME CONSTRAINT "ticket_event_ticket_id_seq_recorded_at_pk" TO "ticket_event_old_pk";--> statement-breakpoint
ALTER INDEX "ticket_event_recorded_brin" RENAME TO "ticket_event_old_recorded_brin";--> statement-breakpoint
ALTER TABLE "ticket" RENAME TO "ticket_old";--> statement-breakpoint
ALTER TABLE "ticket_old" RENAME CONSTRAINT "ticket_pkey" TO "ticket_old_pkey";--> statement-breakpoint
ALTER TABLE "ticket_old" RENAME CONSTRAINT "ticket_number_unique" TO "ticket_old_number_unique";--> statement-breakpoint
ALTER TABLE "ticket_old" RENAME CONSTRAINT "ticket_jurisdiction_id_jurisdiction_id_fk" TO "ticket_old_jurisdiction_fk";--> statement-breakpoint
ALTER INDEX "ticket_jurisdiction_status_idx" RENAME TO "ticket_old_jurisdiction_status_idx";--> statement-breakpoint
ALTER INDEX "ticket_jurisdiction_received_idx" RENAME TO "ticket_old_jurisdiction_received_idx";--> statement-breakpoint
ALTER INDEX "ticket_lead_unit_status_idx" RENAME TO "ticket_old_lead_unit_status_idx";--> statement-breakpoint
ALTER INDEX "ticket_due_idx" RENAME TO "ticket_old_due_idx";--> statement-breakpoint
ALTER INDEX "ticket_archive_year_idx" RENAME TO "ticket_old_archive_year_idx";--> statement-breakpoint
ALTER INDEX "ticket_open_due_idx" RENAME TO "ticket_old_open_due_idx";--> statement-breakpoint
CREATE TABLE "ticket" (LIKE "ticket_old" INCLUDING DEFAULTS) PARTITION BY RANGE ("id");--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_pkey" PRIMARY KEY ("id");--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_number_idx" ON "ticket" USING btree ("number");--> statement-breakpoint
CREATE INDEX "ticket_jurisdiction_status_idx" ON "ticket" USING btree ("jurisdiction_id", "status", "received_at");--> statement-breakpoint
CREATE INDEX "ticket_jurisdiction_received_idx" ON "ticket" USING btree ("jurisdiction_id", "received_at");--> statement-breakpoint
CREATE INDEX "ticket_lead_unit_status_idx" ON "ticket" USING btree ("lead_unit_id", "status");--> statement-breakpoint
CREATE INDEX "ticket_due_idx" ON "ticket" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "ticket_archive_year_idx" ON "ticket" USING btree ("jurisdiction_id", ((("state" -> 'archive') ->> 'year')::integer)) WHERE "status" = 'archived';--> statement-breakpoint
CREATE INDEX "ticket_open_due_idx" ON "ticket" USING btree ("jurisdiction_id", "due_at") WHERE "status" IN ('awaiting_sign', 'handling', 'awaiting_return_decision', 'awaiting_unit_review');--> statement-breakpoint
CREATE TABLE "ticket_default" PARTITION OF "ticket" DEFAULT;--> statement-breakpoint
CREATE TABLE "ticket_event" (LIKE "ticket_event_old" INCLUDING DEFAULTS) PARTITION BY RANGE ("ticket_id");--> statement-breakpoint
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_seq_pk" PRIMARY KEY ("ticket_id", "seq");--> statement-breakpoint
CREATE INDEX "ticket_event_recorded_brin" ON "ticket_event" USING brin ("recorded_at");--> statement-breakpoint
CREATE TABLE "ticket_event_default" PARTITION OF "ticket_event" DEFAULT;--> statement-breakpoint
-- The smallest ticket id of a moment (store/uuid.ts ticketIdFloor): month bounds, id bounds of periods.
-- Not STRICT, so PostgreSQL inlines it into the check constraint below (greatest() is not strict).
CREATE FUNCTION hotline_ticket_id_floor(at timestamptz) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (lpad(to_hex(greatest(0, floor(extract(epoch FROM at) * 1000))::bigint), 12, '0') || '00000000000000000000')::uuid
$$;--> statement-breakpoint
-- A ticket id for a moment (store/uuid.ts ticketIdAt), for data made in SQL (benchmarks, imports);
-- its other bits from `rand` (a repeatable one gives repeatable ids).
CREATE FUNCTION hotline_ticket_id(at timestamptz, rand uuid DEFAULT gen_random_uuid()) RETURNS uuid LANGUAGE sql VOLATILE STRICT PARALLEL SAFE AS $$
  SELECT (left(replace(hotline_ticket_id_floor(at)::text, '-', ''), 12) || '7' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid
  FROM (SELECT replace(rand::text, '-', '') AS h) r
$$;--> statement-breakpoint
CREATE TABLE "ticket_id_legacy" ("received_until" timestamptz);--> statement-breakpoint
INSERT INTO "ticket_id_legacy" SELECT max("received_at") FROM "ticket_old" HAVING count(*) > 0;--> statement-breakpoint
DO $$
DECLARE
  tbl text;
  m timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
BEGIN
  FOREACH tbl IN ARRAY ARRAY['ticket', 'ticket_event'] LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
      tbl || '_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'), tbl,
      hotline_ticket_id_floor(m AT TIME ZONE 'UTC')::text, hotline_ticket_id_floor((m + interval '1 month') AT TIME ZONE 'UTC')::text);
  END LOOP;
END $$;--> statement-breakpoint
-- The database keeps what period queries rely on: a ticket's id carries the millisecond it was
-- received, unless it was received by the cut-off of the random ids (then no bound is used for it).
DO $$
DECLARE
  cutoff timestamptz := (SELECT received_until FROM ticket_id_legacy);
BEGIN
  -- Written without a function call: a SQL function in a constraint is inlined again on every statement.
  EXECUTE format('ALTER TABLE "ticket" ADD CONSTRAINT "ticket_id_carries_received_at" CHECK (((''x'' || left(replace(id::text, ''-'', ''''), 12))::bit(48)::bigint = floor(extract(epoch FROM received_at) * 1000)::bigint)%s)',
    CASE WHEN cutoff IS NULL THEN '' ELSE format(' OR received_at <= %L::timestamptz', cutoff) END);
END $$;--> statement-breakpoint
INSERT INTO "ticket" SELECT * FROM "ticket_old";--> statement-breakpoint
INSERT INTO "ticket_event" SELECT * FROM "ticket_event_old";--> statement-breakpoint
DROP TABLE "ticket_event_old";--> statement-breakpoint
DROP TABLE "ticket_old";--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON "ticket_event" FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
