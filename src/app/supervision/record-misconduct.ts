import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { desc, eq } from "drizzle-orm";
import { isUuid } from "../../store/uuid.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { misconductRecords } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { jurisdictionOf } from "../org/jurisdictions.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";

/** What was done wrong (GZ-26, GX-36). */
export const MISCONDUCT_KINDS = ["rude_service", "falsified_reply", "leak", "shirking", "other"] as const;
/** What was done about it (GX-37): a note for accountability, a rectification letter, or a referral of leads to discipline inspection. */
export const MISCONDUCT_MEASURES = ["record", "rectification_letter", "discipline_referral"] as const;

/** The rule a misconduct is recorded under: the record itself (GZ-26, GX-36), or the measure taken (GX-37). */
export function misconductRule(policy: Pick<ResolvedPolicy, "procedures">, measure: (typeof MISCONDUCT_MEASURES)[number]): string {
  return measure === "record" ? policy.procedures.misconductRecord : policy.procedures.misconductMeasure;
}

/** One misconduct as a supervisor records it. */
export interface MisconductInput {
  readonly unitId: string;
  readonly staffName?: string;
  readonly kind: (typeof MISCONDUCT_KINDS)[number];
  readonly measure: (typeof MISCONDUCT_MEASURES)[number];
  readonly description: string;
  readonly ticketId?: string;
}

/** Records a misconduct and its measure; the record is permanent. */
export async function recordMisconduct(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  input: MisconductInput,
): Promise<Result<typeof misconductRecords.$inferSelect>> {
  if (!can(actor, "misconduct.record")) return fail(forbidden("misconduct.record"));
  const unit = (await lookupUnits(ctx.db, [input.unitId])).get(input.unitId);
  if (!unit || unit.jurisdictionId !== jurisdictionId)
    return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "the unit does not exist on this platform", { field: "unitId" }));
  if (!input.description.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明情况", "a description is required", { field: "description" }));
  const j = await jurisdictionOf(ctx, jurisdictionId);
  const policy = j ? ctx.policies.get(j.policyId) : undefined;
  if (!policy?.ok) return fail(domainError("JURISDICTION_NOT_FOUND", "平台不存在", "no such jurisdiction", { field: "jurisdiction" }));
  const rule = misconductRule(policy.value, input.measure);
  const [row] = await ctx.db
    .insert(misconductRecords)
    .values({
      jurisdictionId,
      unitId: input.unitId,
      staffName: input.staffName ?? null,
      kind: input.kind,
      measure: input.measure,
      description: input.description,
      ticketId: input.ticketId ?? null,
      rule,
      recordedBy: actor.id,
      at: new Date(ctx.now()),
    })
    .returning();
  if (!row) throw new Error("misconduct insert returned nothing");
  return ok(row);
}

/** A unit's records, newest first; another platform's unit does not exist for this actor. */
export async function listMisconduct(ctx: AppContext, actor: TicketActor, unitId: string): Promise<Result<(typeof misconductRecords.$inferSelect)[]>> {
  const unit = isUuid(unitId) ? (await lookupUnits(ctx.db, [unitId])).get(unitId) : undefined;
  if (!unit || !reachesPlatform(actor, unit.jurisdictionId)) return fail(domainError("UNIT_NOT_FOUND", "单位不存在", "no such unit", { field: "unitId" }));
  return ok(await ctx.db.select().from(misconductRecords).where(eq(misconductRecords.unitId, unitId)).orderBy(desc(misconductRecords.at)));
}
