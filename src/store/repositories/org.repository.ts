import { asc, eq } from "drizzle-orm";
import { type FlatUnit } from "../../domain/org/unit.ts";
import { type Database } from "../database.ts";
import { jurisdictions, units } from "../schema/index.ts";

/** A jurisdiction row. */
export type JurisdictionRow = typeof jurisdictions.$inferSelect;
/** A unit row. */
export type UnitRow = typeof units.$inferSelect;

/** Creates the jurisdiction and its units unless it exists; returns whether it was created. */
export async function insertJurisdictionWithUnits(
  db: Database,
  j: { id: string; name: string; policyId: string; parentId?: string | undefined },
  flat: readonly FlatUnit[],
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.id, j.id));
    if (existing.length > 0) return false;
    await tx.insert(jurisdictions).values({ id: j.id, name: j.name, policyId: j.policyId, parentId: j.parentId ?? null });
    const idByCode = new Map<string, string>();
    for (const u of flat) {
      const parentId = u.parentCode ? idByCode.get(u.parentCode) : undefined;
      const [row] = await tx
        .insert(units)
        .values({
          jurisdictionId: j.id,
          parentId: parentId ?? null,
          code: u.code,
          name: u.name,
          kind: u.kind,
          district: u.district ?? null,
          subDistrict: u.subDistrict ?? null,
          serviceNumber: u.serviceNumber ?? null,
        })
        .returning({ id: units.id });
      if (row) idByCode.set(u.code, row.id);
    }
    return true;
  });
}

/** All jurisdictions. */
export async function listJurisdictions(db: Database): Promise<JurisdictionRow[]> {
  return db.select().from(jurisdictions).orderBy(asc(jurisdictions.id));
}

/** All units of a jurisdiction, in code order. */
export async function listUnits(db: Database, jurisdictionId: string): Promise<UnitRow[]> {
  return db.select().from(units).where(eq(units.jurisdictionId, jurisdictionId)).orderBy(asc(units.code));
}
