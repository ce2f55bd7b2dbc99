CREATE TABLE "policy_document" (
	"id" text PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by" text NOT NULL
);
