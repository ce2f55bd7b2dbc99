import { type TicketEvent } from "./ticket.ts";

/** What the hotline found on a return (派单异议): whose mistake the bounce was. */
export type ReturnFinding = "dispatch_wrong" | "return_unfounded" | "several_units";

/** One return a unit asked for, and the hotline's ruling on it. */
export interface ReturnAttempt {
  readonly at: number;
  readonly byUnitId: string;
  readonly reasonCode?: string;
  readonly reason: string;
  readonly legalBasis?: string;
  readonly catalogueEntryId?: string;
  readonly rulingDue?: number;
  readonly ruling?: {
    readonly finding: ReturnFinding;
    readonly reason: string;
    readonly at: number;
    readonly by: { readonly id: string; readonly name: string; readonly role: string };
    readonly rule?: string;
  };
}

/** One unit's hold of a ticket as its lead unit: from its dispatch until the ticket left it. */
export interface UnitVisit {
  readonly unitId: string;
  readonly from: number;
  /** When the ticket left the unit (a return approved); absent while it holds it. */
  readonly to?: number;
  readonly returns: readonly ReturnAttempt[];
}

const FINDING: Record<string, ReturnFinding> = { ReturnApproved: "dispatch_wrong", ReturnRefused: "return_unfounded", MultiUnitDecided: "several_units" };

/**
 * A ticket's bounce timeline (工单流转): each unit it was dispatched to, how long it held it, the
 * returns it asked for with their reason codes and citations, and each ruling with who ruled.
 * Read from the events alone.
 */
export function bounceTimeline(events: readonly TicketEvent[]): UnitVisit[] {
  const visits: { unitId: string; from: number; to?: number; returns: ReturnAttempt[] }[] = [];
  const current = () => (visits.at(-1)?.to === undefined ? visits.at(-1) : undefined);
  for (const e of events) {
    const d = e.data;
    if (d.type === "Dispatched") {
      const open = current();
      if (open) open.to = e.at;
      visits.push({ unitId: d.assignment.leadUnitId, from: e.at, returns: [] });
    } else if (d.type === "ReturnRequested") {
      const r = d.request;
      current()?.returns.push({
        at: r.at,
        byUnitId: r.byUnitId,
        reason: r.reason,
        ...(r.reasonCode ? { reasonCode: r.reasonCode } : {}),
        ...(r.legalBasis ? { legalBasis: r.legalBasis } : {}),
        ...(r.catalogueEntryId ? { catalogueEntryId: r.catalogueEntryId } : {}),
        ...(r.rulingDue !== undefined ? { rulingDue: r.rulingDue } : {}),
      });
    } else if (d.type === "ReturnApproved" || d.type === "ReturnRefused" || d.type === "MultiUnitDecided") {
      const open = current();
      const attempt = open?.returns.at(-1);
      if (!open || !attempt || attempt.ruling) continue;
      const by = { id: e.actor.id, name: e.actor.name, role: e.actor.role };
      open.returns[open.returns.length - 1] = {
        ...attempt,
        ruling: { finding: FINDING[d.type] as ReturnFinding, reason: d.reason, at: e.at, by, ...(e.rule ? { rule: e.rule } : {}) },
      };
      if (d.type === "ReturnApproved") open.to = e.at;
    }
  }
  return visits;
}
