CREATE TABLE "hotspot_alert" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"place" text NOT NULL,
	"top_words" jsonb NOT NULL,
	"count" integer NOT NULL,
	"previous_count" integer NOT NULL,
	"ticket_ids" jsonb NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "hotspot_alert_dedupe_uq" ON "hotspot_alert" USING btree ("jurisdiction_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "hotspot_alert_open_idx" ON "hotspot_alert" USING btree ("jurisdiction_id","raised_at");