import { and, eq, isNull, sql } from "drizzle-orm";
import { type Database } from "../database.ts";
import { apiTokens } from "../schema/index.ts";

/** Stores a token's hash; the plain token is never stored. */
export async function insertApiToken(db: Database, name: string, tokenHash: string, scopes: string[]): Promise<string> {
  const [row] = await db.insert(apiTokens).values({ name, tokenHash, scopes }).returning({ id: apiTokens.id });
  if (!row) throw new Error("token insert returned nothing");
  return row.id;
}

/** The live token with that hash, if any. */
export async function findLiveApiToken(db: Database, tokenHash: string) {
  const [row] = await db.select().from(apiTokens).where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
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
