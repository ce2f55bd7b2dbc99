CREATE TABLE "catalogue_dispute" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"legal_basis" text NOT NULL,
	"status" text NOT NULL,
	"decided_by" text,
	"decision_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "catalogue_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"entry_key" uuid NOT NULL,
	"version" integer NOT NULL,
	"category" text NOT NULL,
	"district" text,
	"sub_district" text,
	"lead_unit_id" uuid NOT NULL,
	"assisting_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"legal_basis" text NOT NULL,
	"principle" jsonb,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	"created_by" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_entry" ADD CONSTRAINT "catalogue_entry_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_lookup_idx" ON "catalogue_entry" USING btree ("jurisdiction_id","category","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_key_version_uq" ON "catalogue_entry" USING btree ("entry_key","version");