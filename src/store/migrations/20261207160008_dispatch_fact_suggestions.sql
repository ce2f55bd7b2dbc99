ALTER TABLE "dispatch_fact" ADD COLUMN "suggested" uuid[];--> statement-breakpoint
ALTER TABLE "dispatch_fact" ADD COLUMN "lead_unit_id" uuid;--> statement-breakpoint
-- The lead unit of the tickets already in the facts; none had suggestions recorded before.
UPDATE "dispatch_fact" f SET "lead_unit_id" = t.lead_unit_id FROM "ticket" t WHERE t.id = f.ticket_id;
