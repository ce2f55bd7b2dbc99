import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { jurisdictions } from "./org.ts";

// Accounts, sessions, API tokens, the audit log, views of personal data and shared rate limits.

/** Hashed API tokens for administrators and integrations (the token itself is shown once). */
export const apiTokens = pgTable("api_token", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  scopes: text("scopes")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  /** The platform a city admin's token acts for; null for the deployment's own tokens (first start, CLI). */
  jurisdictionId: text("jurisdiction_id").references(() => jurisdictions.id),
  /** After this the token is refused; null: until revoked. */
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  /** When a request last used it (to the lookup cache's 10 s): what an admin checks before revoking. */
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
});

/** Every view of a requester's personal data: who, which ticket, why (GZ-25, GX-22). Append-only. */
export const personalDataAccess = pgTable(
  "personal_data_access",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorId: text("actor_id").notNull(),
    role: text("role").notNull(),
    unitId: text("unit_id"),
    ticketId: uuid("ticket_id"),
    requesterPhone: text("requester_phone"),
    purpose: text("purpose").notNull(),
    /** The platform whose requester was seen: each platform's admins read their own log. */
    jurisdictionId: text("jurisdiction_id"),
  },
  (t) => [index("pda_ticket_idx").on(t.ticketId), index("pda_actor_idx").on(t.actorId, t.at), index("pda_jurisdiction_idx").on(t.jurisdictionId, t.at)],
);

/** Staff accounts (issue 4): one role, and for unit roles the unit they act for. */
export const users = pgTable("app_user", {
  id: uuid("id").primaryKey().defaultRandom(),
  jurisdictionId: text("jurisdiction_id")
    .notNull()
    .references(() => jurisdictions.id),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  /** argon2id hash; the password itself is never stored. */
  passwordHash: text("password_hash").notNull(),
  role: text("role").notNull(),
  unitId: uuid("unit_id"),
  active: boolean("active").notNull().default(true),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  mustChangePassword: boolean("must_change_password").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions behind the HTTP-only cookie; any instance can read them. */
export const sessions = pgTable(
  "session",
  {
    id: text("id").primaryKey(), // SHA-256 of the cookie value
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

/** Append-only record of sign-ins, permission changes, unmasking and admin actions. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    outcome: text("outcome").notNull(),
    ip: text("ip"),
    details: jsonb("details"),
    /** The platform the action belongs to; null for the deployment's own (its tokens, the CLI). */
    jurisdictionId: text("jurisdiction_id"),
  },
  (t) => [index("audit_at_idx").on(t.at), index("audit_actor_idx").on(t.actorId, t.at), index("audit_jurisdiction_idx").on(t.jurisdictionId, t.at)],
);

/** Rate-limit counters shared by every instance (sign-in, public intake): key, count, window start. */
export const rateLimits = pgTable("rate_limit", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
});
