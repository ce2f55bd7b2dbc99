import { eq } from "drizzle-orm";
import { z } from "zod";
import { flattenUnitTree, nestUnits, type ListedUnit, type UnitTreeNode } from "../../domain/org/unit.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type ErrorDetail, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { insertJurisdictionWithUnits } from "../../store/repositories/org.repository.ts";
import { jurisdictions, policyDocuments } from "../../store/schema/index.ts";
import { audit } from "../auth/accounts.ts";
import { type AppContext } from "../context.ts";

// A platform from one file (#42): its jurisdiction, its policy (or a shipped one by id) and its
// unit tree, checked whole and stored together or not at all. The demo seed brings Guangzhou
// and Guangxi up through the same door; data/policies/README.md documents the file.

const UnitNodeSchema: z.ZodType<UnitTreeNode> = z.lazy(() =>
  z.object({
    code: z.string().min(1),
    name: z.string().min(1),
    kind: z.string().min(1),
    district: z.string().optional(),
    subDistrict: z.string().optional(),
    serviceNumber: z.string().optional(),
    children: z.array(UnitNodeSchema).optional(),
  }),
) as z.ZodType<UnitTreeNode>;

/**
 * A unit of the file's list: nested with `children`, or flat with `parent` naming its parent's
 * code (a register as spreadsheets keep it); a file uses one form or the other.
 */
const ListedUnitSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  kind: z.string().min(1),
  district: z.string().optional(),
  subDistrict: z.string().optional(),
  serviceNumber: z.string().optional(),
  parent: z.string().min(1).optional(),
  children: z.array(UnitNodeSchema).optional(),
});

export const JurisdictionFileSchema = z
  .object({
    jurisdiction: z
      .object({
        id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, "小写字母开头的字母、数字或连字符 / lowercase letters, digits and hyphens"),
        name: z.string().trim().min(2).max(100),
        parentId: z.string().min(1).optional(),
      })
      .strict(),
    /** The platform's own policy document (it may extend a known one) … */
    policy: z
      .object({ id: z.string().regex(/^[a-z][a-z0-9-]{1,59}$/) })
      .passthrough()
      .optional(),
    /** … or a known policy by id. */
    policyId: z.string().min(1).optional(),
    units: z.array(ListedUnitSchema).min(1),
  })
  .strict()
  .refine((f) => (f.policy === undefined) !== (f.policyId === undefined), {
    message: "须给出 policy 或 policyId 之一 / give policy or policyId, not both",
    path: ["policy"],
  });
export type JurisdictionFile = z.infer<typeof JurisdictionFileSchema>;

/** What bringing a platform up did. */
export interface AddedJurisdiction {
  readonly id: string;
  readonly policyId: string;
  readonly units: number;
  /** False when the platform was there already (the seed runs again): nothing changed. */
  readonly created: boolean;
}

const invalid = (details: ErrorDetail[], zh: string, en: string) =>
  fail(domainError("INVALID_ARGUMENT", zh, en, { field: details[0]?.field ?? "file", details }));

/**
 * Checks a platform's file whole: its shape, its policy against the known ones, its unit tree,
 * its parent platform. Nothing is stored; the first problem's field names where it is.
 */
export async function checkJurisdictionFile(
  ctx: AppContext,
  input: unknown,
): Promise<Result<{ file: JurisdictionFile; policyId: string; units: ReturnType<typeof flattenUnitTree> & { ok: true } }>> {
  const parsed = JurisdictionFileSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      field: i.path.join(".") || "file",
      zh: `${i.path.join(".") || "文件"}：${i.message}`,
      en: `${i.path.join(".") || "file"}: ${i.message}`,
    }));
    return invalid(details, `文件有误：${details[0]?.zh ?? ""}`, `the file is invalid: ${details[0]?.en ?? ""}`);
  }
  const f = parsed.data;
  const policyId = f.policy?.id ?? f.policyId!;
  const policy = f.policy ? ctx.policies.check(f.policy.id, f.policy) : ctx.policies.get(policyId);
  if (!policy.ok) {
    const details = (policy.error.details ?? [{ field: policy.error.field ?? "", zh: policy.error.zh, en: policy.error.en }]).map((d) => ({
      ...d,
      field: `policy.${d.field ?? ""}`.replace(/\.$/, ""),
    }));
    return fail({ ...policy.error, field: details[0]?.field ?? "policy", details });
  }
  const tree = unitTreeOf(f.units);
  if (!tree.ok) return tree;
  const units = flattenUnitTree(tree.value);
  if (!units.ok)
    return fail({
      ...units.error,
      field: `units${units.error.details?.[0]?.field ?? ""}`,
      details: (units.error.details ?? []).map((d) => ({ ...d, field: `units${d.field ?? ""}` })),
    });
  if (f.jurisdiction.parentId) {
    const [parent] = await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.id, f.jurisdiction.parentId));
    if (!parent)
      return fail(
        domainError("JURISDICTION_NOT_FOUND", `上级平台 ${f.jurisdiction.parentId} 不存在`, `no parent platform ${f.jurisdiction.parentId}`, {
          field: "jurisdiction.parentId",
        }),
      );
  }
  return ok({ file: f, policyId, units });
}

/** The file's units as a tree: nested as given, or nested from a flat list (its problems named by place: `units[3].parent`). */
function unitTreeOf(units: JurisdictionFile["units"]): Result<UnitTreeNode[]> {
  const flat = units.some((u) => u.parent !== undefined);
  if (!flat) return ok(units as UnitTreeNode[]);
  const mixed = units.findIndex((u) => u.children !== undefined);
  if (mixed >= 0)
    return fail(
      domainError(
        "INVALID_ARGUMENT",
        "单位列表须统一用 parent（平铺）或 children（嵌套）之一",
        "units are listed flat (parent) or nested (children), not both",
        { field: `units[${mixed}].children` },
      ),
    );
  const nested = nestUnits(units as ListedUnit[]);
  if (nested.ok) return nested;
  const details = (nested.error.details ?? []).map((d) => ({ ...d, field: `units${d.field ?? ""}` }));
  return fail({ ...nested.error, field: details[0]?.field ?? "units", details });
}

/**
 * Brings a platform up from its file: the policy stored (and known to this process at once),
 * the jurisdiction and its units, in one transaction. A platform already there is left as it is.
 */
export async function bringUpJurisdiction(ctx: AppContext, input: unknown, by: string): Promise<Result<AddedJurisdiction>> {
  const checked = await checkJurisdictionFile(ctx, input);
  if (!checked.ok) return checked;
  const { file: f, policyId, units } = checked.value;
  const created = await ctx.db.transaction(async (tx) => {
    const made = await insertJurisdictionWithUnits(tx as unknown as AppContext["db"], { ...f.jurisdiction, policyId }, units.value);
    if (made && f.policy) await tx.insert(policyDocuments).values({ id: f.policy.id, document: f.policy, addedAt: new Date(ctx.now()), addedBy: by });
    return made;
  });
  if (created && f.policy) ctx.policies.add(f.policy.id, f.policy);
  return ok({ id: f.jurisdiction.id, policyId, units: units.value.length, created });
}

/** An administrator of the deployment adds a platform (its own admins manage only their own). */
export async function addJurisdiction(ctx: AppContext, actor: TicketActor, input: unknown): Promise<Result<AddedJurisdiction>> {
  if (!can(actor, "units.manage") || actor.jurisdictionId !== undefined) return fail(forbidden("units.manage"));
  const id = JurisdictionFileSchema.safeParse(input).data?.jurisdiction.id;
  const exists = id ? (await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.id, id))).length > 0 : false;
  if (exists) return fail(domainError("JURISDICTION_EXISTS", `平台 ${id} 已存在`, `platform ${id} exists`, { field: "jurisdiction.id" }));
  const r = await bringUpJurisdiction(ctx, input, actor.id);
  if (!r.ok) return r;
  await audit(ctx, {
    actorId: actor.id,
    jurisdictionId: r.value.id,
    action: "jurisdiction.add",
    target: r.value.id,
    outcome: "ok",
    details: { policyId: r.value.policyId, units: r.value.units },
  });
  return r;
}
