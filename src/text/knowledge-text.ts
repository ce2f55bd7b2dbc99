import { pinyin } from "pinyin-pro";
import { searchWords, words } from "./segmenter.ts";

/**
 * Words that carry no topic: dropped from queries, because each would match most articles
 * and turn a 5 ms index lookup into a rank of the whole base.
 */
const STOP = new Set(
  "的 了 是 我 你 他 她 它 们 在 和 与 及 或 有 吗 呢 啊 吧 呀 把 被 给 对 也 都 就 还 又 要 会 能 可 请 问 请问 怎么 怎样 如何 什么 哪里 哪儿 为什么 可以 是否 需要 一下 这个 那个 这 那 我们 你们 他们 已经 还是 还 一直 现在 很 太 非常 特别 没有 不 没 个 上 下 中 从 到 向 于 为 以 之 其 等".split(
    " ",
  ),
);

/** The words of a text for the index and for queries: search-mode jieba, stop words out, each once. */
export function indexWords(text: string): string[] {
  return [...new Set(searchWords(text).filter((w) => !STOP.has(w)))];
}

/** `'w1' 'w2'` as `to_tsvector('simple', …)` input: one token per word, quoted so nothing is re-split. */
export function tsvectorInput(words: readonly string[]): string {
  return words.join(" ");
}

function quote(w: string): string {
  return `'${w.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** A tsquery matching any of the words (ranking then prefers articles with more of them). */
export function tsqueryAny(ws: readonly string[]): string | undefined {
  return ws.length ? ws.map(quote).join(" | ") : undefined;
}

/**
 * The tiers of a query, strictest first: every main word (jieba's ordinary cut), at least
 * two of them, any search word. Strict tiers keep the candidate set small and precise; the
 * loose one still answers a query whose words only partly occur.
 */
export interface QueryTiers {
  readonly all?: string;
  readonly twoOf?: string;
  readonly any?: string;
  /** Every search word, for highlighting. */
  readonly words: readonly string[];
}

/** Builds {@link QueryTiers} for a query text. */
export function queryTiers(text: string): QueryTiers {
  const main = [...new Set(words(text, false).filter((w) => !STOP.has(w)))].slice(0, 8);
  const search = indexWords(text);
  const pairs: string[] = [];
  for (let i = 0; i < main.length && pairs.length < 28; i++) for (let j = i + 1; j < main.length; j++) pairs.push(`(${quote(main[i]!)} & ${quote(main[j]!)})`);
  return {
    ...(main.length ? { all: main.map(quote).join(" & ") } : {}),
    ...(pairs.length ? { twoOf: pairs.join(" | ") } : {}),
    ...(search.length ? { any: search.map(quote).join(" | ") } : {}),
    words: search,
  };
}

/** Pinyin initials of the Chinese in a text, letters and digits kept: 医保卡补办 → ybkbb. */
export function initials(text: string): string {
  return pinyin(text, { pattern: "first", toneType: "none", type: "array", nonZh: "consecutive" })
    .join("")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** A query typed as pinyin initials (2–12 Latin letters, nothing else). */
export function looksLikeInitials(q: string): boolean {
  return /^[a-z]{2,12}$/i.test(q.trim());
}

/** One piece of highlighted text: `hit` pieces matched the query. Rendered as text, never as HTML. */
export interface Piece {
  readonly text: string;
  readonly hit: boolean;
}

/** Splits a text into pieces marking every occurrence of the query words (longest first). */
export function highlight(text: string, words: readonly string[]): Piece[] {
  const ws = [...words].filter((w) => w.length > 0).sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase();
  const hit = new Uint8Array(text.length);
  for (const w of ws) {
    let at = lower.indexOf(w);
    while (at >= 0) {
      hit.fill(1, at, at + w.length);
      at = lower.indexOf(w, at + w.length);
    }
  }
  const out: Piece[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || hit[i] !== hit[start]) {
      out.push({ text: text.slice(start, i), hit: hit[start] === 1 });
      start = i;
    }
  }
  return out;
}

/** A window of about `size` characters around the first hit, with … where cut. */
export function snippet(text: string, words: readonly string[], size = 120): string {
  const lower = text.toLowerCase();
  const first = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), Number.MAX_SAFE_INTEGER);
  if (text.length <= size) return text;
  const from = first === Number.MAX_SAFE_INTEGER ? 0 : Math.max(0, first - Math.floor(size / 4));
  return `${from > 0 ? "…" : ""}${text.slice(from, from + size)}${from + size < text.length ? "…" : ""}`;
}

/** Characters that make a bigram meaningless (的路, 是不). */
const STOP_CHARS = new Set([..."的了是我你他她它们在和与及或有吗呢啊吧呀把被给对也都就还又要会能可请"]);

/** Character bigrams of the Chinese runs, skipping those with a function character. */
export function bigrams(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.toLowerCase().match(/\p{Script=Han}+/gu) ?? []) {
    const cs = [...run];
    for (let i = 0; i + 1 < cs.length; i++) if (!STOP_CHARS.has(cs[i]!) && !STOP_CHARS.has(cs[i + 1]!)) out.add(cs[i]! + cs[i + 1]!);
  }
  return [...out];
}

/**
 * A tsquery finding the tickets whose text holds every word typed (ticket search): each word of
 * two or more characters as its character pairs, all required, against the same-matter index
 * (which holds every pair of a ticket's text), so 电梯故障 finds 电梯长期故障 whatever jieba cut.
 * Undefined when nothing searchable was typed (single characters, punctuation).
 */
export function ticketSearchQuery(text: string): string | undefined {
  const pairs = [...new Set(words(text).flatMap((w) => bigrams(w)))];
  return pairs.length ? pairs.map(quote).join(" & ") : undefined;
}

/**
 * Tokens of a ticket for the same-matter index: jieba search words plus character bigrams.
 * Bigrams make two texts meet even where jieba cut them differently (灯不亮 / 不亮).
 */
export function ticketTokens(text: string): string[] {
  return [...new Set([...indexWords(text), ...bigrams(text)])];
}

/** Words every complaint uses: they say nothing about which matter it is. */
const FILLER = new Set(
  "问题 解决 尽快 处理 附近 反映 希望 要求 相关 部门 情况 市民 多次 今天 昨天 目前 严重 影响 导致 造成 存在 进行 这里 那里 本人 我家 请求 帮忙 协调 落实 回复 答复 政府 领导 一下 已经 没有".split(
    " ",
  ),
);

/** Is this a word every complaint uses (问题, 处理, 尽快…)? */
export function isFiller(w: string): boolean {
  return FILLER.has(w) || STOP.has(w);
}

/**
 * Bigrams worth a query: those inside a word of three or more characters (灯不亮 → 不亮),
 * or touching a character jieba left alone (五|山路 → 五山), where another text may be cut
 * differently. Bigrams across two whole words (广州|大道 → 州大) only cost index time.
 */
function queryBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLowerCase().match(/\p{Script=Han}+/gu) ?? []) {
    const segs = words(run, false);
    const owner: number[] = [];
    segs.forEach((w, k) => [...w].forEach(() => owner.push(k)));
    const cs = [...run];
    for (let i = 0; i + 1 < cs.length; i++) {
      const a = owner[i]!;
      const b = owner[i + 1]!;
      const inside = a === b && [...segs[a]!].length >= 3;
      const loose = [...segs[a]!].length === 1 || [...segs[b]!].length === 1;
      const bg = cs[i]! + cs[i + 1]!;
      if ((inside || (a !== b && loose)) && !STOP_CHARS.has(cs[i]!) && !STOP_CHARS.has(cs[i + 1]!)) out.push(bg);
    }
  }
  return out;
}

/**
 * Tiers of a same-matter query: every main word; else two of its key tokens (words of two
 * or more characters first, then the useful bigrams; at most 6 keys, so at most 15 pairs:
 * GIN checks every pair on every candidate, so pairs are what the query costs).
 */
export function similarityTiers(text: string): { all?: string; twoOf?: string } {
  const main = [...new Set(words(text, false).filter((w) => !STOP.has(w) && !FILLER.has(w) && [...w].length > 1))];
  const keys = [...new Set([...main, ...queryBigrams(text)])].filter((k) => !FILLER.has(k)).slice(0, 6);
  const pairs: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      // 拖欠工资 & 拖欠 is one word twice, not two.
      if (!keys[i]!.includes(keys[j]!) && !keys[j]!.includes(keys[i]!)) pairs.push(`(${quote(keys[i]!)} & ${quote(keys[j]!)})`);
    }
  }
  return { ...(main.length ? { all: main.slice(0, 8).map(quote).join(" & ") } : {}), ...(pairs.length ? { twoOf: pairs.join(" | ") } : {}) };
}
