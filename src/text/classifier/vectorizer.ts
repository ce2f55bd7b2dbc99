import type { SparseVector } from "./linear-svm.ts";

/** The fitted vocabulary: each kept term's column and inverse document frequency. */
export interface Vocabulary {
  readonly terms: readonly string[];
  readonly idf: Float32Array;
}

/** Options of {@link fitVocabulary}. */
export interface VocabularyOptions {
  /** A term in fewer documents than this is noise (names, typos) and is dropped. */
  readonly minDocs: number;
  /** Keep at most this many terms, the most widespread first, so the model stays small. */
  readonly maxTerms: number;
}

/** Builds the vocabulary from tokenised documents (smoothed idf, as scikit-learn does). */
export function fitVocabulary(docs: readonly Map<string, number>[], opts: VocabularyOptions): Vocabulary {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const kept = [...df.entries()]
    .filter(([, n]) => n >= opts.minDocs)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.maxTerms);
  const idf = new Float32Array(kept.length);
  kept.forEach(([, n], i) => {
    idf[i] = Math.log((1 + docs.length) / (1 + n)) + 1;
  });
  return { terms: kept.map(([t]) => t), idf };
}

/** A term → column lookup for a vocabulary. */
export function columns(vocab: Vocabulary): Map<string, number> {
  return new Map(vocab.terms.map((t, i) => [t, i]));
}

/** Sublinear TF × IDF, L2-normalised; terms outside the vocabulary are ignored. */
export function vectorize(counts: Map<string, number>, vocab: Vocabulary, column: Map<string, number>): SparseVector {
  const pairs: [number, number][] = [];
  for (const [t, n] of counts) {
    const i = column.get(t);
    if (i !== undefined) pairs.push([i, (1 + Math.log(n)) * vocab.idf[i]!]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(pairs.reduce((s, [, v]) => s + v * v, 0)) || 1;
  return { index: Int32Array.from(pairs, ([i]) => i), value: Float32Array.from(pairs, ([, v]) => v / norm) };
}
