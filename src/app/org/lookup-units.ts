import { inArray, sql } from "drizzle-orm";
import { executeNamed } from "../../store/named-statement.ts";
import { isUnitKind } from "../../domain/org/unit.ts";
import { type UnitRef } from "../../domain/ticket/decide.ts";
import { type Tx } from "../../store/repositories/ticket.repository.ts";
import { units } from "../../store/schema/index.ts";
import { isUuid } from "../../store/uuid.ts";

/** Looks up every unit a command or a suggestion names, with its name, in one query. */
export async function lookupUnits(tx: Tx, ids: readonly string[]): Promise<Map<string, UnitRef & { name: string }>> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (wanted.length === 0) return new Map();
  // One statement text for any number of units: planned once per connection (every dispatch asks).
  const { rows } = await executeNamed<{ id: string; kind: string; jurisdiction_id: string; active: boolean; name: string }>(
    tx,
    "units_lookup_v2",
    sql`select id::text, kind, jurisdiction_id, active, name from unit where id = any(${`{${wanted.join(",")}}`}::uuid[])`,
  );
  return new Map(
    rows.flatMap((r) =>
      isUnitKind(r.kind) ? [[r.id, { id: r.id, kind: r.kind, jurisdictionId: r.jurisdiction_id, active: r.active, name: r.name }] as const] : [],
    ),
  );
}

/** Unit names by id, for showing ids a model or a record holds. */
export async function lookupUnitNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await tx.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
