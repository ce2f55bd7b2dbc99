import { describe, expect, it } from "vitest";
import { categoryTree, decideCategoryChange, leafCategories, seedCategories, type Category } from "./category-tree.ts";

const tree = seedCategories([
  {
    name: "城乡建设",
    children: [
      { name: "市政管理", children: [{ name: "路灯" }, { name: "井盖" }] },
      { name: "住房保障", children: [{ name: "公租房" }] },
    ],
  },
  { name: "生态环境", children: [{ name: "噪声污染", children: [{ name: "施工噪声" }] }] },
]);
const byCode = (all: readonly Category[], code: string) => all.find((c) => c.code === code)!;
const apply = (all: readonly Category[], changed: readonly Category[]) => [...all.filter((c) => !changed.some((x) => x.code === c.code)), ...changed];

describe("category tree (GZ-11, GX-20)", () => {
  it("GZ-11 the shipped tree is coded by its order, three levels: C01, C0101, C010101", () => {
    expect(tree.map((c) => [c.code, c.name, c.level])).toEqual([
      ["C01", "城乡建设", 1],
      ["C0101", "市政管理", 2],
      ["C010101", "路灯", 3],
      ["C010102", "井盖", 3],
      ["C0102", "住房保障", 2],
      ["C010201", "公租房", 3],
      ["C02", "生态环境", 1],
      ["C0201", "噪声污染", 2],
      ["C020101", "施工噪声", 3],
    ]);
  });

  it("GZ-11 a new category takes the next code under its parent, never a stopped one's, and keeps three levels", () => {
    const stopped = decideCategoryChange(tree, { kind: "deactivate", code: "C010102", version: 1 });
    expect(stopped.ok).toBe(true);
    const after = apply(tree, stopped.ok ? stopped.value : []);
    const made = decideCategoryChange(after, { kind: "create", parentCode: "C0101", name: " 消防栓 " });
    expect(made.ok && made.value).toEqual([{ code: "C010103", parentCode: "C0101", name: "消防栓", level: 3, position: 3, active: true, version: 1 }]);
    const top = decideCategoryChange(tree, { kind: "create", parentCode: null, name: "应急管理" });
    expect(top.ok && top.value[0]?.code).toBe("C03");
    const fourth = decideCategoryChange(tree, { kind: "create", parentCode: "C010101", name: "太深" });
    expect(!fourth.ok && [fourth.error.code, fourth.error.field]).toEqual(["INVALID_ARGUMENT", "parentCode"]);
  });

  it("GZ-11 siblings cannot share a name (a stopped twin is pointed out); names are 1–30 characters without '/'", () => {
    const twin = decideCategoryChange(tree, { kind: "create", parentCode: "C0101", name: "路灯" });
    expect(!twin.ok && [twin.error.field, twin.error.zh]).toEqual(["name", "同一上级下已有分类“路灯”"]);
    const elsewhere = decideCategoryChange(tree, { kind: "create", parentCode: "C0102", name: "路灯" });
    expect(elsewhere.ok).toBe(true);
    for (const name of ["", "   ", "a/b", "长".repeat(31)]) {
      const r = decideCategoryChange(tree, { kind: "create", parentCode: "C0101", name });
      expect(!r.ok && r.error.field).toBe("name");
    }
    const stopped = apply(tree, [{ ...byCode(tree, "C010102"), active: false, version: 2 }]);
    const again = decideCategoryChange(stopped, { kind: "create", parentCode: "C0101", name: "井盖" });
    expect(!again.ok && again.error.zh).toContain("已停用，可重新启用");
  });

  it("GZ-11 renaming keeps the code and needs the version read; a name the dispatch catalogue routes by is not changed under it", () => {
    const r = decideCategoryChange(tree, { kind: "rename", code: "C010101", version: 1, name: "路灯照明", catalogueEntries: 0 });
    expect(r.ok && r.value).toEqual([{ ...byCode(tree, "C010101"), name: "路灯照明", version: 2 }]);
    const stale = decideCategoryChange(tree, { kind: "rename", code: "C010101", version: 3, name: "路灯照明", catalogueEntries: 0 });
    expect(!stale.ok && [stale.error.code, stale.error.field]).toEqual(["VERSION_CONFLICT", "version"]);
    const used = decideCategoryChange(tree, { kind: "rename", code: "C010101", version: 1, name: "路灯照明", catalogueEntries: 2 });
    expect(!used.ok && used.error.code).toBe("CATEGORY_IN_USE");
    const missing = decideCategoryChange(tree, { kind: "rename", code: "C090909", version: 1, name: "x", catalogueEntries: 0 });
    expect(!missing.ok && missing.error.code).toBe("CATEGORY_NOT_FOUND");
  });

  it("GZ-11 stopping a node stops what is below it; restarting needs an active parent; pickers and services leave stopped ones out", () => {
    const r = decideCategoryChange(tree, { kind: "deactivate", code: "C0101", version: 1 });
    expect(r.ok && r.value.map((c) => [c.code, c.active, c.version])).toEqual([
      ["C0101", false, 2],
      ["C010101", false, 2],
      ["C010102", false, 2],
    ]);
    const after = apply(tree, r.ok ? r.value : []);
    const child = decideCategoryChange(after, { kind: "reactivate", code: "C010101", version: 2 });
    expect(!child.ok && child.error.field).toBe("code");
    expect(categoryTree(after, true).map((n) => [n.code, n.children?.map((c) => c.code)])).toEqual([
      ["C01", ["C0102"]],
      ["C02", ["C0201"]],
    ]);
    expect(categoryTree(after, false)[0]?.children?.[0]).toMatchObject({ code: "C0101", active: false });
    expect(leafCategories(after).map((l) => [l.category.code, l.path.map((p) => p.name).join("/")])).toEqual([
      ["C010201", "城乡建设/住房保障/公租房"],
      ["C020101", "生态环境/噪声污染/施工噪声"],
    ]);
    const parent = decideCategoryChange(after, { kind: "reactivate", code: "C0101", version: 2 });
    expect(parent.ok && parent.value.map((c) => [c.code, c.active])).toEqual([["C0101", true]]);
  });
});
