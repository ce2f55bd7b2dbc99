import { sql } from "drizzle-orm";
import { type CatalogueEntry } from "../../domain/dispatch/catalogue.ts";
import { type Database } from "../database.ts";
import { executeNamed } from "../named-statement.ts";
import { TRACK_RECORD_CAP, type TrackRecord } from "./dispatch-fact.repository.ts";

/** A unit as a suggestion shows it: who it is, and its record with the category. */
export interface UnitWithRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly jurisdictionId: string;
  readonly active: boolean;
  readonly record: TrackRecord;
}

type EntryJson = {
  id: string;
  entry_key: string;
  version: number;
  category: string;
  district: string | null;
  sub_district: string | null;
  lead_unit_id: string;
  assisting_unit_ids: string[];
  legal_basis: string;
  principle: CatalogueEntry["principle"] | null;
  source: CatalogueEntry["source"] | null;
};
type UnitJson = {
  id: string;
  name: string;
  kind: string;
  jurisdiction_id: string;
  active: boolean;
  n: number;
  examples: { id: string; number: string }[] | null;
};

/**
 * What a dispatch suggestion rests on, in one statement: the category's catalogue entries in
 * force `at`, and the units named plus those entries' lead units, each with its name, kind,
 * platform, whether it is active, and its record with the category (the concluded tickets it
 * was first sent with no approved return, counted up to the cap, and the two latest of them).
 * A suggestion is answered in a few milliseconds; a round trip costs as much as any of this.
 */
export async function suggestionEvidence(
  db: Database,
  jurisdictionId: string,
  category: string,
  unitIds: readonly string[],
  at: number,
): Promise<{ entries: CatalogueEntry[]; units: Map<string, UnitWithRecord> }> {
  const when = new Date(at).toISOString();
  const { rows } = await executeNamed<{ entries: EntryJson[]; units: UnitJson[] }>(
    db,
    "suggestion_evidence_v1",
    sql`
      with e as materialized (
        select id::text, entry_key::text, version, category, district, sub_district, lead_unit_id::text, assisting_unit_ids, legal_basis, principle, source
        from catalogue_entry
        where jurisdiction_id = ${jurisdictionId} and category = ${category} and valid_from <= ${when}::timestamptz and (valid_to is null or valid_to > ${when}::timestamptz)
        order by district, sub_district
      )
      select
        (select coalesce(json_agg(e), '[]'::json) from e) as entries,
        (select coalesce(json_agg(json_build_object(
            'id', u.id::text, 'name', u.name, 'kind', u.kind, 'jurisdiction_id', u.jurisdiction_id, 'active', u.active,
            'n', (select count(*)::int from (select 1 from dispatch_fact f
                    where f.jurisdiction_id = ${jurisdictionId} and f.category = ${category} and f.first_unit_id = u.id and f.approved = 0 and f.concluded
                    limit ${TRACK_RECORD_CAP}) c),
            'examples', (select json_agg(json_build_object('id', x.ticket_id::text, 'number', t.number) order by x.first_at desc)
                    from (select ticket_id, first_at from dispatch_fact f
                          where f.jurisdiction_id = ${jurisdictionId} and f.category = ${category} and f.first_unit_id = u.id and f.approved = 0 and f.concluded
                          order by f.first_at desc limit 2) x
                    join ticket t on t.id = x.ticket_id))), '[]'::json)
         from unit u
         where u.id = any(${`{${unitIds.join(",")}}`}::uuid[]) or u.id in (select lead_unit_id::uuid from e)) as units`,
  );
  const r = rows[0] ?? { entries: [], units: [] };
  const entries = r.entries.map((x): CatalogueEntry => ({
    id: x.id,
    entryKey: x.entry_key,
    version: x.version,
    category: x.category,
    ...(x.district ? { district: x.district } : {}),
    ...(x.sub_district ? { subDistrict: x.sub_district } : {}),
    leadUnitId: x.lead_unit_id,
    assistingUnitIds: x.assisting_unit_ids ?? [],
    legalBasis: x.legal_basis,
    ...(x.principle ? { principle: x.principle } : {}),
    ...(x.source ? { source: x.source } : {}),
  }));
  const units = new Map<string, UnitWithRecord>(
    r.units.map((u) => [
      u.id,
      {
        id: u.id,
        name: u.name,
        kind: u.kind,
        jurisdictionId: u.jurisdiction_id,
        active: u.active,
        record: { handled: u.n, more: u.n >= TRACK_RECORD_CAP, examples: u.examples ?? [] },
      },
    ]),
  );
  return { entries, units };
}
