-- The daily rollup becomes a table rebuilt day by day (only days whose tickets changed since
-- the last rebuild), keyed so one dimension over a span of days is one index range.
DROP MATERIALIZED VIEW "ticket_daily_rollup";
--> statement-breakpoint
CREATE TABLE "ticket_daily_rollup" (
	"jurisdiction_id" text NOT NULL,
	"dim" text NOT NULL,
	"day" date NOT NULL,
	"value" text NOT NULL,
	"received" integer NOT NULL,
	"concluded" integer NOT NULL,
	"with_feedback" integer NOT NULL,
	"on_time" integer NOT NULL,
	"rated" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"rated_satisfied" integer NOT NULL,
	"rated_basically_satisfied" integer NOT NULL,
	"rated_unsatisfied" integer NOT NULL,
	CONSTRAINT "ticket_daily_rollup_jurisdiction_id_dim_day_value_pk" PRIMARY KEY("jurisdiction_id","dim","day","value")
);
--> statement-breakpoint
ALTER TABLE "rollup_refresh" ADD COLUMN "full_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rollup_refresh" ADD COLUMN "days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DELETE FROM "rollup_refresh" WHERE "name" = 'ticket_daily_rollup';
