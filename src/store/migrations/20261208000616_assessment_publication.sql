CREATE TABLE "assessment_publication" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"period" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"result" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_publication_period_idx" ON "assessment_publication" USING btree ("jurisdiction_id","period");