ALTER TABLE "api_token" ADD COLUMN "jurisdiction_id" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "jurisdiction_id" text;--> statement-breakpoint
ALTER TABLE "personal_data_access" ADD COLUMN "jurisdiction_id" text;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_jurisdiction_idx" ON "audit_log" USING btree ("jurisdiction_id","at");--> statement-breakpoint
CREATE INDEX "pda_jurisdiction_idx" ON "personal_data_access" USING btree ("jurisdiction_id","at");--> statement-breakpoint
-- Earlier rows: a person's action belongs to the person's platform; an admin action whose target
-- starts with a platform id belongs to that platform; a view of a ticket's requester to the ticket's.
UPDATE "audit_log" a SET "jurisdiction_id" = u."jurisdiction_id" FROM "app_user" u WHERE a."jurisdiction_id" IS NULL AND a."actor_id" = u."id"::text;--> statement-breakpoint
UPDATE "audit_log" a SET "jurisdiction_id" = j."id" FROM "jurisdiction" j WHERE a."jurisdiction_id" IS NULL AND a."target" LIKE j."id" || '/%';--> statement-breakpoint
UPDATE "personal_data_access" p SET "jurisdiction_id" = t."jurisdiction_id" FROM "ticket" t WHERE p."jurisdiction_id" IS NULL AND p."ticket_id" = t."id";--> statement-breakpoint
UPDATE "personal_data_access" p SET "jurisdiction_id" = u."jurisdiction_id" FROM "app_user" u WHERE p."jurisdiction_id" IS NULL AND p."actor_id" = u."id"::text;
