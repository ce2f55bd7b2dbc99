import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { decideUnitChange, type MaintainedUnit, type UnitChange } from "../../domain/org/unit-maintenance.ts";
import { isUnitKind } from "../../domain/org/unit.ts";
import { type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { units } from "../../store/schema/index.ts";
import { audit } from "../auth/accounts.ts";
import { type AppContext } from "../context.ts";
import { forgetUnitScopes } from "./unit-scope.ts";

/** A change as an administrator asks for it: a create has no id yet. */
export type UnitChangeRequest =
  Omit<Extract<UnitChange, { kind: "create" }>, "id"> | Exclude<UnitChange, { kind: "create" } | { kind: "deactivate" }> | { kind: "deactivate"; id: string };

async function openTicketsOn(ctx: AppContext, unitId: string): Promise<number> {
  const r = (await ctx.db.execute(sql`
    select count(*)::int as n from ticket
    where status not in ('concluded', 'archived', 'merged')
      and (lead_unit_id = ${unitId}::uuid or state->'assignment'->'assistingUnitIds' ? ${unitId} or state->'assignment'->>'executingUnitId' = ${unitId})`)) as unknown as {
    rows: { n: number }[];
  };
  return r.rows[0]?.n ?? 0;
}

/**
 * Applies one administrator's change to a platform's unit tree (GZ-6, GX-3, GX-8): decided
 * against the whole tree, written, and recorded in the audit log with the unit before and after.
 */
export async function maintainUnit(ctx: AppContext, actor: TicketActor, jurisdictionId: string, req: UnitChangeRequest): Promise<Result<MaintainedUnit>> {
  if (!can(actor, "units.manage")) return { ok: false, error: forbidden("units.manage") };
  const rows = await ctx.db.select().from(units).where(eq(units.jurisdictionId, jurisdictionId));
  const all: MaintainedUnit[] = rows
    .filter((r) => isUnitKind(r.kind))
    .map((r) => ({
      id: r.id,
      parentId: r.parentId,
      code: r.code,
      name: r.name,
      kind: r.kind as MaintainedUnit["kind"],
      district: r.district,
      subDistrict: r.subDistrict,
      serviceNumber: r.serviceNumber,
      active: r.active,
    }));
  const change: UnitChange =
    req.kind === "create"
      ? { ...req, id: randomUUID() }
      : req.kind === "deactivate"
        ? { ...req, openTickets: all.some((u) => u.id === req.id) ? await openTicketsOn(ctx, req.id) : 0 }
        : req;
  const decided = decideUnitChange(all, change);
  if (!decided.ok) return decided;
  const u = decided.value;
  const before = all.find((x) => x.id === u.id);
  const values = {
    parentId: u.parentId,
    code: u.code,
    name: u.name,
    kind: u.kind,
    district: u.district,
    subDistrict: u.subDistrict,
    serviceNumber: u.serviceNumber,
    active: u.active,
  };
  await ctx.db.transaction(async (tx) => {
    if (change.kind === "create") await tx.insert(units).values({ id: u.id, jurisdictionId, ...values });
    else
      await tx
        .update(units)
        .set(values)
        .where(and(eq(units.id, u.id), eq(units.jurisdictionId, jurisdictionId)));
  });
  await audit(ctx, {
    actorId: actor.id,
    jurisdictionId,
    action: `unit.${change.kind}`,
    target: `${jurisdictionId}/${u.code}`,
    outcome: "ok",
    details: { before: before ?? null, after: u },
  });
  forgetUnitScopes(ctx);
  return decided;
}
