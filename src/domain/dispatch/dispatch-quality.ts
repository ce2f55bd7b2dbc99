import { type Period } from "../assessment/period.ts";
import { type TicketEvent, type TicketState } from "../ticket/ticket.ts";

// Dispatch quality (派单质量, 国办函〔2025〕66号): measured from each ticket's own history, the same
// way for every unit, dispatcher, category and district, over the tickets first dispatched in a
// period. Every figure is a rate with its numerator, denominator and the tickets behind each.

/** A rate with what it is made of: the tickets counted above and below the line. */
export interface Figure {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator; null when nothing was counted. */
  readonly rate: number | null;
  /** The tickets the numerator counts (by id). */
  readonly tickets: readonly string[];
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
  readonly daysLost: number;
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
  let daysLost = 0;
  let dispatchedAt = first.at;
  for (const e of events) {
    if (e.data.type === "Dispatched") dispatchedAt = e.at;
    else if (e.data.type === "ReturnRequested") asked++;
    else if (e.data.type === "ReturnRefused") refused++;
    else if (e.data.type === "ReturnApproved") {
      approved++;
      daysLost += (e.at - dispatchedAt) / DAY;
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
    daysLost,
    accurate,
  };
}

function figure(numerator: number, denominator: number, tickets: readonly string[]): Figure {
  return { numerator: round(numerator), denominator, rate: denominator ? round(numerator / denominator, 4) : null, tickets };
}

function round(x: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

/** The figures of a group of tickets' facts. */
export function dispatchFigures(facts: readonly TicketFacts[]): DispatchFigures {
  const known = facts.filter((f) => f.accurate !== undefined);
  const accurate = known.filter((f) => f.accurate);
  const returned = facts.filter((f) => f.asked > 0);
  const ruled = facts.reduce((s, f) => s + f.approved + f.refused, 0);
  const unfounded = facts.reduce((s, f) => s + f.refused, 0);
  const bounced = facts.filter((f) => f.approved > 0);
  return {
    dispatched: facts.length,
    firstDispatchAccuracy: figure(accurate.length, known.length, accurate.map((f) => f.id)),
    returnRate: figure(returned.length, facts.length, returned.map((f) => f.id)),
    unfoundedReturnRate: figure(unfounded, ruled, facts.filter((f) => f.refused > 0).map((f) => f.id)),
    meanBounces: figure(facts.reduce((s, f) => s + f.approved, 0), facts.length, bounced.map((f) => f.id)),
    meanDaysLost: figure(facts.reduce((s, f) => s + f.daysLost, 0), facts.length, bounced.map((f) => f.id)),
  };
}

/** What the figures may be grouped by. */
export const DISPATCH_QUALITY_BY = ["unit", "dispatcher", "category", "district"] as const;
export type DispatchQualityBy = (typeof DISPATCH_QUALITY_BY)[number];

/** The figures of every group, worst first-dispatch accuracy first (then most bounces). */
export function dispatchFiguresBy(facts: readonly TicketFacts[], by: DispatchQualityBy): { key: string; label?: string; figures: DispatchFigures }[] {
  const keyOf = (f: TicketFacts): string => (by === "unit" ? f.firstUnitId : by === "dispatcher" ? f.dispatcherId : by === "category" ? f.category : f.district);
  const groups = new Map<string, TicketFacts[]>();
  for (const f of facts) {
    const list = groups.get(keyOf(f));
    if (list) list.push(f);
    else groups.set(keyOf(f), [f]);
  }
  return [...groups]
    .map(([key, list]) => ({ key, ...(by === "dispatcher" ? { label: list[0]?.dispatcherName ?? key } : {}), figures: dispatchFigures(list) }))
    .sort((a, b) => (a.figures.firstDispatchAccuracy.rate ?? 1) - (b.figures.firstDispatchAccuracy.rate ?? 1) || b.figures.meanBounces.numerator - a.figures.meanBounces.numerator || (a.key < b.key ? -1 : 1));
}
