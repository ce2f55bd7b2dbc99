import { and, eq, sql } from "drizzle-orm";
import {
  categoryTree,
  decideCategoryChange,
  leafCategories,
  seedCategories,
  type Category,
  type CategoryChange,
  type CategoryNode,
} from "../../domain/categories/category-tree.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { auditLog, categories } from "../../store/schema/index.ts";
import { shippedCategoryTree } from "../../store/shipped-data.ts";
import { type AppContext } from "../context.ts";
import { type Tx } from "../../store/repositories/ticket.repository.ts";
import { addWords } from "../../text/segmenter.ts";
import { jurisdictionOf } from "../org/jurisdictions.ts";

/** Other instances see a change within this long (pickers and Open311 read the tree on every request). */
const CACHE_MS = 60_000;
const cache = new WeakMap<AppContext, Map<string, { rows: Category[]; until: number }>>();

function toCategory(r: typeof categories.$inferSelect): Category {
  return { code: r.code, parentCode: r.parentCode, name: r.name, level: r.level, position: r.position, active: r.active, version: r.version };
}

/**
 * A platform's whole category tree, stopped nodes included. A platform that never changed its
 * tree has the shipped one (codes by its order, the codes Open311 clients have known from the
 * start), held in memory: reading writes nothing, so a refused request leaves no rows behind.
 */
export async function platformCategories(ctx: AppContext, jurisdictionId: string): Promise<Category[]> {
  let perCtx = cache.get(ctx);
  if (!perCtx) cache.set(ctx, (perCtx = new Map()));
  const hit = perCtx.get(jurisdictionId);
  if (hit && hit.until > Date.now()) return hit.rows;
  const stored = await storedCategories(ctx.db, jurisdictionId);
  const rows = stored.length ? stored : seedCategories(shippedCategoryTree());
  if (await jurisdictionOf(ctx, jurisdictionId)) perCtx.set(jurisdictionId, { rows, until: Date.now() + CACHE_MS });
  return rows;
}

async function storedCategories(db: Tx, jurisdictionId: string): Promise<Category[]> {
  return (await db.select().from(categories).where(eq(categories.jurisdictionId, jurisdictionId))).map(toCategory);
}

/** The shipped tree every platform begins from (the category codes Open311 clients know). */
export function shippedTree() {
  return shippedCategoryTree();
}

/** The tree as pickers show it (active only), or as the admin console maintains it (all). */
export async function categoryTreeOf(ctx: AppContext, jurisdictionId: string, all = false): Promise<CategoryNode[]> {
  return categoryTree(await platformCategories(ctx, jurisdictionId), !all);
}

/** The finest active categories with their paths (Open311 services). */
export async function leafCategoriesOf(ctx: AppContext, jurisdictionId: string) {
  return leafCategories(await platformCategories(ctx, jurisdictionId));
}

/** A change as an administrator asks for it; the app adds what the catalogue says. */
export type CategoryChangeRequest = Exclude<CategoryChange, { kind: "rename" }> | Omit<Extract<CategoryChange, { kind: "rename" }>, "catalogueEntries">;

async function catalogueEntriesNaming(ctx: AppContext, jurisdictionId: string, name: string): Promise<number> {
  const r = (await ctx.db.execute(
    sql`select count(*)::int as n from catalogue_entry where jurisdiction_id = ${jurisdictionId} and category = ${name} and valid_to is null`,
  )) as unknown as { rows: { n: number }[] };
  return r.rows[0]?.n ?? 0;
}

/**
 * Applies one administrator's change to a platform's category tree (GZ-11, GX-20): decided
 * against the whole tree, written with its audit record in one transaction, each changed node
 * checked against the version it was decided on (two admins at once: one gets 409).
 */
export async function changeCategory(ctx: AppContext, actor: TicketActor, jurisdictionId: string, req: CategoryChangeRequest): Promise<Result<Category[]>> {
  if (!can(actor, "categories.manage")) return fail(forbidden("categories.manage"));
  cache.get(ctx)?.delete(jurisdictionId);
  const all = await platformCategories(ctx, jurisdictionId);
  const current = req.kind === "create" ? undefined : all.find((c) => c.code === req.code);
  const change: CategoryChange =
    req.kind === "rename" ? { ...req, catalogueEntries: current ? await catalogueEntriesNaming(ctx, jurisdictionId, current.name) : 0 } : req;
  const decided = decideCategoryChange(all, change);
  if (!decided.ok) return decided;
  const before = new Map(all.map((c) => [c.code, c]));
  try {
    await ctx.db.transaction(async (tx) => {
      // The first change of a platform's tree stores the shipped tree it was decided on.
      if ((await storedCategories(tx, jurisdictionId)).length === 0) {
        await tx
          .insert(categories)
          .values(all.map((c) => ({ jurisdictionId, ...c })))
          .onConflictDoNothing();
      }
      for (const c of decided.value) {
        const was = before.get(c.code);
        const written = was
          ? await tx
              .update(categories)
              .set({ name: c.name, active: c.active, version: c.version, updatedAt: new Date(ctx.now()) })
              .where(and(eq(categories.jurisdictionId, jurisdictionId), eq(categories.code, c.code), eq(categories.version, was.version)))
              .returning({ code: categories.code })
          : await tx
              .insert(categories)
              .values({ jurisdictionId, ...c, updatedAt: new Date(ctx.now()) })
              .onConflictDoNothing()
              .returning({ code: categories.code });
        // Another admin changed this node (or took this code) since it was read: nothing of this change is kept.
        if (written.length === 0) throw new StaleTree();
      }
      await tx.insert(auditLog).values({
        at: new Date(ctx.now()),
        actorId: actor.id,
        jurisdictionId,
        action: `category.${req.kind}`,
        target: `${jurisdictionId}/${decided.value[0]?.code ?? (req.kind === "create" ? "" : req.code)}`,
        outcome: "ok",
        ip: null,
        details: { before: decided.value.map((c) => before.get(c.code) ?? null), after: decided.value },
      });
    });
  } catch (e) {
    if (!(e instanceof StaleTree)) throw e;
    return fail(domainError("VERSION_CONFLICT", "分类已被他人修改，请刷新后重试", "the categories changed meanwhile; reload and retry", { field: "version" }));
  } finally {
    cache.get(ctx)?.delete(jurisdictionId);
  }
  // New names stay whole words in search and suggestions on this instance (others at their next start).
  addWords(decided.value.map((c) => c.name));
  return ok(decided.value);
}

class StaleTree extends Error {}
