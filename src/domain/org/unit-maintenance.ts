import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";
import { ALLOWED_CHILDREN, UNIT_KIND_LABELS, type UnitKind } from "./unit.ts";

/** A unit as maintenance sees it. */
export interface MaintainedUnit {
  readonly id: string;
  readonly parentId: string | null;
  readonly code: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly district: string | null;
  readonly subDistrict: string | null;
  readonly serviceNumber: string | null;
  readonly active: boolean;
}

/** One change an administrator makes to the unit tree. Units are never deleted: tickets, scores and history name them. */
export type UnitChange =
  | {
      readonly kind: "create";
      readonly id: string;
      readonly parentId: string;
      readonly code: string;
      readonly name: string;
      readonly unitKind: UnitKind;
      readonly district?: string | null;
      readonly subDistrict?: string | null;
      readonly serviceNumber?: string | null;
    }
  | {
      readonly kind: "update";
      readonly id: string;
      readonly name?: string;
      readonly district?: string | null;
      readonly subDistrict?: string | null;
      readonly serviceNumber?: string | null;
    }
  | { readonly kind: "move"; readonly id: string; readonly parentId: string }
  /** `openTickets`: tickets the unit still leads, executes or assists on (looked up by the app). */
  | { readonly kind: "deactivate"; readonly id: string; readonly openTickets: number }
  | { readonly kind: "reactivate"; readonly id: string };

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

function invalid(field: string, zh: string, en: string) {
  return fail<never>(domainError("INVALID_ARGUMENT", zh, en, { field }));
}

function nameProblem(name: string | undefined) {
  if (name === undefined) return undefined;
  const n = name.trim();
  return n.length === 0 || n.length > 100 ? invalid("name", "单位名称须为 1–100 个字符", "the name must be 1–100 characters") : undefined;
}

function placement(parent: MaintainedUnit | undefined, kind: UnitKind, field: string) {
  if (!parent) return fail<never>(domainError("UNIT_NOT_FOUND", "上级单位不存在", "no such parent unit", { field }));
  if (!parent.active) return invalid(field, `上级单位“${parent.name}”已停用`, `the parent unit ${parent.code} is inactive`);
  if (!ALLOWED_CHILDREN[parent.kind].includes(kind)) {
    return invalid(field, `${UNIT_KIND_LABELS[parent.kind]}下不能设${UNIT_KIND_LABELS[kind]}`, `a ${parent.kind} cannot hold a ${kind}`);
  }
  return undefined;
}

/**
 * Decides one change to a platform's unit tree against the whole tree: codes stay unique, the
 * tree stays a tree of allowed kinds, and a unit that still has work or active sub-units is not
 * stopped. Answers the unit as it will be.
 */
export function decideUnitChange(all: readonly MaintainedUnit[], change: UnitChange): Result<MaintainedUnit> {
  const byId = new Map(all.map((u) => [u.id, u]));
  if (change.kind === "create") {
    const code = change.code.trim().toUpperCase();
    if (!CODE.test(code)) return invalid("code", "单位编码须为 2–40 位大写字母、数字或连字符", "the code must be 2–40 capital letters, digits or hyphens");
    if (all.some((u) => u.code === code)) return invalid("code", `单位编码 ${code} 已被使用`, `the code ${code} is taken`);
    const bad = nameProblem(change.name) ?? placement(byId.get(change.parentId), change.unitKind, "parentId");
    if (bad) return bad;
    return ok({
      id: change.id,
      parentId: change.parentId,
      code,
      name: change.name.trim(),
      kind: change.unitKind,
      district: change.district ?? null,
      subDistrict: change.subDistrict ?? null,
      serviceNumber: change.serviceNumber ?? null,
      active: true,
    });
  }
  const unit = byId.get(change.id);
  if (!unit) return fail(domainError("UNIT_NOT_FOUND", "单位不存在", "no such unit", { field: "id" }));
  switch (change.kind) {
    case "update": {
      const bad = nameProblem(change.name);
      if (bad) return bad;
      return ok({
        ...unit,
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.district !== undefined ? { district: change.district } : {}),
        ...(change.subDistrict !== undefined ? { subDistrict: change.subDistrict } : {}),
        ...(change.serviceNumber !== undefined ? { serviceNumber: change.serviceNumber } : {}),
      });
    }
    case "move": {
      if (unit.parentId === null) return invalid("id", "顶级单位不能移动", "the top unit cannot move");
      // The new parent may not be the unit itself or anything below it.
      for (let p: MaintainedUnit | undefined = byId.get(change.parentId); p; p = p.parentId ? byId.get(p.parentId) : undefined) {
        if (p.id === unit.id) return invalid("parentId", "不能移到本单位或其下级单位之下", "a unit cannot move under itself or its own sub-units");
      }
      const bad = placement(byId.get(change.parentId), unit.kind, "parentId");
      if (bad) return bad;
      return ok({ ...unit, parentId: change.parentId });
    }
    case "deactivate": {
      if (!unit.active) return ok(unit);
      const activeChildren = all.filter((u) => u.parentId === unit.id && u.active);
      if (activeChildren.length)
        return fail(
          domainError(
            "UNIT_IN_USE",
            `请先停用下级单位（${activeChildren.map((u) => u.name).join("、")}）`,
            `stop its sub-units first (${activeChildren.map((u) => u.code).join(", ")})`,
            { field: "id" },
          ),
        );
      if (change.openTickets > 0)
        return fail(
          domainError(
            "UNIT_IN_USE",
            `该单位还有 ${change.openTickets} 件在办工单，请办结或改派后再停用`,
            `the unit still has ${change.openTickets} open tickets; conclude or redispatch them first`,
            { field: "id" },
          ),
        );
      return ok({ ...unit, active: false });
    }
    case "reactivate": {
      const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
      if (parent && !parent.active)
        return invalid("id", `上级单位“${parent.name}”已停用，请先启用上级`, `the parent ${parent.code} is inactive; reactivate it first`);
      return ok({ ...unit, active: true });
    }
  }
}
