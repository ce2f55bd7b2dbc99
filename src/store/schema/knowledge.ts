import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tsvector } from "./column-types.ts";
import { jurisdictions } from "./org.ts";

// Knowledge articles, their versions and knowledge questions.

/** A knowledge article (知识点), current version; every version is kept in `knowledge_article_version`. */
export const knowledgeArticles = pgTable(
  "knowledge_article",
  {
    id: uuid("id").primaryKey(),
    jurisdictionId: text("jurisdiction_id")
      .notNull()
      .references(() => jurisdictions.id),
    version: integer("version").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    category: text("category"),
    ownerUnitId: uuid("owner_unit_id").notNull(),
    validFrom: text("valid_from").notNull(),
    validTo: text("valid_to"),
    sourceDocument: text("source_document"),
    /** draft → in_review → published; withdrawn; superseded (by `supersededBy`). */
    reviewState: text("review_state").notNull(),
    supersededBy: uuid("superseded_by"),
    /** The article this one replaces once published. */
    supersedes: uuid("supersedes"),
    /** jieba words of question (twice, for weight) and answer, as a `simple` tsvector. */
    search: tsvector("search").notNull(),
    /** Pinyin initials of the question (医保报销 → ybbx), for initials search. */
    initials: text("initials").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("knowledge_search_idx").using("gin", t.search).with({ fastupdate: false }),
    index("knowledge_question_trgm_idx")
      .using("gin", sql`${t.question} gin_trgm_ops`)
      .with({ fastupdate: false }),
    index("knowledge_initials_trgm_idx")
      .using("gin", sql`${t.initials} gin_trgm_ops`)
      .with({ fastupdate: false }),
    index("knowledge_owner_idx").on(t.jurisdictionId, t.ownerUnitId),
  ],
);

/** Every version of every article, append-only: who changed what, when and why. */
export const knowledgeArticleVersions = pgTable(
  "knowledge_article_version",
  {
    articleId: uuid("article_id").notNull(),
    version: integer("version").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    reason: text("reason").notNull(),
    changedBy: text("changed_by").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

/** A knowledge question (知识点补充) from the hotline to a unit, with its limit (GX-29.2). */
export const knowledgeQuestions = pgTable(
  "knowledge_question",
  {
    id: uuid("id").primaryKey(),
    jurisdictionId: text("jurisdiction_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    question: text("question").notNull(),
    askedBy: text("asked_by").notNull(),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull(),
    /** Null where the policy sets no limit for knowledge questions. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    rule: text("rule"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    articleId: uuid("article_id"),
  },
  (t) => [index("knowledge_question_unit_idx").on(t.unitId, t.answeredAt)],
);
