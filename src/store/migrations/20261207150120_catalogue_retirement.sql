ALTER TABLE "catalogue_entry" ADD COLUMN "retired_by" text;--> statement-breakpoint
ALTER TABLE "catalogue_entry" ADD COLUMN "retire_reason" text;