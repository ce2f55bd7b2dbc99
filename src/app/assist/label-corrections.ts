import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { correctionItem, insertCorrection, pendingCorrections, type CorrectionItem } from "../../store/repositories/label-correction.repository.ts";
import { isUuid } from "../../store/uuid.ts";
import { platformCategories } from "../categories/categories.ts";
import { type AppContext } from "../context.ts";
import { lookupUnits } from "../org/lookup-units.ts";

// The label-correction queue (派单纠错): an intake or a dispatch that passed over the first
// suggestion, and a return the hotline approved, show the models a ticket they got wrong. An admin accepts the
// corrected unit and category, or rejects the item; only accepted corrections train.

export type { CorrectionItem };

/** A page of the queue, newest first, with how many wait. */
export async function correctionQueue(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  page: number,
  pageSize: number,
): Promise<Result<{ total: number; items: CorrectionItem[] }>> {
  if (!can(actor, "models.train")) return fail(forbidden("models.train"));
  return ok(await pendingCorrections(ctx.db, jurisdictionId, pageSize, (page - 1) * pageSize));
}

/** An admin's decision on one item. */
export interface CorrectionDecision {
  readonly ticketId: string;
  readonly seq: number;
  readonly accept: boolean;
  /** The corrected unit (accept; default: the one the item proposes). */
  readonly unitId?: string;
  /** The corrected category (accept; default: the ticket's). */
  readonly category?: string;
  readonly note: string;
}

/** Accepts or rejects one item of the queue; a second decision on it is refused. */
export async function decideCorrection(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  d: CorrectionDecision,
): Promise<Result<{ ticketId: string; seq: number; accepted: boolean; unitId: string | null; category: string | null }>> {
  if (!can(actor, "models.train")) return fail(forbidden("models.train"));
  const found = isUuid(d.ticketId) ? await correctionItem(ctx.db, jurisdictionId, d.ticketId, d.seq) : undefined;
  if (!found) return fail(domainError("CORRECTION_NOT_FOUND", "纠错队列中没有该工单事件", "no such item on the correction queue", { field: "seq" }));
  if (!d.accept && !d.note.trim()) return fail(domainError("INVALID_ARGUMENT", "驳回须写明理由", "a rejection needs a note", { field: "note" }));
  const unitId = d.accept ? (d.unitId ?? found.proposedUnitId) : null;
  const category = d.accept ? (d.category ?? found.category) : null;
  if (d.accept) {
    // An intake override may be about the category alone; every other item corrects a unit.
    if (!unitId && !(found.kind === "intake_override" && category))
      return fail(domainError("INVALID_ARGUMENT", "须指定纠正后的承办单位", "the corrected unit is required", { field: "unitId" }));
    const unit = unitId ? (await lookupUnits(ctx.db, [unitId])).get(unitId) : undefined;
    if (unitId && unit?.jurisdictionId !== jurisdictionId)
      return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "no such unit on this platform", { field: "unitId" }));
    // A category the admin names must be the platform's; the ticket's own stands as it is.
    if (
      d.category !== undefined &&
      d.category !== found.category &&
      !(await platformCategories(ctx, jurisdictionId)).some((c) => c.name === d.category && c.active)
    ) {
      return fail(domainError("INVALID_ARGUMENT", "诉求分类不存在或已停用", "no such active category on this platform", { field: "category" }));
    }
  }
  const saved = await insertCorrection(ctx.db, {
    ticketId: found.ticketId,
    seq: found.seq,
    jurisdictionId,
    accepted: d.accept,
    unitId,
    category,
    text: found.text,
    note: d.note.trim(),
    decidedBy: actor.id,
    decidedAt: new Date(ctx.now()),
  });
  if (!saved) return fail(domainError("CORRECTION_CONFLICT", "该纠错已处理", "the item is decided already", { field: "seq" }));
  return ok({ ticketId: found.ticketId, seq: found.seq, accepted: d.accept, unitId, category });
}
