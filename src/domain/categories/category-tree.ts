import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";

/**
 * One node of a platform's category tree (GZ-11, GX-20: domain → area → matter). The code is
 * the node's identity for systems outside (Open311 service codes, exports) and never changes;
 * tickets record the name chosen at the time.
 */
export interface Category {
  readonly code: string;
  readonly parentCode: string | null;
  readonly name: string;
  readonly level: number;
  readonly position: number;
  readonly active: boolean;
  readonly version: number;
}

/** The tree operators pick from has three levels. */
export const CATEGORY_LEVELS = 3;

/** One change an administrator makes. Categories are never deleted: tickets, models and reports name them. */
export type CategoryChange =
  | { readonly kind: "create"; readonly parentCode: string | null; readonly name: string }
  /** `catalogueEntries`: dispatch catalogue entries that name the category (looked up by the app). */
  | { readonly kind: "rename"; readonly code: string; readonly version: number; readonly name: string; readonly catalogueEntries: number }
  | { readonly kind: "deactivate"; readonly code: string; readonly version: number }
  | { readonly kind: "reactivate"; readonly code: string; readonly version: number };

/** A node of the shipped tree: a name and its children. */
export interface CategorySeed {
  readonly name: string;
  readonly children?: readonly CategorySeed[];
}

const two = (n: number): string => String(n).padStart(2, "0");

/** Codes from the place in the tree: C01, C0102, C010203 (the codes Open311 clients already know). */
export function seedCategories(tree: readonly CategorySeed[]): Category[] {
  const out: Category[] = [];
  const walk = (nodes: readonly CategorySeed[], parent: string | null, level: number) =>
    nodes.forEach((n, i) => {
      const code = `${parent ?? "C"}${two(i + 1)}`;
      out.push({ code, parentCode: parent, name: n.name, level, position: i + 1, active: true, version: 1 });
      walk(n.children ?? [], code, level + 1);
    });
  walk(tree, null, 1);
  return out;
}

/** A node with its children, as pickers and the admin console show the tree. */
export interface CategoryNode {
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
  readonly version: number;
  readonly children?: CategoryNode[];
}

/** The tree of `all` in its order; with `activeOnly`, stopped nodes and everything below them are left out. */
export function categoryTree(all: readonly Category[], activeOnly: boolean): CategoryNode[] {
  const kids = new Map<string | null, Category[]>();
  for (const c of all) if (!activeOnly || c.active) kids.set(c.parentCode, [...(kids.get(c.parentCode) ?? []), c]);
  const build = (parent: string | null): CategoryNode[] =>
    (kids.get(parent) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((c) => {
        const children = build(c.code);
        return { code: c.code, name: c.name, active: c.active, version: c.version, ...(children.length ? { children } : {}) };
      });
  return build(null);
}

/** The finest categories in use: active, below the top level, with no active children (Open311's services). */
export function leafCategories(all: readonly Category[]): { category: Category; path: Category[] }[] {
  const byCode = new Map(all.map((c) => [c.code, c]));
  const activeParents = new Set(all.filter((c) => c.active && c.parentCode).map((c) => c.parentCode));
  const pathOf = (c: Category): Category[] => (c.parentCode && byCode.get(c.parentCode) ? [...pathOf(byCode.get(c.parentCode)!), c] : [c]);
  return all
    .filter((c) => c.active && c.level > 1 && !activeParents.has(c.code))
    .map((c) => ({ category: c, path: pathOf(c) }))
    .filter(({ path }) => path.every((p) => p.active))
    .sort((a, b) => (a.category.code < b.category.code ? -1 : 1));
}

function invalid(field: string, zh: string, en: string) {
  return fail<never>(domainError("INVALID_ARGUMENT", zh, en, { field, rule: "GZ-11" }));
}

function cleanName(name: string): Result<string> {
  const n = name.trim();
  // eslint-disable-next-line no-control-regex
  if (n.length === 0 || n.length > 30 || /[\u0000-\u001f/]/.test(n))
    return invalid("name", "分类名称须为 1–30 个字符，且不含“/”", "the name must be 1–30 characters without '/'");
  return ok(n);
}

function sameNameAmongSiblings(all: readonly Category[], parentCode: string | null, name: string, except?: string) {
  const twin = all.find((c) => c.parentCode === parentCode && c.name === name && c.code !== except);
  return twin
    ? invalid(
        "name",
        `同一上级下已有分类“${name}”${twin.active ? "" : "（已停用，可重新启用）"}`,
        `a sibling is already named ${name}${twin.active ? "" : " (inactive; reactivate it)"}`,
      )
    : undefined;
}

/**
 * Decides one change to a platform's category tree against the whole tree: codes are made here
 * and never reused, siblings have different names, the tree keeps three levels, a name the
 * dispatch catalogue routes by is not changed under it, and stopping a node stops what is below
 * it. Answers every node as it will be.
 */
export function decideCategoryChange(all: readonly Category[], change: CategoryChange): Result<Category[]> {
  const byCode = new Map(all.map((c) => [c.code, c]));
  if (change.kind === "create") {
    const parent = change.parentCode === null ? undefined : byCode.get(change.parentCode);
    if (change.parentCode !== null && !parent)
      return fail(domainError("CATEGORY_NOT_FOUND", "上级分类不存在", "no such parent category", { field: "parentCode" }));
    if (parent && !parent.active) return invalid("parentCode", `上级分类“${parent.name}”已停用`, `the parent ${parent.code} is inactive`);
    const level = parent ? parent.level + 1 : 1;
    if (level > CATEGORY_LEVELS) return invalid("parentCode", `分类最多 ${CATEGORY_LEVELS} 级`, `the tree has at most ${CATEGORY_LEVELS} levels`);
    const name = cleanName(change.name);
    if (!name.ok) return name;
    const twin = sameNameAmongSiblings(all, change.parentCode, name.value);
    if (twin) return twin;
    const siblings = all.filter((c) => c.parentCode === change.parentCode);
    const next = 1 + Math.max(0, ...siblings.map((c) => Number(c.code.slice(-2))));
    if (next > 99) return invalid("parentCode", "该级分类已满 99 个", "this level is full (99 categories)");
    const code = `${change.parentCode ?? "C"}${two(next)}`;
    return ok([
      { code, parentCode: change.parentCode, name: name.value, level, position: 1 + Math.max(0, ...siblings.map((c) => c.position)), active: true, version: 1 },
    ]);
  }
  const c = byCode.get(change.code);
  if (!c) return fail(domainError("CATEGORY_NOT_FOUND", "分类不存在", "no such category", { field: "code" }));
  if (c.version !== change.version) {
    return fail(
      domainError(
        "VERSION_CONFLICT",
        `该分类已被他人修改（当前版本 ${c.version}），请刷新后重试`,
        `the category changed meanwhile (now at version ${c.version}); reload and retry`,
        { field: "version" },
      ),
    );
  }
  switch (change.kind) {
    case "rename": {
      const name = cleanName(change.name);
      if (!name.ok) return name;
      if (name.value === c.name) return ok([]);
      const twin = sameNameAmongSiblings(all, c.parentCode, name.value, c.code);
      if (twin) return twin;
      if (change.catalogueEntries > 0) {
        return fail(
          domainError(
            "CATEGORY_IN_USE",
            `派单目录中有 ${change.catalogueEntries} 条按“${c.name}”派单，请先修改派单目录`,
            `${change.catalogueEntries} dispatch catalogue entries route by ${c.name}; change the catalogue first`,
            { field: "name" },
          ),
        );
      }
      return ok([{ ...c, name: name.value, version: c.version + 1 }]);
    }
    case "deactivate": {
      if (!c.active) return ok([]);
      const below = (code: string): Category[] => all.filter((x) => x.parentCode === code).flatMap((x) => [x, ...below(x.code)]);
      return ok([c, ...below(c.code).filter((x) => x.active)].map((x) => ({ ...x, active: false, version: x.version + 1 })));
    }
    case "reactivate": {
      if (c.active) return ok([]);
      const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
      if (parent && !parent.active)
        return invalid("code", `上级分类“${parent.name}”已停用，请先启用上级`, `the parent ${parent.code} is inactive; reactivate it first`);
      const twin = sameNameAmongSiblings(
        all.filter((x) => x.active),
        c.parentCode,
        c.name,
        c.code,
      );
      if (twin) return twin;
      return ok([{ ...c, active: true, version: c.version + 1 }]);
    }
  }
}
