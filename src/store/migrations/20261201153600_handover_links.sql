CREATE TABLE "handover_link" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handover_receipt" (
	"unit_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"outcome" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "handover_receipt_unit_id_item_id_pk" PRIMARY KEY("unit_id","item_id")
);
--> statement-breakpoint
DROP INDEX "exchange_outbox_version_uq";--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD COLUMN "target" text DEFAULT 'parent' NOT NULL;--> statement-breakpoint
ALTER TABLE "handover_link" ADD CONSTRAINT "handover_link_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_outbox_target_version_uq" ON "exchange_outbox" USING btree ("target","ticket_id","ticket_version");