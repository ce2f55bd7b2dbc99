import { type Period } from "../assessment/period.ts";
import { type TicketEvent, type TicketState } from "../ticket/ticket.ts";

// Dispatch quality (派单质量, 国办函〔2025〕66号): measured from each ticket's own history, the same
// way for every unit, dispatcher, category and district, over the tickets first dispatched in a
// period. Every figure is a rate with its numerator, denominator and the tickets behind each.

/** A rate with what it is made of; the tickets its numerator counts are listed apart, a page at a time ({@link inFigure}). */
export interface Figure {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator; null when nothing was counted. */
  readonly rate: number | null;
}

/** The figures of one group of tickets. */
export interface DispatchFigures {
  /** Tickets first dispatched in the period. */
  readonly dispatched: number;
  /** Of the tickets whose outcome is known (concluded, or returned with approval), those the first lead unit concluded without an approved return. */
  readonly firstDispatchAccuracy: Figure;
  /** Of the tickets dispatched, those a unit asked to return at least once. */
  readonly returnRate: Figure;
  /** Of the returns ruled, those found unfounded. */
  readonly unfoundedReturnRate: Figure;
  /** Approved returns (bounces) per ticket dispatched. */
  readonly meanBounces: Figure;
  /** Days the tickets spent with units that were not theirs (from a dispatch to the approval of its return), per ticket dispatched. */
  readonly meanDaysLost: Figure;
}

/** What one ticket contributes. */
export interface TicketFacts {
  readonly id: string;
  readonly firstUnitId: string;
  readonly dispatcherId: string;
  readonly dispatcherName: string;
  readonly category: string;
  readonly district: string;
  readonly asked: number;
  readonly approved: number;
  readonly refused: number;
  /** Milliseconds held by units that were not its own. */
  readonly msLost: number;
  /** true: the first unit concluded it; false: it bounced; undefined: not known yet. */
  readonly accurate: boolean | undefined;
}

const DAY = 86_400_000;
const CONCLUDED = new Set(["concluded", "archived"]);

/** The facts of a ticket first dispatched in the period, or undefined if it was not. */
export function dispatchFacts(state: TicketState, events: readonly TicketEvent[], period: Period): TicketFacts | undefined {
  const first = events.find((e) => e.data.type === "Dispatched");
  if (!first || first.data.type !== "Dispatched" || first.at < period.from || first.at >= period.to) return undefined;
  let asked = 0;
  let approved = 0;
  let refused = 0;
  let msLost = 0;
  let dispatchedAt = first.at;
  for (const e of events) {
    if (e.data.type === "Dispatched") dispatchedAt = e.at;
    else if (e.data.type === "ReturnRequested") asked++;
    else if (e.data.type === "ReturnRefused") refused++;
    else if (e.data.type === "ReturnApproved") {
      approved++;
      msLost += e.at - dispatchedAt;
    }
  }
  const accurate = approved > 0 ? false : CONCLUDED.has(state.status) ? true : undefined;
  return {
    id: state.id,
    firstUnitId: first.data.assignment.leadUnitId,
    dispatcherId: first.actor.id,
    dispatcherName: first.actor.name,
    category: state.category ?? "",
    district: state.location.district ?? "",
    asked,
    approved,
    refused,
    msLost,
    accurate,
  };
}

function figure(numerator: number, denominator: number): Figure {
  return { numerator: round(numerator), denominator, rate: denominator ? round(numerator / denominator, 4) : null };
}

function round(x: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

/** The counts a group's figures are made of: summed from the facts here, or by SQL over the stored ones. */
export interface FigureSums {
  readonly dispatched: number;
  /** Outcome known: concluded, or bounced. */
  readonly known: number;
  readonly accurate: number;
  readonly returned: number;
  readonly ruled: number;
  readonly unfounded: number;
  readonly bounces: number;
  /** Whole milliseconds, so every way of summing them gives the same total. */
  readonly msLost: number;
}

/** The figures' names, as each opens its tickets. */
export const FIGURE_IDS = ["firstDispatchAccuracy", "returnRate", "unfoundedReturnRate", "meanBounces", "meanDaysLost"] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** Whether a ticket is among those a figure's numerator counts (the list the figure opens). */
export function inFigure(id: FigureId, f: Pick<TicketFacts, "accurate" | "asked" | "approved" | "refused">): boolean {
  switch (id) {
    case "firstDispatchAccuracy":
      return f.accurate === true;
    case "returnRate":
      return f.asked > 0;
    case "unfoundedReturnRate":
      return f.refused > 0;
    case "meanBounces":
    case "meanDaysLost":
      return f.approved > 0;
  }
}

/** The sums of a group of tickets' facts. */
export function sumsOf(facts: readonly TicketFacts[]): FigureSums {
  const s = { dispatched: 0, known: 0, accurate: 0, returned: 0, ruled: 0, unfounded: 0, bounces: 0, msLost: 0 };
  for (const f of facts) {
    s.dispatched++;
    if (f.accurate !== undefined) s.known++;
    if (f.accurate) s.accurate++;
    if (f.asked > 0) s.returned++;
    s.ruled += f.approved + f.refused;
    s.unfounded += f.refused;
    s.bounces += f.approved;
    s.msLost += f.msLost;
  }
  return s;
}

/** The figures of a group's sums. */
export function figuresOf(s: FigureSums): DispatchFigures {
  return {
    dispatched: s.dispatched,
    firstDispatchAccuracy: figure(s.accurate, s.known),
    returnRate: figure(s.returned, s.dispatched),
    unfoundedReturnRate: figure(s.unfounded, s.ruled),
    meanBounces: figure(s.bounces, s.dispatched),
    meanDaysLost: figure(s.msLost / DAY, s.dispatched),
  };
}

/** The figures of a group of tickets' facts. */
export function dispatchFigures(facts: readonly TicketFacts[]): DispatchFigures {
  return figuresOf(sumsOf(facts));
}

/** What the figures may be grouped by. */
export const DISPATCH_QUALITY_BY = ["unit", "dispatcher", "category", "district"] as const;
export type DispatchQualityBy = (typeof DISPATCH_QUALITY_BY)[number];

/** A group's key in a dimension. */
export function groupKey(f: TicketFacts, by: DispatchQualityBy): string {
  return by === "unit" ? f.firstUnitId : by === "dispatcher" ? f.dispatcherId : by === "category" ? f.category : f.district;
}

/** A group of the figures: its key, its label where the key is an id, its figures. */
export interface FigureGroup {
  readonly key: string;
  readonly label?: string;
  readonly figures: DispatchFigures;
}

/** Groups worst first-dispatch accuracy first (then most bounces, then by key). */
export function worstFirst<G extends FigureGroup>(groups: readonly G[]): G[] {
  return [...groups].sort(
    (a, b) =>
      (a.figures.firstDispatchAccuracy.rate ?? 1) - (b.figures.firstDispatchAccuracy.rate ?? 1) ||
      b.figures.meanBounces.numerator - a.figures.meanBounces.numerator ||
      (a.key < b.key ? -1 : 1),
  );
}

/** The figures of every group, worst first. */
export function dispatchFiguresBy(facts: readonly TicketFacts[], by: DispatchQualityBy): FigureGroup[] {
  const groups = new Map<string, TicketFacts[]>();
  for (const f of facts) {
    const list = groups.get(groupKey(f, by));
    if (list) list.push(f);
    else groups.set(groupKey(f, by), [f]);
  }
  return worstFirst(
    [...groups].map(([key, list]) => ({ key, ...(by === "dispatcher" ? { label: list[0]?.dispatcherName ?? key } : {}), figures: dispatchFigures(list) })),
  );
}
