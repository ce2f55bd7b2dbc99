CREATE TABLE "leader_session_unit" (
	"jurisdiction_id" text NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "leader_session_unit_jurisdiction_id_year_unit_id_pk" PRIMARY KEY("jurisdiction_id","year","unit_id")
);
--> statement-breakpoint
CREATE TABLE "leader_session" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"leader_name" text NOT NULL,
	"leader_title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text
);
--> statement-breakpoint
ALTER TABLE "leader_session_unit" ADD CONSTRAINT "leader_session_unit_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_session" ADD CONSTRAINT "leader_session_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leader_session_time_idx" ON "leader_session" USING btree ("jurisdiction_id","starts_at");