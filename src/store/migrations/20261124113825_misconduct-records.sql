CREATE TABLE "misconduct_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"staff_name" text,
	"kind" text NOT NULL,
	"measure" text NOT NULL,
	"description" text NOT NULL,
	"ticket_id" uuid,
	"rule" text NOT NULL,
	"recorded_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "misconduct_unit_idx" ON "misconduct_record" USING btree ("unit_id","at");--> statement-breakpoint
CREATE TRIGGER misconduct_record_append_only BEFORE UPDATE OR DELETE ON misconduct_record FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
