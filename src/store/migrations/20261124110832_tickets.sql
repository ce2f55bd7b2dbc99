CREATE TABLE "contact" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"operator_id" text NOT NULL,
	"requester_phone" text,
	"record" jsonb NOT NULL,
	"decision" text NOT NULL,
	"rule" text NOT NULL,
	"ticket_id" uuid,
	"linked_ticket_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_key" (
	"jurisdiction_id" text NOT NULL,
	"key" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_jurisdiction_id_key_pk" PRIMARY KEY("jurisdiction_id","key")
);
--> statement-breakpoint
CREATE TABLE "requester_note" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"requester_phone" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"operator_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_event" (
	"ticket_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" text,
	"command" text NOT NULL,
	"rule" text,
	"data" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_event_ticket_id_seq_pk" PRIMARY KEY("ticket_id","seq")
);
--> statement-breakpoint
CREATE TABLE "ticket_number_counter" (
	"prefix" text NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "ticket_number_counter_prefix_day_pk" PRIMARY KEY("prefix","day")
);
--> statement-breakpoint
CREATE TABLE "ticket" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"urgent" boolean NOT NULL,
	"category" text,
	"district" text,
	"lead_unit_id" uuid,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"dispatch_due" timestamp with time zone,
	"due_at" timestamp with time zone,
	"provisional" boolean DEFAULT false NOT NULL,
	"version" integer NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_phone_idx" ON "contact" USING btree ("jurisdiction_id","requester_phone");--> statement-breakpoint
CREATE INDEX "contact_ticket_idx" ON "contact" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "requester_note_phone_idx" ON "requester_note" USING btree ("jurisdiction_id","requester_phone");--> statement-breakpoint
CREATE INDEX "ticket_jurisdiction_status_idx" ON "ticket" USING btree ("jurisdiction_id","status","received_at");--> statement-breakpoint
CREATE INDEX "ticket_lead_unit_status_idx" ON "ticket" USING btree ("lead_unit_id","status");--> statement-breakpoint
CREATE INDEX "ticket_due_idx" ON "ticket" USING btree ("due_at");