import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

/**
 * One jieba instance per process, loaded with the general dictionary and, on top, the
 * platform's own words (unit names, place names, category names), so that 越秀区 or
 * 城市管理和综合执法局 come out as single tokens instead of being cut into pieces.
 */
let jieba: Jieba | undefined;
const extraWords = new Set<string>();

function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Adds words to the dictionary (idempotent); high frequency so jieba keeps them whole. */
export function addWords(words: Iterable<string>): void {
  const fresh = [...words].map((w) => w.trim()).filter((w) => w.length >= 2 && !/\s/.test(w) && !extraWords.has(w));
  if (fresh.length === 0) return;
  for (const w of fresh) extraWords.add(w);
  instance().loadDict(Buffer.from(fresh.map((w) => `${w} 100000 n`).join("\n")));
}

const WORD = /[\p{Script=Han}\p{L}\p{N}]/u;

/** The words of a text, lower-cased, without punctuation or spaces (HMM on: best for classification). */
export function words(text: string, hmm = true): string[] {
  return instance()
    .cut(text.toLowerCase(), hmm)
    .filter((w) => WORD.test(w));
}

/**
 * Words in search mode: long words also yield their dictionary sub-words
 * (社会保险 → 社会, 保险, 社会保险), so a query for a part finds the whole. Without HMM:
 * its guesses at unknown words depend on the neighbours (灯不亮 in one text, 不亮 in
 * another), and index and query must cut alike to meet.
 */
export function searchWords(text: string): string[] {
  return instance()
    .cutForSearch(text.toLowerCase(), false)
    .filter((w) => WORD.test(w));
}
