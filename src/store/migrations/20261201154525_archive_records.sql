CREATE TABLE "archive_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archive_record" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"body" text,
	"ticket_ids" uuid[] NOT NULL,
	"year" integer NOT NULL,
	"retain_until" timestamp with time zone,
	"filed_by" text NOT NULL,
	"filed_by_name" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"disposed_at" timestamp with time zone,
	"disposed_by" text,
	"disposal_reason" text
);
--> statement-breakpoint
ALTER TABLE "archive_file" ADD CONSTRAINT "archive_file_record_id_archive_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."archive_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "archive_file_record_idx" ON "archive_file" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "archive_record_year_idx" ON "archive_record" USING btree ("jurisdiction_id","year","kind");--> statement-breakpoint
CREATE INDEX "ticket_archive_year_idx" ON "ticket" USING btree ("jurisdiction_id",(("state"->'archive'->>'year')::int)) WHERE "ticket"."status" = 'archived';