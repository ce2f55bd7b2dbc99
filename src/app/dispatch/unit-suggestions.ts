import { proposeDispatch } from "../../domain/dispatch/catalogue.ts";
import { type CatalogueSource } from "../../domain/dispatch/catalogue-source.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { intakeUnitChoice } from "../../store/repositories/classifier.repository.ts";
import { type TrackRecord } from "../../store/repositories/dispatch-fact.repository.ts";
import { suggestionEvidence } from "../../store/repositories/suggestion-evidence.repository.ts";
import { loadTicketToChange } from "../../store/repositories/ticket.repository.ts";
import { isUuid } from "../../store/uuid.ts";
import { currentModel } from "../assist/intake-models.ts";
import { type AppContext } from "../context.ts";
import { lookupUnits } from "../org/lookup-units.ts";

/** One suggested lead unit and why (派单建议的依据): the catalogue, its record with the category, the model's score. */
export interface UnitSuggestion {
  readonly rank: number;
  readonly unitId: string;
  readonly unitName: string;
  /** The catalogue entry in force that proposes the unit, with what its duty rests on. */
  readonly catalogue?: {
    readonly entryId: string;
    readonly entryKey: string;
    readonly version: number;
    readonly legalBasis: string;
    readonly source?: CatalogueSource;
    readonly matchedOn: string;
  };
  /** The category's tickets the unit concluded as first lead unit with no approved return (counted up to a cap: `more` past it); the two latest. */
  readonly record: { readonly category: string } & TrackRecord;
  /** The unit model's score for the ticket's text, where a model is trained and ranks the unit. */
  readonly model?: { readonly version: number; readonly score: number };
}

/** What a suggestion is made for: a ticket, or a request still being taken at intake. */
export interface SuggestionSubject {
  readonly jurisdictionId: string;
  readonly text: string;
  readonly category?: string;
  readonly district?: string;
  readonly subDistrict?: string;
}

/** The unit chosen at intake for a ticket (受理拟派单位), which dispatch starts from. */
export interface IntakeUnitChoice {
  readonly unitId: string;
  readonly unitName: string;
  /** Whether it was the first suggestion. */
  readonly accepted: boolean;
  readonly chosenBy: string;
  readonly at: number;
}

/** How many units are suggested. */
const TOP = 3;

/**
 * The top-3 lead units for a request with their evidence: the catalogue's unit first, then the
 * unit model's by score; each with the catalogue entry that names it (and its source), its
 * record with the category, and the model's score. Only active units of the platform are offered.
 */
export async function suggestUnits(ctx: AppContext, s: SuggestionSubject): Promise<{ modelVersion?: number; suggestions: UnitSuggestion[] }> {
  const model = await currentModel(ctx, s.jurisdictionId, "unit");
  const scored = model ? model.model.suggest(s.text, TOP + 2) : [];
  const category = s.category ?? "";
  const now = ctx.now();
  // The catalogue and the units with their records in one statement: the units asked include the
  // category's catalogue leads, so whichever entry the catalogue proposes has its card.
  const modelUnits = scored.map((x) => x.label).filter(isUuid);
  const { entries, units: cards } = category
    ? await suggestionEvidence(ctx.db, s.jurisdictionId, category, modelUnits, now)
    : { entries: [], units: await lookupUnits(ctx.db, modelUnits) };
  const proposal = proposeDispatch(entries, {
    ...(category ? { category } : {}),
    ...(s.district ? { district: s.district } : {}),
    ...(s.subDistrict ? { subDistrict: s.subDistrict } : {}),
  });
  const entry = proposal ? entries.find((e) => e.id === proposal.entryId) : undefined;
  const candidates = [...new Set([...(proposal ? [proposal.leadUnitId] : []), ...modelUnits])];
  // A model learns units that may since have closed or moved: only active units of the platform are offered.
  const card = (id: string): { name: string; jurisdictionId: string; active: boolean; record?: TrackRecord } | undefined => cards.get(id);
  const units = candidates.filter((id) => card(id)?.jurisdictionId === s.jurisdictionId && card(id)?.active).slice(0, TOP);
  return {
    ...(model ? { modelVersion: model.version } : {}),
    suggestions: units.map((unitId, i) => {
      const score = scored.find((x) => x.label === unitId);
      return {
        rank: i + 1,
        unitId,
        unitName: card(unitId)?.name ?? unitId,
        ...(proposal && entry && proposal.leadUnitId === unitId
          ? {
              catalogue: {
                entryId: entry.id,
                entryKey: entry.entryKey,
                version: entry.version,
                legalBasis: entry.legalBasis,
                ...(entry.source ? { source: entry.source } : {}),
                matchedOn: proposal.matchedOn,
              },
            }
          : {}),
        record: { category, ...(card(unitId)?.record ?? { handled: 0, more: false, examples: [] }) },
        ...(model && score ? { model: { version: model.version, score: Math.round(score.score * 1000) / 1000 } } : {}),
      };
    }),
  };
}

/**
 * {@link suggestUnits} for a ticket, answered for the hotline's desks, with the unit the
 * operator chose at intake (if any), which the dispatch dialog starts from.
 */
export async function unitSuggestionsFor(
  ctx: AppContext,
  actor: TicketActor,
  ticketId: string,
): Promise<Result<{ suggestions: UnitSuggestion[]; intakeChoice?: IntakeUnitChoice }>> {
  if (!can(actor, "assist.use")) return fail(forbidden("assist.use"));
  if (!isUuid(ticketId)) return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" }));
  // The intake's choice is asked beside the ticket: one round trip for both.
  // Read from the partition its id names: one prepared statement, not a plan over every month's table.
  const [loaded, choice] = await Promise.all([loadTicketToChange(ctx.db, ticketId, ctx.ticketHomes), intakeUnitChoice(ctx.db, ticketId)]);
  const t = loaded?.state;
  if (!t || !reachesPlatform(actor, t.jurisdictionId)) return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" }));
  const subject = {
    jurisdictionId: t.jurisdictionId,
    text: `${t.title}。${t.content}`,
    ...(t.category ? { category: t.category } : {}),
    ...(t.location.district ? { district: t.location.district } : {}),
    ...(t.location.subDistrict ? { subDistrict: t.location.subDistrict } : {}),
  };
  const { suggestions } = await suggestUnits(ctx, subject);
  if (!choice) return ok({ suggestions });
  const card = suggestions.find((x) => x.unitId === choice.unitId)?.unitName ?? (await lookupUnits(ctx.db, [choice.unitId])).get(choice.unitId)?.name;
  return ok({ suggestions, intakeChoice: { ...choice, unitName: card ?? choice.unitId } });
}
