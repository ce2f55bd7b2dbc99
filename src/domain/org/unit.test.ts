import { describe, expect, it } from "vitest";
import { flattenUnitTree, nestUnits } from "./unit.ts";

describe("unit tree", () => {
  it("GX-8 a workstation relays to county units, and executing units nest at any depth (GZ-6)", () => {
    const r = flattenUnitTree([
      {
        code: "NN",
        name: "南宁市12345热线",
        kind: "hotline_centre",
        children: [
          {
            code: "BY-WS",
            name: "宾阳县工作站",
            kind: "workstation",
            children: [
              {
                code: "BY-ZJ",
                name: "宾阳县住建局",
                kind: "handling_unit",
                children: [
                  { code: "BY-ZJ-1", name: "城建股", kind: "executing_unit", children: [{ code: "BY-ZJ-1-1", name: "一组", kind: "executing_unit" }] },
                ],
              },
            ],
          },
        ],
      },
    ]);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.value.map((u) => [u.code, u.parentCode])).toEqual([
        ["NN", undefined],
        ["BY-WS", "NN"],
        ["BY-ZJ", "BY-WS"],
        ["BY-ZJ-1", "BY-ZJ"],
        ["BY-ZJ-1-1", "BY-ZJ-1"],
      ]);
  });

  it("GX-8 refuses a workstation under a handling unit and repeated codes, reporting both", () => {
    const r = flattenUnitTree([{ code: "A", name: "区政府", kind: "handling_unit", children: [{ code: "A", name: "工作站", kind: "workstation" }] }]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("UNIT_TREE_INVALID");
      expect(r.error.details?.map((d) => d.en)).toEqual(["unit code A repeats", "a handling_unit cannot hold a workstation (A)"]);
    }
  });

  it("GZ-6 a flat register of units (each naming its parent) nests into the tree, in the list's order", () => {
    const r = nestUnits([
      { code: "SL", name: "示例市12345热线", kind: "hotline_centre" },
      { code: "SL-ZJ-1", name: "城建科", kind: "executing_unit", parent: "SL-ZJ" },
      { code: "SL-ZJ", name: "示例市住建局", kind: "handling_unit", parent: "SL" },
      { code: "SL-SW", name: "示例市水务局", kind: "handling_unit", parent: "SL" },
    ]);
    expect(r.ok && r.value).toEqual([
      {
        code: "SL",
        name: "示例市12345热线",
        kind: "hotline_centre",
        children: [
          { code: "SL-ZJ", name: "示例市住建局", kind: "handling_unit", children: [{ code: "SL-ZJ-1", name: "城建科", kind: "executing_unit" }] },
          { code: "SL-SW", name: "示例市水务局", kind: "handling_unit" },
        ],
      },
    ]);
  });

  it("GZ-6 a flat register with a cycle, a missing parent or a twin code is refused, each named by its place in the list", () => {
    const r = nestUnits([
      { code: "SL", name: "热线", kind: "hotline_centre" },
      { code: "A", name: "甲局", kind: "handling_unit", parent: "C" },
      { code: "B", name: "乙科", kind: "executing_unit", parent: "A" },
      { code: "C", name: "丙科", kind: "executing_unit", parent: "B" },
      { code: "D", name: "丁局", kind: "handling_unit", parent: "NOPE" },
      { code: "SL", name: "热线二", kind: "hotline_centre" },
    ]);
    expect(!r.ok && r.error.code).toBe("UNIT_TREE_INVALID");
    expect(!r.ok && r.error.details?.map((d) => [d.field, d.zh])).toEqual([
      ["[5].code", "单位编码 SL 重复"],
      ["[1].parent", "上级单位形成循环：A → C → B → A"],
      ["[4].parent", "上级单位 NOPE 不在文件中"],
    ]);
  });
});
