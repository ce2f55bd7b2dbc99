import { performance } from "node:perf_hooks";
import { acceptedCorrections } from "../../store/repositories/label-correction.repository.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { deserializeModel, serializeModel } from "../../text/classifier/model-file.ts";
import { trainClassifier, type LabelledText, type Suggestion, type TextClassifier } from "../../text/classifier/text-classifier.ts";
import {
  insertModel,
  insertSuggestionChoices,
  latestModelHead,
  listModels,
  modelById,
  trainingExamples,
  type ModelTarget,
} from "../../store/repositories/classifier.repository.ts";
import { type AppContext } from "../context.ts";
import { platformCategories } from "../categories/categories.ts";

export type { ModelTarget };
export const MODEL_TARGETS: readonly ModelTarget[] = ["type", "category", "unit"];

/** How many ordinary examples an accepted correction counts as in training. */
const CORRECTION_WEIGHT = 3;

/** What a training produced. */
export interface TrainedModel {
  readonly target: ModelTarget;
  readonly version: number;
  readonly examples: number;
  readonly labels: number;
  readonly trainMs: number;
  /** Of the examples, the admins' accepted corrections (派单纠错). */
  readonly corrections: number;
}

/** Trains one model from examples and stores it as the next version. */
export async function trainAndStore(
  ctx: AppContext,
  jurisdictionId: string,
  target: ModelTarget,
  examples: readonly LabelledText[],
  source: string,
  trainedBy: string,
): Promise<Result<TrainedModel>> {
  const labelCounts = new Map<string, number>();
  for (const e of examples) labelCounts.set(e.label, (labelCounts.get(e.label) ?? 0) + 1);
  if (labelCounts.size < 2)
    return fail(
      domainError(
        "NOT_ENOUGH_EXAMPLES",
        `训练需要至少两个类别的样本，现有 ${labelCounts.size} 个类别、${examples.length} 条`,
        `training needs examples of at least two labels; there are ${labelCounts.size} labels in ${examples.length} examples`,
        { field: target },
      ),
    );
  const t0 = performance.now();
  const model = trainClassifier(examples);
  const trainMs = Math.round(performance.now() - t0);
  const version = await insertModel(ctx.db, {
    jurisdictionId,
    target,
    source,
    examples: examples.length,
    labels: model.labels,
    facts: { trainMs, terms: model.vocabulary.terms.length, labelCounts: Object.fromEntries(labelCounts) },
    model: serializeModel(model),
    trainedBy,
    trainedAt: new Date(ctx.now()),
  });
  headsOf(ctx).delete(`${jurisdictionId}:${target}`);
  return ok({ target, version, examples: examples.length, labels: labelCounts.size, trainMs, corrections: 0 });
}

/**
 * Retrains the type, category and unit models from the platform's concluded tickets and
 * the operators' overrides. A target without two labels yet is skipped with its reason.
 */
export async function retrainIntakeModels(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
): Promise<Result<{ trained: TrainedModel[]; skipped: { target: ModelTarget; reason: string }[] }>> {
  if (!can(actor, "models.train")) return fail(forbidden("models.train"));
  const trained: TrainedModel[] = [];
  const skipped: { target: ModelTarget; reason: string }[] = [];
  const accepted = await acceptedCorrections(ctx.db, jurisdictionId);
  for (const target of MODEL_TARGETS) {
    // The accepted corrections teach the unit and category models what the tickets should have had.
    const corrected =
      target === "type"
        ? []
        : accepted.flatMap((c) => {
            const label = target === "unit" ? c.unitId : c.category;
            return label ? [{ text: c.text, label }] : [];
          });
    // A correction is a case the model got wrong, checked by an admin: it counts as several
    // ordinary examples, or one verified case among thousands would not move the model.
    const weighted = corrected.flatMap((e) => Array.from({ length: CORRECTION_WEIGHT }, () => e));
    const examples = [...(await trainingExamples(ctx.db, jurisdictionId, target)), ...weighted];
    const r = await trainAndStore(ctx, jurisdictionId, target, examples, "tickets", actor.id);
    if (r.ok) trained.push({ ...r.value, corrections: corrected.length });
    else skipped.push({ target, reason: r.error.zh });
  }
  return ok({ trained, skipped });
}

/** Models are read once per version and kept; a newer version replaces the cached one. */
const cache = new Map<string, { id: string; version: number; model: TextClassifier }>();

/**
 * Which version is newest, as last asked, for a second: a suggestion is answered in a few
 * milliseconds and asking on every one costs a round trip. A training here forgets it at once;
 * one in another instance is seen within the second.
 */
const HEAD_FOR_MS = 1000;
type Head = { readonly askedAt: number; readonly head: { id: string; version: number } | undefined };
/** Per database (tests open several in one process), per platform and target. */
const headsByDb = new WeakMap<object, Map<string, Head>>();

function headsOf(ctx: AppContext): Map<string, Head> {
  let m = headsByDb.get(ctx.db);
  if (!m) headsByDb.set(ctx.db, (m = new Map()));
  return m;
}

async function newestHead(ctx: AppContext, jurisdictionId: string, target: ModelTarget): Promise<{ id: string; version: number } | undefined> {
  const key = `${jurisdictionId}:${target}`;
  const heads = headsOf(ctx);
  const known = heads.get(key);
  // The process's own clock: the platform's clock may be a test's, standing still.
  const now = performance.now();
  if (known && now - known.askedAt < HEAD_FOR_MS) return known.head;
  const head = await latestModelHead(ctx.db, jurisdictionId, target);
  heads.set(key, { askedAt: now, head });
  return head;
}

/** The newest model of a target, or undefined before the first training. */
export async function currentModel(
  ctx: AppContext,
  jurisdictionId: string,
  target: ModelTarget,
): Promise<{ version: number; model: TextClassifier } | undefined> {
  const head = await newestHead(ctx, jurisdictionId, target);
  if (!head) return undefined;
  const key = `${jurisdictionId}:${target}`;
  const hit = cache.get(key);
  if (hit?.id === head.id) return hit;
  const row = await modelById(ctx.db, head.id);
  if (!row) return undefined;
  const entry = { id: row.id, version: row.version, model: deserializeModel(row.model) };
  cache.set(key, entry);
  return entry;
}

/** The top suggestions of one target, with the model version that made them. */
export interface TargetSuggestions {
  readonly modelVersion: number;
  readonly suggestions: readonly Suggestion[];
}

/** Top-3 of each target asked (all three by default) for a request text; targets without a model are absent. */
export async function suggestForIntake(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  text: string,
  targets: readonly ModelTarget[] = MODEL_TARGETS,
): Promise<Result<Partial<Record<ModelTarget, TargetSuggestions>>>> {
  if (!can(actor, "assist.use")) return fail(forbidden("assist.use"));
  if (!text.trim()) return fail(domainError("INVALID_ARGUMENT", "诉求内容不能为空", "text is required", { field: "text" }));
  const out: Partial<Record<ModelTarget, TargetSuggestions>> = {};
  // A category the admins stopped is not offered, though the model learnt it (until it is retrained).
  const tree = await platformCategories(ctx, jurisdictionId);
  const activeNames = new Set(tree.filter((c) => c.active).map((c) => c.name));
  const stopped = new Set(tree.filter((c) => !c.active && !activeNames.has(c.name)).map((c) => c.name));
  for (const target of targets) {
    const m = await currentModel(ctx, jurisdictionId, target);
    if (!m) continue;
    const suggestions =
      target === "category"
        ? m.model
            .suggest(text, 3 + stopped.size)
            .filter((s) => !stopped.has(s.label))
            .slice(0, 3)
        : m.model.suggest(text, 3);
    out[target] = { modelVersion: m.version, suggestions };
  }
  return ok(out);
}

/** What the operator was shown for one target and what they chose. */
export interface SuggestionChoiceInput {
  readonly target: ModelTarget;
  readonly modelVersion: number;
  readonly suggested: readonly string[];
  readonly chosen: string;
}

/**
 * Records the operator's choices after intake. An override (chosen ≠ the first suggestion)
 * is a labelled example for the next training even before its ticket concludes.
 */
export async function recordSuggestionChoices(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  contact: { contactId: string; ticketId?: string; text: string },
  choices: readonly SuggestionChoiceInput[],
): Promise<void> {
  await insertSuggestionChoices(
    ctx.db,
    choices.map((c) => ({
      jurisdictionId,
      contactId: contact.contactId,
      ticketId: contact.ticketId ?? null,
      target: c.target,
      modelVersion: c.modelVersion,
      suggested: c.suggested,
      chosen: c.chosen,
      accepted: c.suggested[0] === c.chosen,
      text: contact.text,
      chosenBy: actor.id,
      at: new Date(ctx.now()),
    })),
  );
}

/** Every version of a platform's intake models, newest first. */
export async function intakeModelVersions(ctx: AppContext, actor: TicketActor, jurisdictionId: string) {
  if (!can(actor, "assist.use")) return fail(forbidden("assist.use"));
  return ok(await listModels(ctx.db, jurisdictionId));
}
