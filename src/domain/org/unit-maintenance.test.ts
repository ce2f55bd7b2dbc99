import { describe, expect, it } from "vitest";
import { decideUnitChange, type MaintainedUnit } from "./unit-maintenance.ts";

const u = (id: string, parentId: string | null, kind: MaintainedUnit["kind"], over: Partial<MaintainedUnit> = {}): MaintainedUnit => ({
  id,
  parentId,
  code: id.toUpperCase(),
  name: `单位${id}`,
  kind,
  district: null,
  subDistrict: null,
  serviceNumber: null,
  active: true,
  ...over,
});
const tree = [
  u("centre", null, "hotline_centre"),
  u("th", "centre", "handling_unit"),
  u("th-jd", "th", "executing_unit"),
  u("hz", "centre", "handling_unit"),
  u("stop", "centre", "handling_unit", { active: false }),
];

describe("unit tree maintenance", () => {
  it("GZ-6 GX-3 a new unit gets a unique code, a name and a place its kind may take", () => {
    const ok = decideUnitChange(tree, { kind: "create", id: "n1", parentId: "th", code: " th-jd2 ", name: " 五山街道 ", unitKind: "executing_unit" });
    expect(ok.ok && ok.value).toMatchObject({ id: "n1", code: "TH-JD2", name: "五山街道", parentId: "th", active: true });
    const taken = decideUnitChange(tree, { kind: "create", id: "n2", parentId: "th", code: "TH-JD", name: "x", unitKind: "executing_unit" });
    expect(!taken.ok && taken.error.field).toBe("code");
    const wrongPlace = decideUnitChange(tree, { kind: "create", id: "n3", parentId: "th-jd", code: "X1", name: "x", unitKind: "handling_unit" });
    expect(!wrongPlace.ok && wrongPlace.error).toMatchObject({ field: "parentId", zh: "经办单位下不能设承办单位" });
    const underStopped = decideUnitChange(tree, { kind: "create", id: "n4", parentId: "stop", code: "X2", name: "x", unitKind: "executing_unit" });
    expect(!underStopped.ok && underStopped.error.field).toBe("parentId");
    expect(decideUnitChange(tree, { kind: "create", id: "n5", parentId: "th", code: "X3", name: "  ", unitKind: "executing_unit" }).ok).toBe(false);
  });

  it("GX-8 a unit moves only under a parent that may hold it, never under itself or its own sub-units", () => {
    expect(decideUnitChange(tree, { kind: "move", id: "th-jd", parentId: "hz" }).ok).toBe(true);
    const cycle = decideUnitChange(tree, { kind: "move", id: "th", parentId: "th-jd" });
    expect(!cycle.ok && cycle.error.zh).toContain("下级");
    expect(decideUnitChange(tree, { kind: "move", id: "centre", parentId: "th" }).ok).toBe(false);
  });

  it("a unit with active sub-units or open tickets is not stopped; a stopped unit comes back only under an active parent", () => {
    const withChild = decideUnitChange(tree, { kind: "deactivate", id: "th", openTickets: 0 });
    expect(!withChild.ok && withChild.error.code).toBe("UNIT_IN_USE");
    const busy = decideUnitChange(tree, { kind: "deactivate", id: "hz", openTickets: 3 });
    expect(!busy.ok && busy.error.zh).toContain("3 件在办工单");
    const stopped = decideUnitChange(tree, { kind: "deactivate", id: "th-jd", openTickets: 0 });
    expect(stopped.ok && stopped.value.active).toBe(false);
    expect(decideUnitChange(tree, { kind: "reactivate", id: "stop" }).ok).toBe(true);
    const orphan = [...tree, u("child", "stop", "executing_unit", { active: false })];
    expect(decideUnitChange(orphan, { kind: "reactivate", id: "child" }).ok).toBe(false);
  });
});
