import { proposeDispatch, type CatalogueEntry } from "./catalogue.ts";

/** A concluded ticket as the dry run reads it: where it is, what it is, and the unit that handled it. */
export interface PastTicket {
  readonly id: string;
  readonly number: string;
  readonly category: string;
  readonly district?: string;
  readonly subDistrict?: string;
  /** The unit that handled it (its last lead unit). */
  readonly wentTo: string;
}

/** What a proposed catalogue change would have done to past tickets. */
export interface DryRun {
  /** Past tickets of the categories the change touches. */
  readonly considered: number;
  /** Those whose proposal the change moves, and would now go to another unit than the one that handled them. */
  readonly moved: readonly { ticketId: string; number: string; wentTo: string; wouldGoTo: string }[];
}

/**
 * A dry run of one catalogue change before it takes effect: each past ticket of the categories
 * it touches is proposed a unit by the catalogue as it is and as it would be; those the change
 * moves to another unit than the one that handled them are listed. Pure: the caller reads.
 */
export function dryRunCatalogueChange(
  current: readonly CatalogueEntry[],
  proposed: CatalogueEntry,
  replaces: string | undefined,
  past: readonly PastTicket[],
): DryRun {
  const next = [...current.filter((e) => replaces === undefined || e.entryKey !== replaces), proposed];
  const touched = new Set([proposed.category, ...current.filter((e) => e.entryKey === replaces).map((e) => e.category)]);
  return dryRunCatalogues(current, next, touched, past);
}

/**
 * The same for any two catalogues (an imported file against the one in force): the past tickets
 * of the touched categories the new catalogue would send to another unit than the one that
 * handled them, where it proposes otherwise than the old one.
 */
export function dryRunCatalogues(
  current: readonly CatalogueEntry[],
  next: readonly CatalogueEntry[],
  touched: ReadonlySet<string>,
  past: readonly PastTicket[],
): DryRun {
  const considered = past.filter((t) => touched.has(t.category));
  const moved = considered.flatMap((t) => {
    const q = { category: t.category, ...(t.district ? { district: t.district } : {}), ...(t.subDistrict ? { subDistrict: t.subDistrict } : {}) };
    const before = proposeDispatch(current, q)?.leadUnitId;
    const after = proposeDispatch(next, q)?.leadUnitId;
    return after !== undefined && after !== before && after !== t.wentTo ? [{ ticketId: t.id, number: t.number, wentTo: t.wentTo, wouldGoTo: after }] : [];
  });
  return { considered: considered.length, moved };
}
