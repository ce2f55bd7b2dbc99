import { eq } from "drizzle-orm";
import { jurisdictions } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";

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

