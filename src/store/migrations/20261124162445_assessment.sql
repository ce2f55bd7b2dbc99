CREATE TABLE "assessment_adjustment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"period" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" uuid,
	"item" text,
	"points" integer,
	"reason" text NOT NULL,
	"appeal_id" uuid,
	"by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_appeal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"period" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"ticket_id" uuid,
	"reason" text NOT NULL,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"window_due" timestamp with time zone,
	"status" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE INDEX "assessment_adjustment_period_idx" ON "assessment_adjustment" USING btree ("jurisdiction_id","period");--> statement-breakpoint
CREATE INDEX "assessment_appeal_period_idx" ON "assessment_appeal" USING btree ("jurisdiction_id","period");--> statement-breakpoint
CREATE TRIGGER assessment_adjustment_append_only BEFORE UPDATE OR DELETE ON assessment_adjustment FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
