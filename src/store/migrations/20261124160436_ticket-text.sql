CREATE TABLE "ticket_text" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"requester_phone" text,
	"district" text,
	"sub_district" text,
	"place" text,
	"words" "tsvector" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticket_text_words_idx" ON "ticket_text" USING gin ("words");--> statement-breakpoint
CREATE INDEX "ticket_text_phone_idx" ON "ticket_text" USING btree ("jurisdiction_id","requester_phone","received_at");--> statement-breakpoint
CREATE INDEX "ticket_text_place_idx" ON "ticket_text" USING btree ("jurisdiction_id","place","received_at");--> statement-breakpoint
CREATE INDEX "ticket_text_received_idx" ON "ticket_text" USING btree ("jurisdiction_id","received_at");