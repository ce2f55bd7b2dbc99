import { isUuid } from "../../store/uuid.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { randomUUID } from "node:crypto";
import { proposeDispatch, type DispatchProposal } from "../../domain/dispatch/catalogue.ts";
import { CATALOGUE_SOURCE_KINDS, pushDownRefusal, type CatalogueSource } from "../../domain/dispatch/catalogue-source.ts";
import { dryRunCatalogueChange } from "../../domain/dispatch/catalogue-dry-run.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import {
  catalogueAt,
  closeEntry,
  currentEntryForUpdate,
  decideDisputeRow,
  disputeForUpdate,
  entryById,
  entryHistory,
  insertDispute,
  insertEntry,
  listDisputes,
  concludedTicketsOf,
} from "../../store/repositories/catalogue.repository.ts";
import { type Tx } from "../../store/repositories/ticket.repository.ts";
import { type AppContext } from "../context.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";


/** An entry as an administrator writes it; `entryKey` names the entry a new version replaces. */
export interface CatalogueEntryInput {
  readonly entryKey?: string;
  readonly category: string;
  readonly district?: string;
  readonly subDistrict?: string;
  readonly leadUnitId: string;
  readonly assistingUnitIds?: string[];
  readonly legalBasis: string;
  readonly principle?: { decision: string; decidedOn: string; approvingBody: string };
  /** The document the duty rests on (国办函〔2025〕66号). */
  readonly source: CatalogueSource;
  readonly reason: string;
}


/** The catalogue's proposal for a ticket, from the catalogue in force now. */
export async function dispatchProposalFor(ctx: AppContext, db: Tx, t: TicketState): Promise<DispatchProposal | undefined> {
  // Only the ticket's category can propose a unit: the rest of a city's catalogue is not read.
  if (!t.category) return undefined;
  const entries = await catalogueAt(db, t.jurisdictionId, ctx.now(), t.category);
  return proposeDispatch(entries, { category: t.category, ...(t.location.district ? { district: t.location.district } : {}), ...(t.location.subDistrict ? { subDistrict: t.location.subDistrict } : {}) });
}

/** Adds an entry, or a new version of one (the old version stays, closed). */
export async function saveCatalogueEntry(ctx: AppContext, actor: TicketActor, jurisdictionId: string, input: CatalogueEntryInput) {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  return ctx.db.transaction((tx) => saveCatalogueEntryIn(tx, ctx, actor, jurisdictionId, input));
}

/** {@link saveCatalogueEntry} inside the caller's transaction (an import saves all its rows in one). */
export async function saveCatalogueEntryIn(tx: Tx, ctx: AppContext, actor: TicketActor, jurisdictionId: string, input: CatalogueEntryInput) {
  if (!input.category.trim()) return fail(domainError("INVALID_ARGUMENT", "类别不能为空", "category is required", { field: "category" }));
  if (!input.legalBasis.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明职责依据", "the legal basis is required", { field: "legalBasis" }));
  if (input.subDistrict && !input.district) return fail(domainError("INVALID_ARGUMENT", "街道须属于某个区", "a sub-district needs its district", { field: "district" }));
  if (!(CATALOGUE_SOURCE_KINDS as readonly string[]).includes(input.source?.kind)) {
    return fail(domainError("INVALID_ARGUMENT", `职责来源类型无效，应为 ${CATALOGUE_SOURCE_KINDS.join("、")} 之一`, `the source kind must be one of ${CATALOGUE_SOURCE_KINDS.join(", ")}`, { field: "source.kind" }));
  }
  if (!input.source.document?.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明职责来源文件", "the source document is required", { field: "source.document" }));
  // A principle decided for difficult cases (GZ-16, GX-19) is an entry of its own kind, and only such an entry carries one.
  if ((input.principle !== undefined) !== (input.source.kind === "difficult_case_principle")) {
    return input.principle
      ? fail(domainError("INVALID_ARGUMENT", "记录疑难件处理原则的条目，来源类型须为“疑难件处理原则”", "an entry recording a difficult-case principle has the source kind difficult_case_principle", { field: "source.kind", rule: "GZ-16" }))
      : fail(domainError("INVALID_ARGUMENT", "来源为“疑难件处理原则”的条目须写明原则：决定、日期、批准机关", "an entry resting on a difficult-case principle states it: decision, date, approving body", { field: "principle", rule: "GZ-16" }));
  }
  const now = ctx.now();
  const ids = [input.leadUnitId, ...(input.assistingUnitIds ?? [])];
  const found = await lookupUnits(tx, ids);
  const bad = ids.find((id) => found.get(id)?.jurisdictionId !== jurisdictionId);
  if (bad) return fail(domainError("INVALID_ARGUMENT", `单位 ${bad} 不存在或不属于本平台`, `unit ${bad} does not exist on this platform`, { field: bad === input.leadUnitId ? "leadUnitId" : "assistingUnitIds" }));
  const pushedDown = pushDownRefusal(found.get(input.leadUnitId)!.kind, input.source);
  if (pushedDown) return fail(pushedDown);
  let version = 1;
  let entryKey: string = randomUUID();
  // One entry per category and area at a time: a second would make the proposal depend on row order.
  const area = (e: { district?: string | undefined; subDistrict?: string | undefined }) => `${e.district ?? ""}|${e.subDistrict ?? ""}`;
  const clash = (await catalogueAt(tx, jurisdictionId, now, input.category.trim())).find((e) => e.entryKey !== input.entryKey && area(e) === area(input));
  if (clash) {
    return fail(domainError("CATALOGUE_CONFLICT", "本类别和区域已有生效的目录条目，请修订该条目（新版本）而不是另建", "a current entry covers this category and area already: make a new version of it instead", { field: "category", details: [{ field: "entryKey", zh: clash.entryKey, en: clash.entryKey }] }));
  }
  if (input.entryKey) {
    const current = await currentEntryForUpdate(tx, input.entryKey);
    if (!current) return fail(domainError("CATALOGUE_ENTRY_NOT_FOUND", "目录条目不存在", "no such catalogue entry", { field: "entryKey" }));
    await closeEntry(tx, current.id, now);
    version = current.version + 1;
    entryKey = input.entryKey;
  }
  const saved = await insertEntry(tx, {
    jurisdictionId,
    entryKey,
    version,
    category: input.category.trim(),
    district: input.district ?? null,
    subDistrict: input.subDistrict ?? null,
    leadUnitId: input.leadUnitId,
    assistingUnitIds: input.assistingUnitIds ?? [],
    legalBasis: input.legalBasis,
    principle: input.principle ?? null,
    source: { kind: input.source.kind, document: input.source.document.trim(), ...(input.source.number?.trim() ? { number: input.source.number.trim() } : {}), ...(input.source.clause?.trim() ? { clause: input.source.clause.trim() } : {}) },
    validFrom: new Date(now),
    createdBy: actor.id,
    reason: input.reason,
  });
  return ok(saved);
}

/** A unit disputes a catalogue entry it is named in (派单异议). */
/** Every version of one entry, oldest first: of the actor's platform only. */
export async function catalogueEntryHistory(ctx: AppContext, actor: TicketActor, entryKey: string) {
  return isUuid(entryKey) ? entryHistory(ctx.db, entryKey, actor.jurisdictionId) : [];
}

export async function fileCatalogueDispute(ctx: AppContext, actor: TicketActor, entryId: string, reason: string, legalBasis: string) {
  const e = isUuid(entryId) ? await entryById(ctx.db, entryId) : undefined;
  if (!e || e.validTo !== null || !reachesPlatform(actor, e.jurisdictionId)) return fail(domainError("CATALOGUE_ENTRY_NOT_FOUND", "目录条目不存在或已失效", "no such current catalogue entry", { field: "entryId" }));
  if (!actor.unitId || ![e.leadUnitId, ...e.assistingUnitIds].includes(actor.unitId)) {
    return fail(domainError("FORBIDDEN", "只有目录中列明的单位可以提出异议", "only a unit named in the entry may dispute it"));
  }
  if (!reason.trim() || !legalBasis.trim()) return fail(domainError("INVALID_ARGUMENT", "异议须写明理由和依据", "a dispute needs a reason and its legal basis", { field: reason.trim() ? "legalBasis" : "reason" }));
  return ok(await insertDispute(ctx.db, { entryId, unitId: actor.unitId, reason, legalBasis, status: "open", createdAt: new Date(ctx.now()) }));
}

/** The hotline decides a dispute; an accepted one is then carried out by a new version of the entry. */
export async function decideCatalogueDispute(ctx: AppContext, actor: TicketActor, disputeId: string, accepted: boolean, note: string): Promise<Result<unknown>> {
  if (!can(actor, "catalogue.decideDispute")) return fail(forbidden("catalogue.decideDispute"));
  if (!note.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明处理意见", "the decision needs a note", { field: "note" }));
  return ctx.db.transaction(async (tx) => {
    const d = isUuid(disputeId) ? await disputeForUpdate(tx, disputeId) : undefined;
    const e = d ? await entryById(tx, d.entryId) : undefined;
    if (!d || !e || !reachesPlatform(actor, e.jurisdictionId)) return fail(domainError("DISPUTE_NOT_FOUND", "异议不存在", "no such dispute", { field: "id" }));
    if (d.status !== "open") return fail(domainError("DISPUTE_DECIDED", "该异议已处理", "the dispute is already decided"));
    return ok(await decideDisputeRow(tx, disputeId, accepted ? "accepted" : "rejected", actor.id, note, ctx.now()));
  });
}

/** A platform's catalogue as it stood at an instant (every entry in force then). */
export async function catalogueOn(ctx: AppContext, jurisdictionId: string, at: number) {
  return catalogueAt(ctx.db, jurisdictionId, at);
}

/** A platform's disputes of its catalogue, open and decided. */
export async function catalogueDisputes(ctx: AppContext, jurisdictionId: string) {
  return listDisputes(ctx.db, jurisdictionId);
}

/** Of these catalogue entries, those in force now on a platform (a return may cite one, 国办函〔2025〕66号). */
export async function currentEntriesOn(db: Tx, jurisdictionId: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
  const found = new Set<string>();
  for (const id of ids.filter(isUuid)) {
    const e = await entryById(db, id);
    if (e && e.jurisdictionId === jurisdictionId && e.validTo === null) found.add(id);
  }
  return found;
}

/**
 * A dry run of a catalogue change before it is saved (国办函〔2025〕66号): over the last `months` of
 * concluded tickets of the categories it touches, those it would send to another unit than the
 * one that handled them, with both units. Nothing is written.
 */
export async function catalogueDryRun(ctx: AppContext, actor: TicketActor, jurisdictionId: string, input: Omit<CatalogueEntryInput, "source" | "reason" | "principle">, months = 12) {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  if (!input.category.trim()) return fail(domainError("INVALID_ARGUMENT", "类别不能为空", "category is required", { field: "category" }));
  const unit = (await lookupUnits(ctx.db, [input.leadUnitId])).get(input.leadUnitId);
  if (unit?.jurisdictionId !== jurisdictionId) return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "no such unit on this platform", { field: "leadUnitId" }));
  const now = ctx.now();
  const current = await catalogueAt(ctx.db, jurisdictionId, now);
  if (input.entryKey && !current.some((e) => e.entryKey === input.entryKey)) return fail(domainError("CATALOGUE_ENTRY_NOT_FOUND", "目录条目不存在", "no such catalogue entry", { field: "entryKey" }));
  const proposed = {
    id: "proposed",
    entryKey: input.entryKey ?? "proposed",
    version: 0,
    category: input.category.trim(),
    ...(input.district ? { district: input.district } : {}),
    ...(input.subDistrict ? { subDistrict: input.subDistrict } : {}),
    leadUnitId: input.leadUnitId,
    assistingUnitIds: input.assistingUnitIds ?? [],
    legalBasis: input.legalBasis,
  };
  const categories = [...new Set([proposed.category, ...current.filter((e) => e.entryKey === input.entryKey).map((e) => e.category)])];
  const past = await concludedTicketsOf(ctx.db, ctx.ticketIds, jurisdictionId, categories, now - months * 31 * 86_400_000, now + 1);
  return ok({ months, ...dryRunCatalogueChange(current, proposed, input.entryKey, past) });
}
