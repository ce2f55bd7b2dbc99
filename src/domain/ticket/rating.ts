import { type Rating, type Solved, type TicketState } from "./ticket.ts";

// Ratings given before five levels and three "solved?" answers stay as they were given; these
// read them the way they were meant when given.

/** What a rating answered to "solved?": one of three answers now, yes or no before. */
export function solvedOf(d: { readonly solved?: Solved; readonly resolved?: boolean }): Solved | undefined {
  if (d.solved) return d.solved;
  if (d.resolved === undefined) return undefined;
  return d.resolved ? "resolved" : "unresolved";
}

/** Whether a rating counts as satisfied: as recorded by the policy in force, or before five levels, satisfied and basically satisfied. */
export function countsSatisfied(d: { readonly rating?: Rating; readonly countsSatisfied?: boolean }): boolean {
  if (d.rating === undefined) return false;
  return d.countsSatisfied ?? (d.rating === "satisfied" || d.rating === "basically_satisfied");
}

/** A rated ticket whose rating does not count as satisfied: it may be reviewed and handled again (GZ-20, GX-27.3). */
export function ratedUnsatisfied(s: TicketState): boolean {
  return s.rating !== undefined && !countsSatisfied(s);
}
