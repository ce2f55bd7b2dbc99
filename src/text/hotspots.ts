import { isFiller } from "./knowledge-text.ts";

/** One ticket as the hot-spot finder sees it: where, when and its tokens. */
export interface TicketTerms {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly at: number;
  readonly district: string | null;
  readonly subDistrict: string | null;
  readonly terms: readonly string[];
}

/** A cluster of similar requests in one place. */
export interface HotSpot {
  /** District, or district + sub-district when all its tickets share one. */
  readonly place: string;
  readonly district: string;
  readonly subDistrict: string | null;
  readonly topWords: readonly string[];
  readonly count: number;
  readonly previousCount: number;
  readonly trend: "rising" | "steady" | "falling" | "new";
  readonly examples: readonly { id: string; number: string; title: string; at: number }[];
  readonly ticketIds: readonly string[];
}

/** Options of {@link findHotSpots}. */
export interface HotSpotOptions {
  /** Fewest tickets that make a cluster. */
  readonly minSize: number;
  /** Terms in more than this share of all tickets are too general to name a matter. */
  readonly maxDocShare: number;
  /** Rising when the count grew by this factor over the previous window (and is not new). */
  readonly risingFactor: number;
  readonly limit: number;
}

export const DEFAULT_HOTSPOT_OPTIONS: HotSpotOptions = { minSize: 3, maxDocShare: 0.2, risingFactor: 1.5, limit: 10 };

/**
 * Hot spots (热点, GX-17, GZ-5): groups of requests in one district (or sub-district)
 * sharing a distinctive word within the window, merged where they are mostly the same
 * tickets, with their trend against the window before.
 *
 * Written here rather than with a clustering library: the clusters must be explainable to
 * a leader ("12 tickets in 天河区 about 噪音 施工, up from 4"), which a place × word
 * grouping gives directly and k-means over vectors does not.
 */
export function findHotSpots(current: readonly TicketTerms[], previous: readonly TicketTerms[], opts: HotSpotOptions = DEFAULT_HOTSPOT_OPTIONS): HotSpot[] {
  const all = [...current, ...previous];
  const df = new Map<string, number>();
  for (const t of all) for (const w of new Set(t.terms)) df.set(w, (df.get(w) ?? 0) + 1);
  // In a small sample every shared word looks common; the share only tells generic words apart past 50 requests.
  const maxDf = all.length < 50 ? Infinity : Math.max(opts.minSize, Math.floor(all.length * opts.maxDocShare));
  const places = placeWords(all);
  const useful = (w: string): boolean => [...w].length >= 2 && !isFiller(w) && !places(w) && (df.get(w) ?? 0) <= maxDf;

  // Candidate groups: (district, word) → tickets of the current window.
  const groups = new Map<string, { district: string; word: string; ids: Set<string> }>();
  for (const t of current) {
    if (!t.district) continue;
    for (const w of new Set(t.terms)) {
      if (!useful(w)) continue;
      const key = `${t.district}\u0000${w}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { district: t.district, word: w, ids: new Set() }));
      g.ids.add(t.id);
    }
  }
  // Biggest first; ties to the rarer word, which says more.
  const candidates = [...groups.values()]
    .filter((g) => g.ids.size >= opts.minSize)
    .sort((a, b) => b.ids.size - a.ids.size || (df.get(a.word) ?? 0) - (df.get(b.word) ?? 0) || (a.word < b.word ? -1 : 1));
  const clusters: { district: string; ids: Set<string>; words: string[] }[] = [];
  for (const g of candidates) {
    const home = clusters.find((c) => c.district === g.district && overlap(c.ids, g.ids) >= 0.5);
    if (home) home.words.push(g.word);
    else clusters.push({ district: g.district, ids: new Set(g.ids), words: [g.word] });
  }

  const byId = new Map(current.map((t) => [t.id, t]));
  return clusters
    .map((c): HotSpot => {
      const tickets = [...c.ids].map((id) => byId.get(id)!).sort((a, b) => b.at - a.at);
      const subs = new Set(tickets.map((t) => t.subDistrict));
      const sub = subs.size === 1 ? ([...subs][0] ?? null) : null;
      // The same matter before: a request of the place with at least half the cluster's words.
      const need = Math.max(1, Math.ceil(c.words.length / 2));
      const previousCount = previous.filter((t) => t.district === c.district && c.words.filter((w) => t.terms.includes(w)).length >= need).length;
      const count = tickets.length;
      const trend =
        previousCount === 0 ? "new" : count >= previousCount * opts.risingFactor ? "rising" : count * opts.risingFactor <= previousCount ? "falling" : "steady";
      return {
        place: sub ? `${c.district}${sub}` : c.district,
        district: c.district,
        subDistrict: sub,
        topWords: topWords(tickets, c.words).filter((w) => !places(w) && !isFiller(w)),
        count,
        previousCount,
        trend,
        examples: tickets.slice(0, 3).map((t) => ({ id: t.id, number: t.number, title: t.title, at: t.at })),
        ticketIds: tickets.map((t) => t.id),
      };
    })
    .sort((a, b) => b.count - a.count || (a.place < b.place ? -1 : 1))
    .slice(0, opts.limit);
}

/** Administrative suffixes: a word ending in one names a division, not a matter. */
const DIVISION = /(省|市|区|县|镇|乡|街道|街|村|社区|自治区|自治州)$/;

/**
 * Whether a word names a place rather than a matter: the districts and sub-districts of the
 * tickets themselves (with and without their suffix: 天河区, 天河), or any division name. A hot
 * spot already says where; "天河 五山街道" as its keywords would say nothing of what.
 */
function placeWords(tickets: readonly TicketTerms[]): (w: string) => boolean {
  const names = new Set<string>();
  for (const t of tickets) {
    for (const p of [t.district, t.subDistrict]) {
      if (!p) continue;
      names.add(p);
      const stem = p.replace(DIVISION, "");
      if ([...stem].length >= 2) names.add(stem);
    }
  }
  return (w) =>
    DIVISION.test(w) && [...w].length >= 3
      ? true
      : names.has(w) || [...names].some((n) => n.includes(w) && [...w].length >= 2 && [...n].length > [...w].length && n.startsWith(w));
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const x of b) if (a.has(x)) n++;
  return n / Math.min(a.size, b.size);
}

/** The cluster's own words first, then what most of its tickets say; a word inside a longer one shown is dropped. */
function topWords(tickets: readonly TicketTerms[], seeds: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const t of tickets) for (const w of new Set(t.terms)) if ([...w].length >= 2) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [
    ...new Set([
      ...seeds,
      ...[...counts.entries()]
        .filter(([, n]) => n * 2 >= tickets.length)
        .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
        .map(([w]) => w),
    ]),
  ];
  const out: string[] = [];
  for (const w of ranked.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || b.length - a.length)) {
    if (out.some((o) => o.includes(w))) continue;
    out.push(w);
    if (out.length === 5) break;
  }
  return out;
}
