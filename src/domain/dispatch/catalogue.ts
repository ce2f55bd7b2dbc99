import { type CatalogueSource } from "./catalogue-source.ts";
/** One current entry of the dispatch catalogue (派单目录). */
export interface CatalogueEntry {
  readonly id: string;
  readonly entryKey: string;
  readonly version: number;
  readonly category: string;
  /** Absent: the whole jurisdiction. */
  readonly district?: string;
  /** Absent: the whole district. */
  readonly subDistrict?: string;
  readonly leadUnitId: string;
  readonly assistingUnitIds: readonly string[];
  readonly legalBasis: string;
  readonly principle?: { readonly decision: string; readonly decidedOn: string; readonly approvingBody: string };
  /** The document the duty rests on (国办函〔2025〕66号); absent on entries made before sources were kept. */
  readonly source?: CatalogueSource;
}

/** What dispatch proposes for a ticket, and from which entry. */
export interface DispatchProposal {
  readonly leadUnitId: string;
  readonly assistingUnitIds: readonly string[];
  readonly entryId: string;
  readonly legalBasis: string;
  /** How specific the match was. */
  readonly matchedOn: "sub_district" | "district" | "jurisdiction";
  readonly principle?: CatalogueEntry["principle"];
}

/**
 * The catalogue's proposal for a category in an area: the most specific entry wins
 * (sub-district over district over the whole jurisdiction); none when nothing matches.
 */
export function proposeDispatch(
  entries: readonly CatalogueEntry[],
  q: { category?: string; district?: string; subDistrict?: string },
): DispatchProposal | undefined {
  if (!q.category) return undefined;
  const same = entries.filter((e) => e.category === q.category);
  const pick =
    same.find((e) => e.subDistrict !== undefined && e.subDistrict === q.subDistrict && e.district === q.district) ??
    same.find((e) => e.subDistrict === undefined && e.district !== undefined && e.district === q.district) ??
    same.find((e) => e.district === undefined && e.subDistrict === undefined);
  if (!pick) return undefined;
  return {
    leadUnitId: pick.leadUnitId,
    assistingUnitIds: pick.assistingUnitIds,
    entryId: pick.id,
    legalBasis: pick.legalBasis,
    matchedOn: pick.subDistrict !== undefined ? "sub_district" : pick.district !== undefined ? "district" : "jurisdiction",
    ...(pick.principle ? { principle: pick.principle } : {}),
  };
}
