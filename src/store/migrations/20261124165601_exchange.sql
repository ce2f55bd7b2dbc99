CREATE TABLE "exchange_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ticket_version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exchange_receipt" (
	"ticket_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"source_jurisdiction_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exchange_receipt_ticket_id_version_pk" PRIMARY KEY("ticket_id","version")
);
--> statement-breakpoint
CREATE TABLE "exchange_ticket" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"source_jurisdiction_id" text NOT NULL,
	"number" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"state" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_outbox_version_uq" ON "exchange_outbox" USING btree ("ticket_id","ticket_version");--> statement-breakpoint
CREATE INDEX "exchange_outbox_due_idx" ON "exchange_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE TRIGGER exchange_receipt_append_only BEFORE UPDATE OR DELETE ON exchange_receipt FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
