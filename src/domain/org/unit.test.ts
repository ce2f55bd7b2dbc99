import { describe, expect, it } from "vitest";
import { flattenUnitTree } from "./unit.ts";

describe("unit tree", () => {
  it("GX-8 a workstation relays to county units, and executing units nest at any depth (GZ-6)", () => {
    const r = flattenUnitTree([
      {
        code: "NN", name: "南宁市12345热线", kind: "hotline_centre",
        children: [{ code: "BY-WS", name: "宾阳县工作站", kind: "workstation", children: [
          { code: "BY-ZJ", name: "宾阳县住建局", kind: "handling_unit", children: [
            { code: "BY-ZJ-1", name: "城建股", kind: "executing_unit", children: [{ code: "BY-ZJ-1-1", name: "一组", kind: "executing_unit" }] },
          ] },
        ] }],
      },
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.map((u) => [u.code, u.parentCode])).toEqual([["NN", undefined], ["BY-WS", "NN"], ["BY-ZJ", "BY-WS"], ["BY-ZJ-1", "BY-ZJ"], ["BY-ZJ-1-1", "BY-ZJ-1"]]);
  });

  it("GX-8 refuses a workstation under a handling unit and repeated codes, reporting both", () => {
    const r = flattenUnitTree([
      { code: "A", name: "区政府", kind: "handling_unit", children: [{ code: "A", name: "工作站", kind: "workstation" }] },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("UNIT_TREE_INVALID");
      expect(r.error.details?.map((d) => d.en)).toEqual(["unit code A repeats", "a handling_unit cannot hold a workstation (A)"]);
    }
  });
});
