import { eq } from "drizzle-orm";
import { type Role } from "../../domain/ticket/ticket.ts";
import { units } from "../../store/schema/index.ts";
import { createUser } from "../auth/accounts.ts";
import { type AppContext } from "../context.ts";

/** The password of every demo account. Demo mode only: never created on a production platform. */
export const DEMO_PASSWORD = "demo12345678";

/** Demo accounts per platform: prefix, and for unit roles the unit's code. */
const DEMO: Record<string, { prefix: string; unit: string; subUnit: string; ownLine?: string }> = {
  guangzhou: { prefix: "gz", unit: "GZ-TH", subUnit: "GZ-TH-01", ownLine: "GZ-DN-GD" },
  nanning: { prefix: "nn", unit: "NN-D-CG", subUnit: "NN-BY-01" },
  guangxi: { prefix: "gx", unit: "GX-D-RS", subUnit: "GX-D-ZJ" },
};

const ROLES_TO_MAKE: readonly [Role, string, "unit" | "subUnit" | null][] = [
  ["operator", "话务员", null],
  ["dispatcher", "派单员", null],
  ["reviewer", "审核回访员", null],
  ["supervisor", "督办员", null],
  ["admin", "管理员", null],
  ["analyst", "分析员", null],
  ["unit_handler", "承办人", "unit"],
  ["unit_leader", "单位领导", "unit"],
];

/** Creates one demo account per role (e.g. `gz_operator`, `gz_unit_handler`) for a new demo platform. */
export async function seedDemoUsers(ctx: AppContext, jurisdictionId: string): Promise<string[]> {
  const d = DEMO[jurisdictionId];
  if (!d) return [];
  const made: string[] = [];
  for (const [role, label, unitKey] of ROLES_TO_MAKE) {
    let unitId: string | undefined;
    if (unitKey) {
      const [u] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, d[unitKey]));
      unitId = u?.id;
    }
    const username = `${d.prefix}_${role}`;
    const r = await createUser(
      ctx,
      { id: "system", name: "系统", role: "system" },
      { jurisdictionId, username, displayName: `演示${label}`, password: DEMO_PASSWORD, role, ...(unitId ? { unitId } : {}) },
      { skipAudit: false },
    );
    if (r.ok) made.push(username);
  }
  if (d.ownLine) {
    // A seat of a dual-number unit (GZ-28): records the calls of its own number and handles them.
    const [u] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, d.ownLine));
    const username = `${d.prefix}_dual_number`;
    const r = u
      ? await createUser(
          ctx,
          { id: "system", name: "系统", role: "system" },
          { jurisdictionId, username, displayName: "演示双号并行坐席", password: DEMO_PASSWORD, role: "unit_handler", unitId: u.id },
        )
      : undefined;
    if (r?.ok) made.push(username);
  }
  return made;
}
