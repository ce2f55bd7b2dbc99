-- Messages wait in the queue without a gateway reference: only sent ones are looked up by it (delivery receipts).
DROP INDEX "outbound_message_ref_idx";--> statement-breakpoint
CREATE INDEX "outbound_message_ref_idx" ON "outbound_message" USING btree ("provider_ref") WHERE provider_ref is not null;