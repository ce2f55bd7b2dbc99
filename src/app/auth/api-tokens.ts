import { createHash, randomBytes } from "node:crypto";
import { countLiveTokensWithScope, findLiveApiToken, insertApiToken, listApiTokens, revokeApiToken } from "../../store/repositories/api-token.repository.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type Actor } from "../actor.ts";
import { type AppContext } from "../context.ts";
import { audit } from "./accounts.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { type Role } from "../../domain/ticket/ticket.ts";
import { isUuid } from "../../store/uuid.ts";

/** Scope that allows the admin API (calendar loads, unit changes). */
export const ADMIN_SCOPE = "admin";

/**
 * Tokens are 32 random bytes; a fast SHA-256 hash at rest is enough for values that cannot be
 * guessed (passwords, which can, get argon2id with the accounts work of issue 4).
 */
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a token and returns it in plain text, the only time it is ever visible. */
export async function issueApiToken(
  ctx: AppContext,
  name: string,
  scopes: string[],
  jurisdictionId?: string,
  expiresAt?: number,
): Promise<{ id: string; token: string }> {
  const token = `hl_${randomBytes(32).toString("base64url")}`;
  const id = await insertApiToken(ctx.db, name, hashToken(token), scopes, jurisdictionId ?? null, expiresAt === undefined ? null : new Date(expiresAt));
  return { id, token };
}

/** How long a token lookup is trusted: a revoked token stops working within this time on every instance. */
const TOKEN_CACHE_MS = 10_000;
type Known = { actor: Actor; scopes: readonly string[] } | undefined;
const tokenCache = new WeakMap<AppContext, Map<string, { known: Promise<Known>; until: number }>>();

async function lookUpToken(ctx: AppContext, token: string): Promise<Known> {
  // Expiry is read on the domain clock; the lookup also records the use (at most once per cache period).
  const row = await findLiveApiToken(ctx.db, hashToken(token), new Date(ctx.now()));
  return row
    ? { actor: { kind: "token", id: row.id, name: row.name, ...(row.jurisdictionId ? { jurisdictionId: row.jurisdictionId } : {}) }, scopes: row.scopes }
    : undefined;
}

/** The actor a bearer token stands for, if it is live and carries the scope. */
export async function actorForToken(ctx: AppContext, token: string, scope: string): Promise<Actor | undefined> {
  let cache = tokenCache.get(ctx);
  if (!cache) tokenCache.set(ctx, (cache = new Map()));
  const now = Date.now(); // cache expiry is wall-clock time, not the domain clock
  // Looked up by the token itself: a request under a token seen in the last seconds costs no
  // hash (a SHA-256 per request was ~1.4 % of an intake's server time); the database keeps only
  // the hash. The lookup itself is shared: when the entry expires under a channel's stream of
  // requests, they wait for one query instead of each sending its own.
  let hit = cache.get(token);
  if (!hit || hit.until < now) {
    const entry = { known: lookUpToken(ctx, token), until: now + TOKEN_CACHE_MS };
    if (cache.size > 10_000) cache.clear();
    cache.set(token, entry);
    // Unknown tokens and failed lookups are not remembered.
    const forget = () => void (cache.get(token) === entry && cache.delete(token));
    entry.known.then((k) => k ?? forget(), forget);
    hit = entry;
  }
  const known = await hit.known;
  return known?.scopes.includes(scope) ? known.actor : undefined;
}

/** True when an admin token exists already (so first-run seeding does not make another). */
export async function hasAdminToken(ctx: AppContext): Promise<boolean> {
  return (await countLiveTokensWithScope(ctx.db, ADMIN_SCOPE)) > 0;
}

/** Scope of the monitoring system's token: reads `/metrics`, nothing else. */
export const MONITORING_SCOPE = "monitoring";

/** Scopes a token may carry: the admin API, acting for integrations (channels, exchange), or monitoring. */
export const TOKEN_SCOPES = [ADMIN_SCOPE, "integration", MONITORING_SCOPE] as const;

/** An administrator issues a token for an integration; the plain token is answered once. */
/** The longest a token may be made for; none given: until revoked. */
export const MAX_TOKEN_DAYS = 3650;

export async function createApiToken(
  ctx: AppContext,
  actor: { id: string; role: Role; jurisdictionId?: string },
  name: string,
  scopes: string[],
  expiresInDays?: number,
): Promise<Result<{ id: string; token: string }>> {
  if (!can(actor, "tokens.manage")) return fail(forbidden("tokens.manage"));
  if (!name.trim()) return fail(domainError("INVALID_ARGUMENT", "令牌名称不能为空", "the token needs a name", { field: "name" }));
  const bad = scopes.find((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (bad || scopes.length === 0)
    return fail(domainError("INVALID_ARGUMENT", `令牌范围无效：${bad ?? "空"}`, `invalid scope: ${bad ?? "none"}`, { field: "scopes" }));
  // A city admin's token acts for that city only, as its maker does.
  if (expiresInDays !== undefined && (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS)) {
    return fail(
      domainError("INVALID_ARGUMENT", `有效期应为 1 至 ${MAX_TOKEN_DAYS} 天`, `expiresInDays must be 1 to ${MAX_TOKEN_DAYS}`, { field: "expiresInDays" }),
    );
  }
  const expiresAt = expiresInDays === undefined ? undefined : ctx.now() + expiresInDays * 86_400_000;
  const made = await issueApiToken(ctx, name, scopes, actor.jurisdictionId, expiresAt);
  await audit(ctx, {
    actorId: actor.id,
    jurisdictionId: actor.jurisdictionId,
    action: "token.create",
    target: made.id,
    outcome: "ok",
    details: { name, scopes, ...(expiresAt !== undefined ? { expiresAt: new Date(expiresAt).toISOString() } : {}) },
  });
  return ok(made);
}

/** Revokes a token; every instance stops accepting it within the lookup cache time (10 s). */
export async function revokeToken(ctx: AppContext, actor: { id: string; role: Role; jurisdictionId?: string }, id: string): Promise<Result<true>> {
  if (!can(actor, "tokens.manage")) return fail(forbidden("tokens.manage"));
  if (!isUuid(id) || !(await revokeApiToken(ctx.db, id, new Date(ctx.now()), actor.jurisdictionId)))
    return fail(domainError("TOKEN_NOT_FOUND", "令牌不存在或已吊销", "no such live token", { field: "id" }));
  tokenCache.get(ctx)?.clear();
  await audit(ctx, { actorId: actor.id, jurisdictionId: actor.jurisdictionId, action: "token.revoke", target: id, outcome: "ok" });
  return ok(true);
}

/** Tokens for the admin screen: a city admin sees the city's, the deployment sees all. */
export async function listTokens(ctx: AppContext, actor: { role: Role; jurisdictionId?: string }) {
  if (!can(actor, "tokens.manage")) return fail(forbidden("tokens.manage"));
  return ok(await listApiTokens(ctx.db, actor.jurisdictionId));
}
