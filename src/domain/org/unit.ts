import { domainError, fail, ok, type ErrorDetail, type Result } from "../shared/domain-error.ts";

/** Kinds of node in the unit tree (GZ-6, GZ-7, GZ-16, GZ-28, GX-3, GX-8). */
export const UNIT_KINDS = [
  "managing_department", // 政务服务数据管理部门 / 大数据发展局
  "hotline_centre", // 热线工作机构 (city, district or regional platform)
  "handling_unit", // 承办单位: district government, city department, public institution …
  "executing_unit", // 经办单位: sub-district office, town, department of a handling unit
  "workstation", // 工作站: county relay of a city platform (GX-8)
  "subcentre", // 分中心: customs, tax, tobacco, immigration, postal (GZ-7)
  "dual_number_unit", // 双号并行单位 (GZ-28)
  "guidance_department", // 业务指导部门 (GZ-16, GZ-21)
  "staffing_office", // 编制部门 (GZ-16)
  "justice_bureau", // 司法行政部门 (GZ-16)
] as const;
/** One kind of unit. */
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Chinese names of the unit kinds, as screens show them. */
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  managing_department: "主管部门",
  hotline_centre: "热线工作机构",
  handling_unit: "承办单位",
  executing_unit: "经办单位",
  workstation: "工作站",
  subcentre: "分中心",
  dual_number_unit: "双号并行单位",
  guidance_department: "业务指导部门",
  staffing_office: "编制部门",
  justice_bureau: "司法行政部门",
};

/** A unit as written in a tree document (seed files, admin import). */
export interface UnitTreeNode {
  readonly code: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly district?: string;
  readonly subDistrict?: string;
  readonly serviceNumber?: string;
  readonly children?: readonly UnitTreeNode[];
}

/** A unit of a flat list (a register exported from a spreadsheet): its parent named by code. */
export interface ListedUnit extends Omit<UnitTreeNode, "children"> {
  readonly parent?: string | undefined;
}

/**
 * The tree of a flat list of units, or the problems that keep it from being one: a parent not
 * in the list, a unit its own ancestor (a cycle), a code twice; each named by the unit's place in the list.
 */
export function nestUnits(list: readonly ListedUnit[]): Result<UnitTreeNode[]> {
  const problems: ErrorDetail[] = [];
  const index = new Map<string, number>();
  list.forEach((u, i) => {
    if (index.has(u.code)) problems.push({ field: `[${i}].code`, zh: `单位编码 ${u.code} 重复`, en: `unit code ${u.code} repeats` });
    else index.set(u.code, i);
  });
  list.forEach((u, i) => {
    if (u.parent === undefined) return;
    if (!index.has(u.parent)) {
      problems.push({ field: `[${i}].parent`, zh: `上级单位 ${u.parent} 不在文件中`, en: `parent ${u.parent} is not in the file` });
      return;
    }
    // Up the parents: coming back to this unit is a cycle (reported once, at its first unit in the list).
    const path = [u.code];
    for (let p: string | undefined = u.parent, steps = 0; p !== undefined && steps <= list.length; steps++) {
      if (p === u.code) {
        if (Math.min(...path.map((c) => index.get(c) ?? Infinity)) === i)
          problems.push({
            field: `[${i}].parent`,
            zh: `上级单位形成循环：${[...path, u.code].join(" → ")}`,
            en: `the parents form a cycle: ${[...path, u.code].join(" -> ")}`,
          });
        break;
      }
      path.push(p);
      p = list[index.get(p) ?? -1]?.parent;
    }
  });
  if (problems.length) return fail(domainError("UNIT_TREE_INVALID", "单位树有错误", "the unit tree has errors", { details: problems }));
  const childrenOf = new Map<string, ListedUnit[]>();
  for (const u of list) if (u.parent !== undefined) childrenOf.set(u.parent, [...(childrenOf.get(u.parent) ?? []), u]);
  const nest = (u: ListedUnit): UnitTreeNode => {
    const { parent: _, ...rest } = u;
    const kids = childrenOf.get(u.code) ?? [];
    return kids.length ? { ...rest, children: kids.map(nest) } : rest;
  };
  return ok(list.filter((u) => u.parent === undefined).map(nest));
}

/** A unit with its parent's code, in tree order (parents before children). */
export interface FlatUnit extends Omit<UnitTreeNode, "children"> {
  readonly parentCode?: string;
}

/** Which kinds may sit under which: a workstation relays to county units, executing units nest at any depth. */
export const ALLOWED_CHILDREN: Record<UnitKind, readonly UnitKind[]> = {
  managing_department: [
    "hotline_centre",
    "handling_unit",
    "guidance_department",
    "staffing_office",
    "justice_bureau",
    "subcentre",
    "dual_number_unit",
    "managing_department",
  ],
  hotline_centre: [
    "hotline_centre",
    "workstation",
    "handling_unit",
    "subcentre",
    "dual_number_unit",
    "guidance_department",
    "staffing_office",
    "justice_bureau",
  ],
  handling_unit: ["executing_unit", "handling_unit"],
  executing_unit: ["executing_unit"],
  workstation: ["handling_unit", "executing_unit"],
  subcentre: ["executing_unit"],
  dual_number_unit: ["executing_unit"],
  guidance_department: ["executing_unit"],
  staffing_office: [],
  justice_bureau: ["executing_unit"],
};

/** Type guard for unit kinds from outside input. */
export function isUnitKind(v: string): v is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(v);
}

/**
 * Flattens and validates a unit tree: unique codes, known kinds, each child of a kind its
 * parent may hold. All problems are reported together; nothing is returned partially.
 */
export function flattenUnitTree(roots: readonly UnitTreeNode[]): Result<FlatUnit[]> {
  const out: FlatUnit[] = [];
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  const walk = (node: UnitTreeNode, parent: UnitTreeNode | undefined, path: string) => {
    if (!node.code || !node.name) problems.push({ field: path, zh: `${path}：缺少编码或名称`, en: `${path}: code and name are required` });
    if (seen.has(node.code)) problems.push({ field: path, zh: `单位编码 ${node.code} 重复`, en: `unit code ${node.code} repeats` });
    seen.add(node.code);
    if (!isUnitKind(node.kind))
      problems.push({ field: `${path}.kind`, zh: `单位类型 ${String(node.kind)} 未知`, en: `unknown unit kind ${String(node.kind)}` });
    else if (parent && isUnitKind(parent.kind) && !ALLOWED_CHILDREN[parent.kind].includes(node.kind)) {
      problems.push({
        field: `${path}.kind`,
        zh: `${UNIT_KIND_LABELS[parent.kind]}下不能设${UNIT_KIND_LABELS[node.kind]}（${node.name}）`,
        en: `a ${parent.kind} cannot hold a ${node.kind} (${node.code})`,
      });
    }
    const { children, ...rest } = node;
    out.push(parent ? { ...rest, parentCode: parent.code } : rest);
    (children ?? []).forEach((c, i) => walk(c, node, `${path}.children[${i}]`));
  };
  roots.forEach((r, i) => walk(r, undefined, `[${i}]`));
  if (problems.length > 0) return fail(domainError("UNIT_TREE_INVALID", "单位树有错误", "the unit tree has errors", { details: problems }));
  return ok(out);
}
