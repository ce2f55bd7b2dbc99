import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type AppContext } from "../context.ts";
import { suggestUnits, type SuggestionSubject, type UnitSuggestion } from "../dispatch/unit-suggestions.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { suggestForIntake, type SuggestionChoiceInput, type TargetSuggestions } from "./intake-models.ts";

/** What the intake desk is offered while a request is taken: the models' type and category, and units with their evidence. */
export interface IntakeSuggestions {
  readonly type?: TargetSuggestions;
  readonly category?: TargetSuggestions;
  /** The top-3 lead units with why; `modelVersion` 0 where no unit model is trained (the catalogue alone suggests). */
  readonly unit?: { readonly modelVersion: number; readonly suggestions: readonly UnitSuggestion[] };
}

/**
 * The intake desk's suggestions for a request being taken. The units are suggested as dispatch
 * will: from the catalogue for the category and area the operator has entered, then the model.
 */
export async function intakeSuggestions(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  subject: Omit<SuggestionSubject, "jurisdictionId">,
): Promise<Result<IntakeSuggestions>> {
  // The unit is suggested with its evidence below, not by the model alone.
  const models = await suggestForIntake(ctx, actor, jurisdictionId, subject.text, ["type", "category"]);
  if (!models.ok) return models;
  const units = await suggestUnits(ctx, { ...subject, jurisdictionId });
  const { type, category } = models.value;
  return ok({
    ...(type ? { type } : {}),
    ...(category ? { category } : {}),
    ...(units.suggestions.length ? { unit: { modelVersion: units.modelVersion ?? 0, suggestions: units.suggestions } } : {}),
  });
}

/**
 * Checks what an operator says they chose before the contact is taken: a unit chosen at
 * intake must be an active unit of the platform (dispatch starts from it).
 */
export async function checkSuggestionChoices(ctx: AppContext, jurisdictionId: string, choices: readonly SuggestionChoiceInput[]): Promise<Result<void>> {
  const unitChoices = choices.map((c, i) => [c, i] as const).filter(([c]) => c.target === "unit");
  if (!unitChoices.length) return ok(undefined);
  const found = await lookupUnits(
    ctx.db,
    unitChoices.map(([c]) => c.chosen),
  );
  for (const [c, i] of unitChoices) {
    const u = found.get(c.chosen);
    if (u?.jurisdictionId !== jurisdictionId || !u.active)
      return fail(
        domainError("INVALID_ARGUMENT", "所选承办单位不存在、已停用或不属于本平台", "the chosen unit does not exist, is inactive or is not of this platform", {
          field: `suggestionChoices.${i}.chosen`,
        }),
      );
  }
  return ok(undefined);
}
