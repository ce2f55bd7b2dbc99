import { eq } from "drizzle-orm";
import { jurisdictions } from "../../store/schema/index.ts";
import { listJurisdictions, listUnits, type UnitRow } from "../../store/repositories/org.repository.ts";
import { type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";
import { domainError, fail, type Result } from "../../domain/shared/domain-error.ts";
import { type AppContext } from "../context.ts";
import { learnStoredPolicies } from "../policies/stored-policies.ts";

const jurisdictionCache = new WeakMap<AppContext, Map<string, { policyId: string }>>();

/** A platform's policy id; platforms are created by seeding and do not change while running. */
export async function jurisdictionOf(ctx: AppContext, id: string): Promise<{ policyId: string } | undefined> {
  let cache = jurisdictionCache.get(ctx);
  if (!cache) jurisdictionCache.set(ctx, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const [j] = await ctx.db.select({ policyId: jurisdictions.policyId }).from(jurisdictions).where(eq(jurisdictions.id, id));
  if (j) cache.set(id, j);
  return j;
}

/** A platform's policy, or `JURISDICTION_NOT_FOUND` naming the field: the one lookup every use case needs first. */
export async function policyOfJurisdiction(ctx: AppContext, id: string): Promise<Result<ResolvedPolicy>> {
  const j = await jurisdictionOf(ctx, id);
  if (!j) return fail(domainError("JURISDICTION_NOT_FOUND", `平台 ${id} 不存在`, `no jurisdiction ${id}`, { field: "jurisdiction" }));
  const known = ctx.policies.get(j.policyId);
  if (known.ok) return known;
  // A platform another instance added since this one started: its policy is in the database.
  await learnStoredPolicies(ctx.db, ctx.policies);
  return ctx.policies.get(j.policyId);
}

/** A platform's zone offset in minutes (policy data); UTC where there is no such platform or policy. */
export async function zoneOffset(ctx: AppContext, jurisdictionId: string): Promise<number> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  return p.ok ? p.value.utcOffsetMinutes : 0;
}

/** The zone offset of each platform named; a row of no platform (the deployment's own) reads as UTC. */
export async function zoneOffsets(ctx: AppContext, ids: readonly (string | null)[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of new Set(ids)) if (id !== null) out.set(id, await zoneOffset(ctx, id));
  return out;
}

/** Every platform of the deployment (the directory the portal and Open311 read). */
export async function allJurisdictions(ctx: AppContext) {
  return listJurisdictions(ctx.db);
}

/** A platform's units, stopped ones too. */
export async function unitsOf(ctx: AppContext, jurisdictionId: string): Promise<UnitRow[]> {
  return listUnits(ctx.db, jurisdictionId);
}

export type { UnitRow };
