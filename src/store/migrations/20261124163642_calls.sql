CREATE TABLE "call_event_log" (
	"jurisdiction_id" text NOT NULL,
	"event_id" text NOT NULL,
	"call_id" text NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "call_event_log_jurisdiction_id_event_id_pk" PRIMARY KEY("jurisdiction_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "call_record" (
	"jurisdiction_id" text NOT NULL,
	"call_id" text NOT NULL,
	"record" jsonb NOT NULL,
	"caller" text,
	"started_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"wait_seconds" integer,
	"callback_due" timestamp with time zone,
	"callback_done_at" timestamp with time zone,
	"callback_by" text,
	"callback_note" text,
	"ticket_id" uuid,
	"recording_deleted_at" timestamp with time zone,
	"recording_deleted_by" text,
	CONSTRAINT "call_record_jurisdiction_id_call_id_pk" PRIMARY KEY("jurisdiction_id","call_id")
);
--> statement-breakpoint
CREATE INDEX "call_record_started_idx" ON "call_record" USING btree ("jurisdiction_id","started_at");--> statement-breakpoint
CREATE INDEX "call_record_callback_idx" ON "call_record" USING btree ("jurisdiction_id","callback_done_at","callback_due");--> statement-breakpoint
CREATE TRIGGER call_event_log_append_only BEFORE UPDATE OR DELETE ON call_event_log FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
