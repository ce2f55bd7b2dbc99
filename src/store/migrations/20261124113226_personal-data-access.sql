CREATE TABLE "personal_data_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" text,
	"ticket_id" uuid,
	"requester_phone" text,
	"purpose" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pda_ticket_idx" ON "personal_data_access" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "pda_actor_idx" ON "personal_data_access" USING btree ("actor_id","at");--> statement-breakpoint
CREATE TRIGGER personal_data_access_append_only BEFORE UPDATE OR DELETE ON personal_data_access FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
