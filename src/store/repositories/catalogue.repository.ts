import { and, asc, desc, eq, gt, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { type TicketIdRanges } from "../ticket-id-ranges.ts";
import { type CatalogueEntry } from "../../domain/dispatch/catalogue.ts";
import { catalogueDisputes, catalogueEntries } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

type Row = typeof catalogueEntries.$inferSelect;

function entry(
  r: Row,
): CatalogueEntry & { validFrom: Date; validTo: Date | null; createdBy: string; reason: string; retired?: { by: string; reason: string } } {
  return {
    id: r.id,
    entryKey: r.entryKey,
    version: r.version,
    category: r.category,
    ...(r.district ? { district: r.district } : {}),
    ...(r.subDistrict ? { subDistrict: r.subDistrict } : {}),
    leadUnitId: r.leadUnitId,
    assistingUnitIds: r.assistingUnitIds,
    legalBasis: r.legalBasis,
    ...(r.principle ? { principle: r.principle as CatalogueEntry["principle"] & object } : {}),
    ...(r.source ? { source: r.source as CatalogueEntry["source"] & object } : {}),
    validFrom: r.validFrom,
    validTo: r.validTo,
    createdBy: r.createdBy,
    reason: r.reason,
    ...(r.retiredBy ? { retired: { by: r.retiredBy, reason: r.retireReason ?? "" } } : {}),
  };
}

/** The catalogue of a jurisdiction as it stood at an instant; with `category`, only that category's entries. */
export async function catalogueAt(db: Tx, jurisdictionId: string, at: number, category?: string) {
  const when = new Date(at);
  const rows = await db
    .select()
    .from(catalogueEntries)
    .where(
      and(
        eq(catalogueEntries.jurisdictionId, jurisdictionId),
        ...(category !== undefined ? [eq(catalogueEntries.category, category)] : []),
        lte(catalogueEntries.validFrom, when),
        or(isNull(catalogueEntries.validTo), gt(catalogueEntries.validTo, when)),
      ),
    )
    .orderBy(asc(catalogueEntries.category), asc(catalogueEntries.district), asc(catalogueEntries.subDistrict));
  return rows.map(entry);
}

/** A jurisdiction's entry versions set to come into force after an instant, soonest first. */
export async function catalogueAfter(db: Tx, jurisdictionId: string, at: number) {
  const rows = await db
    .select()
    .from(catalogueEntries)
    .where(and(eq(catalogueEntries.jurisdictionId, jurisdictionId), gt(catalogueEntries.validFrom, new Date(at))))
    .orderBy(asc(catalogueEntries.validFrom), asc(catalogueEntries.category));
  return rows.map(entry);
}

/** Every version of one entry, oldest first. */
export async function entryHistory(db: Tx, entryKey: string, jurisdictionId?: string) {
  const where = and(eq(catalogueEntries.entryKey, entryKey), ...(jurisdictionId !== undefined ? [eq(catalogueEntries.jurisdictionId, jurisdictionId)] : []));
  return (await db.select().from(catalogueEntries).where(where).orderBy(asc(catalogueEntries.version))).map(entry);
}

/** The latest version of an entry not yet ended at `at` (in force, or set to start later), locked. */
export async function currentEntryForUpdate(tx: Tx, entryKey: string, at: number) {
  const [r] = await tx
    .select()
    .from(catalogueEntries)
    .where(and(eq(catalogueEntries.entryKey, entryKey), or(isNull(catalogueEntries.validTo), gt(catalogueEntries.validTo, new Date(at)))))
    .orderBy(desc(catalogueEntries.version))
    .limit(1)
    .for("update");
  return r ? entry(r) : undefined;
}

/** The versions of other entries for a category in force at some moment of `[from, to)` (`to` null: open-ended). */
export async function entriesOverlapping(tx: Tx, jurisdictionId: string, category: string, from: number, to: number | null, exceptEntryKey?: string) {
  const rows = await tx
    .select()
    .from(catalogueEntries)
    .where(
      and(
        eq(catalogueEntries.jurisdictionId, jurisdictionId),
        eq(catalogueEntries.category, category),
        ...(to !== null ? [lt(catalogueEntries.validFrom, new Date(to))] : []),
        or(isNull(catalogueEntries.validTo), gt(catalogueEntries.validTo, new Date(from))),
        ...(exceptEntryKey ? [ne(catalogueEntries.entryKey, exceptEntryKey)] : []),
      ),
    );
  return rows.map(entry);
}

/** An entry version by id. */
export async function entryById(db: Tx, id: string) {
  const [r] = await db.select().from(catalogueEntries).where(eq(catalogueEntries.id, id));
  return r ? { ...entry(r), jurisdictionId: r.jurisdictionId } : undefined;
}

/** Closes a version. */
export async function closeEntry(tx: Tx, id: string, at: number): Promise<void> {
  await tx
    .update(catalogueEntries)
    .set({ validTo: new Date(at) })
    .where(eq(catalogueEntries.id, id));
}

/** Retires an entry: its current version closes with who retired it and why. */
export async function retireEntry(tx: Tx, id: string, at: number, by: string, reason: string): Promise<void> {
  await tx
    .update(catalogueEntries)
    .set({ validTo: new Date(at), retiredBy: by, retireReason: reason })
    .where(eq(catalogueEntries.id, id));
}

/**
 * How many dispatches of `[from, to)` followed each entry version's proposal (the dispatcher cited
 * it), by entry key. Read from the dispatch events of the period.
 */
export async function routedByEntry(db: Tx, jurisdictionId: string, from: number, to: number): Promise<Map<string, number>> {
  const r = (await db.execute(sql`
    select c.entry_key::text as key, count(*)::int as n
    from ticket_event e join catalogue_entry c on c.id = (e.data->>'catalogueEntryId')::uuid
    where e.type = 'Dispatched' and e.at >= ${new Date(from).toISOString()}::timestamptz and e.at < ${new Date(to).toISOString()}::timestamptz
      and e.data ? 'catalogueEntryId' and c.jurisdiction_id = ${jurisdictionId}
    group by c.entry_key`)) as unknown as { rows: { key: string; n: number }[] };
  return new Map(r.rows.map((x) => [x.key, x.n]));
}

/** Adds a version. */
export async function insertEntry(tx: Tx, row: typeof catalogueEntries.$inferInsert) {
  const [r] = await tx.insert(catalogueEntries).values(row).returning();
  if (!r) throw new Error("catalogue insert returned nothing");
  return entry(r);
}

/** Stores a dispute. */
export async function insertDispute(tx: Tx, row: typeof catalogueDisputes.$inferInsert) {
  const [r] = await tx.insert(catalogueDisputes).values(row).returning();
  if (!r) throw new Error("dispute insert returned nothing");
  return r;
}

/** A dispute, locked. */
export async function disputeForUpdate(tx: Tx, id: string) {
  const [r] = await tx.select().from(catalogueDisputes).where(eq(catalogueDisputes.id, id)).for("update");
  return r;
}

/** Records the hotline's decision on a dispute. */
export async function decideDisputeRow(tx: Tx, id: string, status: "accepted" | "rejected", by: string, note: string, at: number) {
  const [r] = await tx
    .update(catalogueDisputes)
    .set({ status, decidedBy: by, decisionNote: note, decidedAt: new Date(at) })
    .where(eq(catalogueDisputes.id, id))
    .returning();
  return r;
}

/** Disputes of a jurisdiction's entries, open first. */
export async function listDisputes(db: Tx, jurisdictionId: string) {
  return db
    .select({ dispute: catalogueDisputes, category: catalogueEntries.category })
    .from(catalogueDisputes)
    .innerJoin(catalogueEntries, eq(catalogueEntries.id, catalogueDisputes.entryId))
    .where(eq(catalogueEntries.jurisdictionId, jurisdictionId))
    .orderBy(asc(catalogueDisputes.status), asc(catalogueDisputes.createdAt));
}

/** Concluded tickets of some categories received in a period, with the unit that handled them (catalogue dry runs). */
export async function concludedTicketsOf(db: Tx, ids: TicketIdRanges, jurisdictionId: string, categories: readonly string[], from: number, to: number) {
  if (categories.length === 0) return [];
  const r = (await db.execute(sql`
    select id::text, number, category, district, state->'location'->>'subDistrict' as sub_district, lead_unit_id::text as lead
    from ticket t
    where jurisdiction_id = ${jurisdictionId} and status in ('concluded', 'archived') and lead_unit_id is not null
      and category in (${sql.join(
        categories.map((c) => sql`${c}`),
        sql`, `,
      )}) and ${ids.receivedIn("t", from, to)}`)) as unknown as {
    rows: { id: string; number: string; category: string; district: string | null; sub_district: string | null; lead: string }[];
  };
  return r.rows.map((x) => ({
    id: x.id,
    number: x.number,
    category: x.category,
    ...(x.district ? { district: x.district } : {}),
    ...(x.sub_district ? { subDistrict: x.sub_district } : {}),
    wentTo: x.lead,
  }));
}
