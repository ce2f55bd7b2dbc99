import { words } from "../segmenter.ts";

/** Runs of letters and digits only: punctuation splits the text, so n-grams never span a comma. */
const RUN = /[\p{Script=Han}\p{L}\p{N}]+/gu;

/** Which terms a text yields. */
export interface FeatureOptions {
  /** Shortest and longest character n-gram. */
  readonly charNgrams: readonly [number, number];
  /** Also use jieba words of two or more characters (prefixed `w:`). */
  readonly words: boolean;
}

/**
 * Characters 1–2 plus words measured best on the development messages (5-fold macro-F1
 * 0.854 against 0.833 for characters 1–3 alone): characters catch what segmentation
 * misses (new place names, typos), words carry meaning bigrams split (医保 vs 医 + 保).
 */
export const DEFAULT_FEATURES: FeatureOptions = { charNgrams: [1, 2], words: true };

/** The terms of one text with their counts. */
export function terms(text: string, opts: FeatureOptions = DEFAULT_FEATURES): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string): void => {
    counts.set(t, (counts.get(t) ?? 0) + 1);
  };
  const lower = text.toLowerCase();
  const [lo, hi] = opts.charNgrams;
  for (const run of lower.match(RUN) ?? []) {
    const chars = [...run];
    for (let n = lo; n <= hi; n++) {
      for (let i = 0; i + n <= chars.length; i++) add(chars.slice(i, i + n).join(""));
    }
  }
  if (opts.words) for (const w of words(lower)) if ([...w].length > 1) add(`w:${w}`);
  return counts;
}
