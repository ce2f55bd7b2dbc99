CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "classifier_model" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"target" text NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"examples" integer NOT NULL,
	"labels" jsonb NOT NULL,
	"facts" jsonb NOT NULL,
	"model" "bytea" NOT NULL,
	"trained_by" text NOT NULL,
	"trained_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_article_version" (
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"reason" text NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "knowledge_article_version_article_id_version_pk" PRIMARY KEY("article_id","version")
);
--> statement-breakpoint
CREATE TABLE "knowledge_article" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"version" integer NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"category" text,
	"owner_unit_id" uuid NOT NULL,
	"valid_from" text NOT NULL,
	"valid_to" text,
	"source_document" text,
	"review_state" text NOT NULL,
	"superseded_by" uuid,
	"supersedes" uuid,
	"search" "tsvector" NOT NULL,
	"initials" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_question" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"question" text NOT NULL,
	"asked_by" text NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"rule" text,
	"answered_at" timestamp with time zone,
	"article_id" uuid
);
--> statement-breakpoint
CREATE TABLE "suggestion_choice" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"ticket_id" uuid,
	"target" text NOT NULL,
	"model_version" integer NOT NULL,
	"suggested" jsonb NOT NULL,
	"chosen" text NOT NULL,
	"accepted" boolean NOT NULL,
	"text" text NOT NULL,
	"chosen_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_text" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"requester_phone" text,
	"district" text,
	"sub_district" text,
	"place" text,
	"words" "tsvector" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "classifier_model" ADD CONSTRAINT "classifier_model_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_article" ADD CONSTRAINT "knowledge_article_jurisdiction_id_jurisdiction_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdiction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "classifier_model_version_uq" ON "classifier_model" USING btree ("jurisdiction_id","target","version");--> statement-breakpoint
CREATE INDEX "knowledge_search_idx" ON "knowledge_article" USING gin ("search") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "knowledge_question_trgm_idx" ON "knowledge_article" USING gin ("question" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "knowledge_initials_trgm_idx" ON "knowledge_article" USING gin ("initials" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "knowledge_owner_idx" ON "knowledge_article" USING btree ("jurisdiction_id","owner_unit_id");--> statement-breakpoint
CREATE INDEX "knowledge_question_unit_idx" ON "knowledge_question" USING btree ("unit_id","answered_at");--> statement-breakpoint
CREATE INDEX "suggestion_choice_idx" ON "suggestion_choice" USING btree ("jurisdiction_id","target","at");--> statement-breakpoint
CREATE INDEX "ticket_text_words_idx" ON "ticket_text" USING gin ("words") WITH (fastupdate=true, gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "ticket_text_phone_idx" ON "ticket_text" USING btree ("jurisdiction_id","requester_phone","received_at");--> statement-breakpoint
CREATE INDEX "ticket_text_place_idx" ON "ticket_text" USING btree ("jurisdiction_id","place","received_at");--> statement-breakpoint
CREATE INDEX "ticket_text_received_idx" ON "ticket_text" USING btree ("jurisdiction_id","received_at");--> statement-breakpoint
CREATE TRIGGER knowledge_article_version_append_only BEFORE UPDATE OR DELETE ON knowledge_article_version FOR EACH ROW EXECUTE FUNCTION hotline_refuse_history_change();
