CREATE TABLE "ticket_daily_cube" (
	"jurisdiction_id" text NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"type" text NOT NULL,
	"category" text NOT NULL,
	"district" text NOT NULL,
	"unit" text NOT NULL,
	"status" text NOT NULL,
	"received" integer NOT NULL,
	"concluded" integer NOT NULL,
	"with_feedback" integer NOT NULL,
	"on_time" integer NOT NULL,
	"rated" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"rated_satisfied" integer NOT NULL,
	"rated_basically_satisfied" integer NOT NULL,
	"rated_unsatisfied" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticket_daily_cube_day_idx" ON "ticket_daily_cube" USING btree ("jurisdiction_id","day");--> statement-breakpoint
CREATE INDEX "ticket_daily_cube_channel_idx" ON "ticket_daily_cube" USING btree ("jurisdiction_id","channel","day");--> statement-breakpoint
CREATE INDEX "ticket_daily_cube_category_idx" ON "ticket_daily_cube" USING btree ("jurisdiction_id","category","day");--> statement-breakpoint
CREATE INDEX "ticket_daily_cube_district_idx" ON "ticket_daily_cube" USING btree ("jurisdiction_id","district","day");--> statement-breakpoint
CREATE INDEX "ticket_daily_cube_unit_idx" ON "ticket_daily_cube" USING btree ("jurisdiction_id","unit","day");