CREATE TABLE "outbound_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"template" text NOT NULL,
	"recipient" text NOT NULL,
	"body" text NOT NULL,
	"ticket_id" uuid,
	"dedupe_key" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"provider" text,
	"provider_ref" text,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbound_message_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE INDEX "outbound_message_due_idx" ON "outbound_message" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbound_message_ticket_idx" ON "outbound_message" USING btree ("ticket_id");