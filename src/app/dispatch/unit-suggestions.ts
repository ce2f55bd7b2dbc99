import { type CatalogueSource } from "../../domain/dispatch/catalogue-source.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { entryById } from "../../store/repositories/catalogue.repository.ts";
import { unitTrackRecords } from "../../store/repositories/dispatch-fact.repository.ts";
import { loadTicket } from "../../store/repositories/ticket.repository.ts";
import { isUuid } from "../../store/uuid.ts";
import { currentModel } from "../assist/intake-models.ts";
import { type AppContext } from "../context.ts";
import { lookupUnitNames, lookupUnits } from "../org/lookup-units.ts";
import { dispatchProposalFor } from "./catalogue.ts";

/** One suggested lead unit and why (派单建议的依据): the catalogue, its record with the category, the model's score. */
export interface UnitSuggestion {
  readonly rank: number;
  readonly unitId: string;
  readonly unitName: string;
  /** The catalogue entry in force that proposes the unit, with what its duty rests on. */
  readonly catalogue?: { readonly entryId: string; readonly entryKey: string; readonly version: number; readonly legalBasis: string; readonly source?: CatalogueSource; readonly matchedOn: string };
  /** The category's tickets the unit concluded as first lead unit with no approved return; the two latest. */
  readonly record: { readonly category: string; readonly handled: number; readonly examples: readonly { id: string; number: string }[] };
  /** The unit model's score for the ticket's text, where a model is trained and ranks the unit. */
  readonly model?: { readonly version: number; readonly score: number };
}

/** How many units are suggested. */
const TOP = 3;

/**
 * The top-3 lead units for a ticket with their evidence: the catalogue's unit first, then the
 * unit model's by score; each with the catalogue entry that names it (and its source), its
 * record with the ticket's category, and the model's score. Answered for the hotline's desks.
 */
export async function unitSuggestionsFor(ctx: AppContext, actor: TicketActor, ticketId: string): Promise<Result<{ suggestions: UnitSuggestion[] }>> {
  if (!can(actor, "assist.use")) return fail(forbidden("assist.use"));
  const t = isUuid(ticketId) ? await loadTicket(ctx.db, ticketId) : undefined;
  if (!t || !reachesPlatform(actor, t.jurisdictionId)) return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" }));
  const [proposal, model] = await Promise.all([dispatchProposalFor(ctx, ctx.db, t), currentModel(ctx, t.jurisdictionId, "unit")]);
  const scored = model ? model.model.suggest(`${t.title}。${t.content}`, TOP + 2) : [];
  const candidates = [...new Set([...(proposal ? [proposal.leadUnitId] : []), ...scored.map((s) => s.label)])];
  const category = t.category ?? "";
  // One round for the rest: the candidates' units and names, their records, the entry's source.
  const [found, names, records, entry] = await Promise.all([
    lookupUnits(ctx.db, candidates),
    lookupUnitNames(ctx.db, candidates),
    category ? unitTrackRecords(ctx.db, t.jurisdictionId, category, candidates) : Promise.resolve(new Map<string, { handled: number; examples: { id: string; number: string }[] }>()),
    proposal ? entryById(ctx.db, proposal.entryId) : Promise.resolve(undefined),
  ]);
  // A model learns units that may since have closed or moved: only active units of the platform are offered.
  const units = candidates.filter((id) => found.get(id)?.jurisdictionId === t.jurisdictionId && found.get(id)?.active).slice(0, TOP);
  return ok({
    suggestions: units.map((unitId, i) => {
      const score = scored.find((s) => s.label === unitId);
      return {
        rank: i + 1,
        unitId,
        unitName: names.get(unitId) ?? unitId,
        ...(proposal && entry && proposal.leadUnitId === unitId
          ? { catalogue: { entryId: entry.id, entryKey: entry.entryKey, version: entry.version, legalBasis: entry.legalBasis, ...(entry.source ? { source: entry.source } : {}), matchedOn: proposal.matchedOn } }
          : {}),
        record: { category, ...(records.get(unitId) ?? { handled: 0, examples: [] }) },
        ...(model && score ? { model: { version: model.version, score: Math.round(score.score * 1000) / 1000 } } : {}),
      };
    }),
  });
}
