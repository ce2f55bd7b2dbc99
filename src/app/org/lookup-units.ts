import { inArray } from "drizzle-orm";
import { isUnitKind } from "../../domain/org/unit.ts";
import { type UnitRef } from "../../domain/ticket/decide.ts";
import { type Tx } from "../../store/repositories/ticket.repository.ts";
import { units } from "../../store/schema/index.ts";
import { isUuid } from "../../store/uuid.ts";


/** Looks up every unit a command names, in one query. */
export async function lookupUnits(tx: Tx, ids: readonly string[]): Promise<Map<string, UnitRef>> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await tx.select({ id: units.id, kind: units.kind, jurisdictionId: units.jurisdictionId, active: units.active }).from(units).where(inArray(units.id, wanted));
  return new Map(rows.flatMap((r) => (isUnitKind(r.kind) ? [[r.id, { id: r.id, kind: r.kind, jurisdictionId: r.jurisdictionId, active: r.active }] as const] : [])));
}


/** Unit names by id, for showing ids a model or a record holds. */
export async function lookupUnitNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await tx.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
