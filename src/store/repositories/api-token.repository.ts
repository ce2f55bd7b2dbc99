import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { type Database } from "../database.ts";
import { apiTokens } from "../schema/index.ts";

/** Stores a token's hash; the plain token is never stored. */
export async function insertApiToken(
  db: Database,
  name: string,
  tokenHash: string,
  scopes: string[],
  jurisdictionId: string | null = null,
  expiresAt: Date | null = null,
): Promise<string> {
  const [row] = await db.insert(apiTokens).values({ name, tokenHash, scopes, jurisdictionId, expiresAt }).returning({ id: apiTokens.id });
  if (!row) throw new Error("token insert returned nothing");
  return row.id;
}

/** The live token with that hash (not revoked, not expired at `now`), if any, marked as used now. */
export async function findLiveApiToken(db: Database, tokenHash: string, now: Date) {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
    .returning();
  return row;
}

/** How many live tokens carry a scope. */
export async function countLiveTokensWithScope(db: Database, scope: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(isNull(apiTokens.revokedAt), sql`${scope} = any(${apiTokens.scopes})`));
  return row?.n ?? 0;
}

/** Every token, live or revoked (never the hash): of one platform, or (undefined) all of them. */
export async function listApiTokens(db: Database, jurisdictionId?: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      jurisdictionId: apiTokens.jurisdictionId,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(jurisdictionId === undefined ? undefined : eq(apiTokens.jurisdictionId, jurisdictionId))
    .orderBy(apiTokens.createdAt);
}

/** Revokes a token (of one platform, when given); answers whether a live one was revoked. */
export async function revokeApiToken(db: Database, id: string, at: Date, jurisdictionId?: string): Promise<boolean> {
  const r = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt), ...(jurisdictionId === undefined ? [] : [eq(apiTokens.jurisdictionId, jurisdictionId)])))
    .returning({ id: apiTokens.id });
  return r.length > 0;
}
