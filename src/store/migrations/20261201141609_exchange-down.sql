CREATE TABLE "exchange_down" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source_jurisdiction_id" text NOT NULL,
	"target_jurisdiction_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"note" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"target_ticket_id" uuid,
	"target_ticket_number" text
);
--> statement-breakpoint
CREATE INDEX "exchange_down_due_idx" ON "exchange_down" USING btree ("status","next_attempt_at");