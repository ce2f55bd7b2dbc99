import { RATINGS, SOLVED, type Rating, type Solved } from "../shared/vocabulary.ts";

/** What a requester's SMS reply to the satisfaction request says. */
export interface RatingReply {
  readonly rating: Rating;
  /** Absent where the reply gives the level alone. */
  readonly solved?: Solved;
}

// The words a reply may use instead of digits, longest first so 非常不满意 is not read as 满意.
const LEVEL_WORDS: readonly [string, Rating][] = [
  ["非常不满意", "very_unsatisfied"],
  ["非常满意", "very_satisfied"],
  ["基本满意", "basically_satisfied"],
  ["不满意", "unsatisfied"],
  ["满意", "satisfied"],
];
const SOLVED_WORDS: readonly [string, Solved][] = [
  ["部分解决", "partially_resolved"],
  ["未解决", "unresolved"],
  ["没解决", "unresolved"],
  ["已解决", "resolved"],
];

/**
 * Reads a reply to the satisfaction request (满意度短信): two digits, the level (1 very satisfied …
 * 5 very unsatisfied, 国办发〔2019〕51号) then whether the problem was solved (1 solved, 2 partly,
 * 3 not), as the message asks: "21", "2 1", "2，1"; or one digit, the level alone; or the words
 * themselves ("满意，已解决"). Anything else is not a rating: undefined.
 */
export function parseRatingReply(text: string): RatingReply | undefined {
  const t = text.normalize("NFKC").trim();
  const digits = /^([1-5])(?:\s*[,，、.。\s]?\s*([1-3]))?$/.exec(t);
  if (digits) {
    const rating = RATINGS[Number(digits[1]) - 1]!;
    return digits[2] ? { rating, solved: SOLVED[Number(digits[2]) - 1]! } : { rating };
  }
  const level = LEVEL_WORDS.find(([w]) => t.includes(w));
  if (!level) return undefined;
  const rest = t.replace(level[0], "");
  const solved = SOLVED_WORDS.find(([w]) => rest.includes(w));
  return solved ? { rating: level[1], solved: solved[1] } : { rating: level[1] };
}
