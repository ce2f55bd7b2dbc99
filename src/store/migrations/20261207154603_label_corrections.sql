CREATE TABLE "label_correction" (
	"ticket_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"accepted" boolean NOT NULL,
	"unit_id" uuid,
	"category" text,
	"text" text NOT NULL,
	"note" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "label_correction_ticket_id_seq_pk" PRIMARY KEY("ticket_id","seq")
);
--> statement-breakpoint
CREATE INDEX "label_correction_accepted_idx" ON "label_correction" USING btree ("jurisdiction_id","accepted");