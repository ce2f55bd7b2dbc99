import { units } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";

const scopes = new WeakMap<AppContext, { children: Map<string, string[]>; at: number }>();
const TTL_MS = 60_000;

/**
 * A unit and every unit below it: what its staff may see (data scope, issue 4). The tree is
 * read at most once a minute; unit changes are rare and show within that time.
 */
export async function unitScope(ctx: AppContext, unitId: string): Promise<Set<string>> {
  let cached = scopes.get(ctx);
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const rows = await ctx.db.select({ id: units.id, parentId: units.parentId }).from(units);
    const children = new Map<string, string[]>();
    for (const r of rows) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
    cached = { children, at: Date.now() };
    scopes.set(ctx, cached);
  }
  const out = new Set<string>();
  const stack = [unitId];
  while (stack.length) {
    const id = stack.pop() ?? "";
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(cached.children.get(id) ?? []));
  }
  return out;
}

/** Drops the cached tree after a change to it, so this instance's scopes follow at once. */
export function forgetUnitScopes(ctx: AppContext): void {
  scopes.delete(ctx);
}
