CREATE TABLE "timer_firing" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"worker" text NOT NULL,
	"outcome" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"ticket_version" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "timer_firing_ticket_idx" ON "timer_firing" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "timer_due_idx" ON "timer" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "timer_ticket_idx" ON "timer" USING btree ("ticket_id");