ALTER TABLE "ticket_daily_cube" ADD COLUMN "answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_cube" ADD COLUMN "satisfied_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_cube" ADD COLUMN "asked_solved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_cube" ADD COLUMN "resolved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_cube" ADD COLUMN "partially_resolved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_rollup" ADD COLUMN "answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_rollup" ADD COLUMN "satisfied_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_rollup" ADD COLUMN "asked_solved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_rollup" ADD COLUMN "resolved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_daily_rollup" ADD COLUMN "partially_resolved" integer DEFAULT 0 NOT NULL;