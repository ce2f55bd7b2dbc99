import { isUuid } from "../../store/uuid.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { randomUUID } from "node:crypto";
import { proposeDispatch, type DispatchProposal } from "../../domain/dispatch/catalogue.ts";
import { CATALOGUE_SOURCE_KINDS, pushDownRefusal, type CatalogueSource } from "../../domain/dispatch/catalogue-source.ts";
import { dryRunCatalogueChange } from "../../domain/dispatch/catalogue-dry-run.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import {
  catalogueAfter,
  catalogueAt,
  closeEntry,
  currentEntryForUpdate,
  entriesOverlapping,
  decideDisputeRow,
  disputeForUpdate,
  entryById,
  entryHistory,
  insertDispute,
  insertEntry,
  listDisputes,
  concludedTicketsOf,
  retireEntry,
  routedByEntry,
} from "../../store/repositories/catalogue.repository.ts";
import { loadTicket, type Tx } from "../../store/repositories/ticket.repository.ts";
import { type AppContext } from "../context.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { monthPeriod } from "../../domain/assessment/period.ts";
import { dayFromYmd, dayOfInstant, formatDay, startOfDayInstant } from "../../domain/calendar/local-date.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { staffNames } from "../auth/accounts.ts";

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
  /** The first day it is in force (`YYYY-MM-DD`, the platform's zone); absent: now. Not before today. */
  readonly effectiveFrom?: string;
  /** The last day it is in force; absent: until changed or retired. */
  readonly effectiveTo?: string;
}

/** The catalogue's proposal for a ticket, from the catalogue in force now. */
export async function dispatchProposalFor(ctx: AppContext, db: Tx, t: TicketState): Promise<DispatchProposal | undefined> {
  // Only the ticket's category can propose a unit: the rest of a city's catalogue is not read.
  if (!t.category) return undefined;
  const entries = await catalogueAt(db, t.jurisdictionId, ctx.now(), t.category);
  return proposeDispatch(entries, {
    category: t.category,
    ...(t.location.district ? { district: t.location.district } : {}),
    ...(t.location.subDistrict ? { subDistrict: t.location.subDistrict } : {}),
  });
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
  if (input.subDistrict && !input.district)
    return fail(domainError("INVALID_ARGUMENT", "街道须属于某个区", "a sub-district needs its district", { field: "district" }));
  if (!(CATALOGUE_SOURCE_KINDS as readonly string[]).includes(input.source?.kind)) {
    return fail(
      domainError(
        "INVALID_ARGUMENT",
        `职责来源类型无效，应为 ${CATALOGUE_SOURCE_KINDS.join("、")} 之一`,
        `the source kind must be one of ${CATALOGUE_SOURCE_KINDS.join(", ")}`,
        { field: "source.kind" },
      ),
    );
  }
  if (!input.source.document?.trim())
    return fail(domainError("INVALID_ARGUMENT", "须写明职责来源文件", "the source document is required", { field: "source.document" }));
  // A principle decided for difficult cases (GZ-16, GX-19) is an entry of its own kind, and only such an entry carries one.
  if ((input.principle !== undefined) !== (input.source.kind === "difficult_case_principle")) {
    return input.principle
      ? fail(
          domainError(
            "INVALID_ARGUMENT",
            "记录疑难件处理原则的条目，来源类型须为“疑难件处理原则”",
            "an entry recording a difficult-case principle has the source kind difficult_case_principle",
            { field: "source.kind", rule: "GZ-16" },
          ),
        )
      : fail(
          domainError(
            "INVALID_ARGUMENT",
            "来源为“疑难件处理原则”的条目须写明原则：决定、日期、批准机关",
            "an entry resting on a difficult-case principle states it: decision, date, approving body",
            { field: "principle", rule: "GZ-16" },
          ),
        );
  }
  const now = ctx.now();
  const ids = [input.leadUnitId, ...(input.assistingUnitIds ?? [])];
  const found = await lookupUnits(tx, ids);
  const bad = ids.find((id) => found.get(id)?.jurisdictionId !== jurisdictionId);
  if (bad)
    return fail(
      domainError("INVALID_ARGUMENT", `单位 ${bad} 不存在或不属于本平台`, `unit ${bad} does not exist on this platform`, {
        field: bad === input.leadUnitId ? "leadUnitId" : "assistingUnitIds",
      }),
    );
  const pushedDown = pushDownRefusal(found.get(input.leadUnitId)!.kind, input.source);
  if (pushedDown) return fail(pushedDown);
  const span = await effectiveSpan(ctx, jurisdictionId, input, now);
  if (!span.ok) return span;
  const { from, to } = span.value;
  let version = 1;
  let entryKey: string = randomUUID();
  // One entry per category and area at any moment: a second would make the proposal depend on row order.
  const area = (e: { district?: string | undefined; subDistrict?: string | undefined }) => `${e.district ?? ""}|${e.subDistrict ?? ""}`;
  const clash = (await entriesOverlapping(tx, jurisdictionId, input.category.trim(), from, to, input.entryKey)).find((e) => area(e) === area(input));
  if (clash) {
    const inForce = clash.validFrom.getTime() <= now;
    return fail(
      domainError(
        "CATALOGUE_CONFLICT",
        inForce ? "本类别和区域已有生效的目录条目，请修订该条目（新版本）而不是另建" : "本类别和区域在所设生效期间内已有目录条目，生效期间不得重叠",
        inForce
          ? "a current entry covers this category and area already: make a new version of it instead"
          : "another entry covers this category and area within these dates: the dates may not overlap",
        { field: inForce && !input.effectiveFrom ? "category" : "effectiveFrom", details: [{ field: "entryKey", zh: clash.entryKey, en: clash.entryKey }] },
      ),
    );
  }
  if (input.entryKey) {
    const current = await currentEntryForUpdate(tx, input.entryKey, now);
    if (!current) return fail(domainError("CATALOGUE_ENTRY_NOT_FOUND", "目录条目不存在", "no such catalogue entry", { field: "entryKey" }));
    if (current.validFrom.getTime() > from) {
      return fail(
        domainError(
          "CATALOGUE_CONFLICT",
          "该条目已有待生效的新版本，新版本须晚于其生效",
          "the entry has a version starting later already: a new one starts after it",
          { field: "effectiveFrom" },
        ),
      );
    }
    // The version in force ends where the new one starts (now, or on its first day).
    await closeEntry(tx, current.id, current.validTo ? Math.min(current.validTo.getTime(), from) : from);
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
    source: {
      kind: input.source.kind,
      document: input.source.document.trim(),
      ...(input.source.number?.trim() ? { number: input.source.number.trim() } : {}),
      ...(input.source.clause?.trim() ? { clause: input.source.clause.trim() } : {}),
    },
    validFrom: new Date(from),
    validTo: to === null ? null : new Date(to),
    createdBy: actor.id,
    reason: input.reason,
  });
  return ok(saved);
}

/** A `YYYY-MM-DD` day as a day number, or undefined if it is no day. */
function dayNumber(day: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** When an entry is in force: `[from, to)`, from its first day (not before today; today: now) through its last. */
async function effectiveSpan(
  ctx: AppContext,
  jurisdictionId: string,
  input: CatalogueEntryInput,
  now: number,
): Promise<Result<{ from: number; to: number | null }>> {
  if (input.effectiveFrom === undefined && input.effectiveTo === undefined) return ok({ from: now, to: null });
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const offset = p.value.utcOffsetMinutes;
  let from = now;
  if (input.effectiveFrom !== undefined) {
    const first = dayNumber(input.effectiveFrom);
    if (first === undefined)
      return fail(domainError("INVALID_ARGUMENT", "生效日期格式应为 YYYY-MM-DD", "effectiveFrom must be a day YYYY-MM-DD", { field: "effectiveFrom" }));
    // Past dispatches followed the catalogue of their day: an entry is not put in force in the past.
    if (first < dayOfInstant(now, offset))
      return fail(domainError("INVALID_ARGUMENT", "生效日期不得早于今天", "effectiveFrom may not be before today", { field: "effectiveFrom" }));
    from = Math.max(startOfDayInstant(first, offset), now);
  }
  if (input.effectiveTo === undefined) return ok({ from, to: null });
  const last = dayNumber(input.effectiveTo);
  if (last === undefined)
    return fail(domainError("INVALID_ARGUMENT", "失效日期格式应为 YYYY-MM-DD", "effectiveTo must be a day YYYY-MM-DD", { field: "effectiveTo" }));
  const to = startOfDayInstant(last + 1, offset);
  if (to <= from)
    return fail(domainError("INVALID_ARGUMENT", "失效日期不得早于生效日期", "effectiveTo may not be before effectiveFrom", { field: "effectiveTo" }));
  return ok({ from, to });
}

/** How a principle taken from one ticket's consultation applies: to the whole platform, or the ticket's district. */
export interface PrincipleFromCase {
  readonly scope: "jurisdiction" | "district";
  readonly approvingBody: string;
  readonly reason: string;
}

/**
 * Records the principle a difficult case was decided on (GZ-16, GX-19) as a catalogue entry of
 * kind 疑难件处理原则, from the ticket's consultation: its opinion is the decision, its day the
 * date, the unit it was dispatched to the lead. Where the class (category and area) has an entry
 * already, the principle is its new version, so later dispatch of that class follows it.
 */
export async function principleFromDifficultCase(ctx: AppContext, actor: TicketActor, ticketId: string, input: PrincipleFromCase) {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  const t = isUuid(ticketId) ? await loadTicket(ctx.db, ticketId) : undefined;
  if (!t || !reachesPlatform(actor, t.jurisdictionId)) return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" }));
  const d = t.difficultDecision;
  if (!d || !t.assignment)
    return fail(
      domainError("INVALID_ARGUMENT", "该工单没有疑难件会商确定的承办单位", "the ticket has no difficult-case decision to take a principle from", {
        field: "id",
        rule: "GZ-16",
      }),
    );
  if (!t.category)
    return fail(
      domainError("INVALID_ARGUMENT", "工单未分类，无法确定原则适用的类别", "the ticket has no category for the principle to apply to", { field: "category" }),
    );
  if (input.scope === "district" && !t.location.district)
    return fail(
      domainError("INVALID_ARGUMENT", "工单没有所属区，原则只能适用于全市", "the ticket has no district: the principle can apply to the whole platform only", {
        field: "scope",
      }),
    );
  if (!input.approvingBody.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明批准机关", "the approving body is required", { field: "approvingBody" }));
  const p = await policyOfJurisdiction(ctx, t.jurisdictionId);
  if (!p.ok) return p;
  const district = input.scope === "district" ? t.location.district : undefined;
  const sameClass = (await catalogueAt(ctx.db, t.jurisdictionId, ctx.now(), t.category)).find((e) => e.district === district && e.subDistrict === undefined);
  return saveCatalogueEntry(ctx, actor, t.jurisdictionId, {
    ...(sameClass ? { entryKey: sameClass.entryKey } : {}),
    category: t.category,
    ...(district ? { district } : {}),
    leadUnitId: t.assignment.leadUnitId,
    ...(t.assignment.assistingUnitIds.length ? { assistingUnitIds: [...t.assignment.assistingUnitIds] } : {}),
    legalBasis: d.opinion,
    source: { kind: "difficult_case_principle", document: `疑难件会商意见（工单 ${t.number}）`, number: t.number },
    principle: { decision: d.opinion, decidedOn: formatDay(dayOfInstant(d.decidedAt, p.value.utcOffsetMinutes)), approvingBody: input.approvingBody.trim() },
    reason: input.reason.trim() || `疑难件 ${t.number} 会商确定`,
  });
}

/**
 * Retires an entry (停用): its current version closes now, with who retired it and why; the
 * catalogue proposes nothing for its category and area until a new entry is made.
 */
export async function retireCatalogueEntry(
  ctx: AppContext,
  actor: TicketActor,
  entryKey: string,
  reason: string,
): Promise<Result<{ entryKey: string; retiredAt: number }>> {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  if (!reason.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明停用理由", "retiring an entry needs a reason", { field: "reason" }));
  return ctx.db.transaction(async (tx) => {
    const current = isUuid(entryKey) ? await currentEntryForUpdate(tx, entryKey, ctx.now()) : undefined;
    const own = current ? await entryById(tx, current.id) : undefined;
    if (!current || !own || !reachesPlatform(actor, own.jurisdictionId))
      return fail(domainError("CATALOGUE_ENTRY_NOT_FOUND", "目录条目不存在或已停用", "no such current catalogue entry", { field: "entryKey" }));
    const now = ctx.now();
    if (current.validFrom.getTime() > now)
      return fail(
        domainError("CATALOGUE_CONFLICT", "该条目有待生效的新版本，不能停用", "the entry has a version starting later: it cannot be retired", {
          field: "entryKey",
        }),
      );
    await retireEntry(tx, current.id, now, actor.id, reason.trim());
    return ok({ entryKey, retiredAt: now });
  });
}

/**
 * How many dispatches of the last calendar month (in the platform's zone) followed each entry's
 * proposal, by entry key: the catalogue screen's 上月派单.
 */
export async function catalogueRoutedLastMonth(ctx: AppContext, jurisdictionId: string): Promise<Result<{ month: string; counts: Record<string, number> }>> {
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const local = new Date(ctx.now() + p.value.utcOffsetMinutes * 60_000);
  const [y, m] = local.getUTCMonth() === 0 ? [local.getUTCFullYear() - 1, 12] : [local.getUTCFullYear(), local.getUTCMonth()];
  const period = monthPeriod(y, m, p.value.utcOffsetMinutes);
  return ok({ month: period.label, counts: Object.fromEntries(await routedByEntry(ctx.db, jurisdictionId, period.from, period.to)) });
}

/** Every version of one entry, oldest first: of the actor's platform only. */
export async function catalogueEntryHistory(ctx: AppContext, actor: TicketActor, entryKey: string) {
  const versions = isUuid(entryKey) ? await entryHistory(ctx.db, entryKey, actor.jurisdictionId) : [];
  // Who changed and who retired it, by name as well as id.
  const names = await staffNames(
    ctx,
    versions.flatMap((v) => [v.createdBy, ...(v.retired ? [v.retired.by] : [])]),
  );
  return versions.map((v) => ({
    ...v,
    createdByName: names.get(v.createdBy) ?? v.createdBy,
    ...(v.retired ? { retired: { ...v.retired, byName: names.get(v.retired.by) ?? v.retired.by } } : {}),
  }));
}

export async function fileCatalogueDispute(ctx: AppContext, actor: TicketActor, entryId: string, reason: string, legalBasis: string) {
  const e = isUuid(entryId) ? await entryById(ctx.db, entryId) : undefined;
  if (!e || e.validTo !== null || !reachesPlatform(actor, e.jurisdictionId))
    return fail(domainError("CATALOGUE_ENTRY_NOT_FOUND", "目录条目不存在或已失效", "no such current catalogue entry", { field: "entryId" }));
  if (!actor.unitId || ![e.leadUnitId, ...e.assistingUnitIds].includes(actor.unitId)) {
    return fail(domainError("FORBIDDEN", "只有目录中列明的单位可以提出异议", "only a unit named in the entry may dispute it"));
  }
  if (!reason.trim() || !legalBasis.trim())
    return fail(
      domainError("INVALID_ARGUMENT", "异议须写明理由和依据", "a dispute needs a reason and its legal basis", {
        field: reason.trim() ? "legalBasis" : "reason",
      }),
    );
  return ok(await insertDispute(ctx.db, { entryId, unitId: actor.unitId, reason, legalBasis, status: "open", createdAt: new Date(ctx.now()) }));
}

/** The hotline decides a dispute; an accepted one is then carried out by a new version of the entry. */
export async function decideCatalogueDispute(
  ctx: AppContext,
  actor: TicketActor,
  disputeId: string,
  accepted: boolean,
  note: string,
): Promise<Result<unknown>> {
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

/** A platform's entry versions set to come into force later (待生效), soonest first. */
export async function catalogueScheduled(ctx: AppContext, jurisdictionId: string) {
  return catalogueAfter(ctx.db, jurisdictionId, ctx.now());
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

/** How many of the tickets a dry run moves it lists. */
export const DRY_RUN_LISTED = 200;

/**
 * A dry run of a catalogue change before it is saved (国办函〔2025〕66号): over the last `months` of
 * concluded tickets of the categories it touches, those it would send to another unit than the
 * one that handled them, with both units. Nothing is written.
 */
export async function catalogueDryRun(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  input: Omit<CatalogueEntryInput, "source" | "reason" | "principle">,
  months = 12,
) {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  if (!input.category.trim()) return fail(domainError("INVALID_ARGUMENT", "类别不能为空", "category is required", { field: "category" }));
  const unit = (await lookupUnits(ctx.db, [input.leadUnitId])).get(input.leadUnitId);
  if (unit?.jurisdictionId !== jurisdictionId)
    return fail(domainError("INVALID_ARGUMENT", "单位不存在或不属于本平台", "no such unit on this platform", { field: "leadUnitId" }));
  const now = ctx.now();
  const current = await catalogueAt(ctx.db, jurisdictionId, now);
  if (input.entryKey && !current.some((e) => e.entryKey === input.entryKey))
    return fail(domainError("CATALOGUE_ENTRY_NOT_FOUND", "目录条目不存在", "no such catalogue entry", { field: "entryKey" }));
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
  const run = dryRunCatalogueChange(current, proposed, input.entryKey, past);
  // A change of a busy category can move hundreds of thousands: the answer counts them all and lists the first.
  return ok({ months, considered: run.considered, movedTotal: run.moved.length, moved: run.moved.slice(0, DRY_RUN_LISTED) });
}
