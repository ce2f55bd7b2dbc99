ALTER TABLE "outbound_message" ADD COLUMN "receipt_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbound_message_ref_idx" ON "outbound_message" USING btree ("provider_ref");