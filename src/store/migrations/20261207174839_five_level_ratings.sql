ALTER TABLE "ticket_daily_cube" ADD COLUMN "rated_very_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_cube" ADD COLUMN "rated_very_unsatisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_rollup" ADD COLUMN "rated_very_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_rollup" ADD COLUMN "rated_very_unsatisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Ratings given before five levels (国办发〔2019〕51号) keep their words: satisfied, basically
-- satisfied and unsatisfied are three of the five. The rule then counted the first two as
-- satisfied; the yes/no "solved?" answer becomes resolved or unresolved. Their events stay as given.
UPDATE "ticket" SET "state" = ("state" - 'resolved')
  || jsonb_build_object('countsSatisfied', "state"->>'rating' IN ('satisfied', 'basically_satisfied'))
  || CASE WHEN "state" ? 'resolved' THEN jsonb_build_object('solved', CASE WHEN ("state"->>'resolved')::boolean THEN 'resolved' ELSE 'unresolved' END) ELSE '{}'::jsonb END
WHERE "state" ? 'rating' AND NOT "state" ? 'countsSatisfied';
