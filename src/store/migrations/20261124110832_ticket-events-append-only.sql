-- Ticket events and calendar loads are history: refuse any UPDATE or DELETE of them.
CREATE OR REPLACE FUNCTION hotline_refuse_history_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON ticket_event FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER calendar_import_append_only BEFORE UPDATE OR DELETE ON calendar_import FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER requester_note_append_only BEFORE UPDATE OR DELETE ON requester_note FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
