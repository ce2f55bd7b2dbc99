import { type HandlingClock } from "../deadlines/handling-clock.ts";
import { countsSatisfied, solvedOf } from "./rating.ts";
import { type DispatchRecord, type TicketEvent, type TicketState } from "./ticket.ts";

/** A new limit makes the flags about the old one moot; the events that raised them stay in the history. */
function withClock(s: TicketState, clock: HandlingClock | undefined): TicketState {
  if (!clock) return s;
  return { ...s, clock, flags: s.flags.filter((f) => f !== "due_soon" && f !== "overdue") };
}

/** The dispatch record with the counts added; none where the ticket has none (its snapshot predates the record). */
function counted(s: TicketState, add: Partial<Pick<DispatchRecord, "asked" | "approved" | "refused" | "msLost">>): { dispatchRecord?: DispatchRecord } {
  const r = s.dispatchRecord;
  if (!r) return {};
  return {
    dispatchRecord: {
      ...r,
      asked: r.asked + (add.asked ?? 0),
      approved: r.approved + (add.approved ?? 0),
      refused: r.refused + (add.refused ?? 0),
      msLost: r.msLost + (add.msLost ?? 0),
    },
  };
}

/**
 * Applies one stored event to a ticket's state. Pure and total: replaying a ticket's events
 * from nothing rebuilds exactly the state stored beside them.
 */
export function evolve(state: TicketState | undefined, ev: TicketEvent): TicketState {
  const d = ev.data;
  if (d.type === "TicketCreated") {
    return { ...d.ticket, status: "awaiting_dispatch", version: ev.seq, returnsCount: 0, flags: [], difficult: false, reviewSendBacks: 0, updatedAt: ev.at };
  }
  if (!state) throw new Error(`event ${d.type} before TicketCreated on ${ev.ticketId}`);
  const s: TicketState = { ...state, version: ev.seq, updatedAt: ev.at };
  switch (d.type) {
    case "Dispatched": {
      const { pendingReturn: _r, ...rest } = s;
      const r = s.dispatchRecord;
      const dispatchRecord = r
        ? { ...r, lastDispatchedAt: ev.at }
        : {
            firstAt: ev.at,
            firstUnitId: d.assignment.leadUnitId,
            dispatcherId: ev.actor.id,
            dispatcherName: ev.actor.name,
            lastDispatchedAt: ev.at,
            asked: 0,
            approved: 0,
            refused: 0,
            msLost: 0,
            ...(d.suggestion ? { suggested: d.suggestion.shown } : {}),
          };
      return { ...rest, status: "awaiting_sign", assignment: d.assignment, flags: [], dispatchRecord, ...(d.clock ? { clock: d.clock } : {}) };
    }
    case "Signed":
      return s.assignment
        ? {
            ...s,
            status: "handling",
            assignment: { ...s.assignment, signedAt: d.at, signedLate: d.late, ...(d.checkDue !== undefined ? { checkDue: d.checkDue } : {}) },
          }
        : s;
    case "ReturnRequested":
      return { ...s, status: "awaiting_return_decision", pendingReturn: d.request, ...counted(s, { asked: 1 }) };
    case "ReturnRefused": {
      const { pendingReturn: _r, ...rest } = s;
      return { ...rest, status: "handling", ...counted(s, { refused: 1 }) };
    }
    case "ReturnApproved": {
      const { pendingReturn: _r, assignment: _a, ...rest } = s;
      const held = s.dispatchRecord ? ev.at - s.dispatchRecord.lastDispatchedAt : 0;
      return { ...rest, status: "awaiting_dispatch", returnsCount: d.returnsCount, difficult: d.difficult, ...counted(s, { approved: 1, msLost: held }) };
    }
    case "DifficultCaseDecided":
      return { ...s, difficultDecision: d.decision };
    case "MultiUnitDecided": {
      const { pendingReturn: _r, ...rest } = s;
      return rest.assignment
        ? withClock({ ...rest, status: "handling", assignment: { ...rest.assignment, assistingUnitIds: d.assistingUnitIds } }, d.clock)
        : rest;
    }
    case "ExecutingUnitDesignated":
      return s.assignment ? { ...s, assignment: { ...s.assignment, executingUnitId: d.unitId } } : s;
    case "ExtensionRequested":
      return { ...s, pendingExtension: d.request };
    case "ExtensionDecided": {
      const { pendingExtension: _p, ...rest } = s;
      return withClock(rest, d.clock);
    }
    case "InformationAdded":
      return { ...s, pendingInformation: { at: d.at, text: d.text } };
    case "InformationDecided": {
      const { pendingInformation: _p, ...rest } = s;
      return withClock(rest, d.clock);
    }
    case "DeadlineAdjusted":
    case "DeadlineRecalculated":
      return withClock(s, d.clock);
    case "StatutoryProcedureStarted":
      return { ...s, statutoryProcedure: { startedAt: d.at, description: d.description } };
    case "StatutoryProcedureEnded":
      return withClock({ ...s, ...(s.statutoryProcedure ? { statutoryProcedure: { ...s.statutoryProcedure, endedAt: d.at } } : {}) }, d.clock);
    case "LongRunningPlanFiled":
      return { ...s, longRunningPlan: { plan: d.plan, filedAt: d.at, nextStageDue: d.nextStageDue, stages: 0 } };
    case "StageReported":
      return s.longRunningPlan ? { ...s, longRunningPlan: { ...s.longRunningPlan, nextStageDue: d.nextStageDue, stages: s.longRunningPlan.stages + 1 } } : s;
    case "SatisfactionRequestUndelivered":
      return { ...s, satisfactionRequestUndelivered: { at: d.at, reason: d.reason } };
    case "RequesterContacted":
      return { ...s, requesterContacts: [...(s.requesterContacts ?? []), d.contact] };
    case "FeedbackSubmitted":
      return { ...s, feedback: d.feedback, status: d.needsUnitReview ? "awaiting_unit_review" : "awaiting_review" };
    case "FeedbackUnitReviewed":
      return { ...s, status: d.approved ? "awaiting_review" : "handling" };
    case "FeedbackReviewed":
      return d.approved
        ? {
            ...s,
            status: "awaiting_callback",
            ...(d.satisfactionRequestedAt !== undefined ? { satisfactionRequestedAt: d.satisfactionRequestedAt } : {}),
            ...(d.satisfactionDefaultDue !== undefined ? { satisfactionDefaultDue: d.satisfactionDefaultDue } : {}),
          }
        : { ...s, status: "handling", reviewSendBacks: s.reviewSendBacks + 1 };
    case "Rated": {
      const solved = solvedOf(d);
      return { ...s, rating: d.rating, countsSatisfied: countsSatisfied(d), ratedAt: d.at, ratingDefaulted: d.defaulted, ...(solved ? { solved } : {}) };
    }
    case "RehandlingOrdered": {
      const {
        ratingAppeal: _ap,
        rating: _r,
        countsSatisfied: _cs,
        ratedAt: _ra,
        ratingDefaulted: _rd,
        solved: _rs,
        feedback: _f,
        satisfactionDefaultDue: _sd,
        satisfactionRequestedAt: _sr,
        unsatisfiedReview: _u,
        ...rest
      } = s;
      return withClock({ ...rest, status: "handling" }, d.clock);
    }
    case "RatingAppealed":
      return {
        ...s,
        ratingAppeal: { at: d.at, by: d.by, ground: d.ground, statement: d.statement, attachments: d.attachments, rule: ev.rule ?? "", status: "pending" },
      };
    case "RatingAppealDecided":
      return s.ratingAppeal
        ? { ...s, ratingAppeal: { ...s.ratingAppeal, status: d.upheld ? "upheld" : "rejected", decision: { at: d.at, by: d.by, reason: d.reason } } }
        : s;
    case "RectificationRequired":
      return { ...s, rectification: { requiredAt: d.at, due: d.due, rule: d.rule, rating: d.rating, status: "awaiting", filings: [], reviews: [] } };
    case "RectificationFiled":
      return s.rectification
        ? {
            ...s,
            rectification: {
              ...s.rectification,
              status: "filed",
              filings: [...s.rectification.filings, { at: d.at, by: d.by, measures: d.measures, result: d.result, attachments: d.attachments }],
            },
          }
        : s;
    case "RectificationReviewed": {
      if (!s.rectification) return s;
      // A rectification the hotline accepts ends its timers: the flags about its limit go with them.
      const flags = d.approved ? s.flags.filter((f) => f !== "rectification_due_soon" && f !== "rectification_overdue") : s.flags;
      return {
        ...s,
        flags,
        rectification: {
          ...s.rectification,
          status: d.approved ? "accepted" : "awaiting",
          reviews: [...s.rectification.reviews, { at: d.at, by: d.by, approved: d.approved, reason: d.reason }],
        },
      };
    }
    case "ReplyMismatchFlagged":
      return { ...s, replyMismatch: { at: d.at, unitId: d.unitId, feedbackSolved: d.feedbackSolved, requesterSolved: d.requesterSolved, status: "open" } };
    case "ReplyMismatchDecided":
      return s.replyMismatch
        ? {
            ...s,
            replyMismatch: {
              ...s.replyMismatch,
              status: d.outcome,
              decision: { at: d.at, by: d.by, reason: d.reason, ...(d.misconductId ? { misconductId: d.misconductId } : {}) },
            },
          }
        : s;
    case "UnsatisfiedReviewed":
      return { ...s, unsatisfiedReview: { at: d.at, reasons: d.reasons, calledBack: d.calledBack } };
    case "WrittenStatementFiled":
      return { ...s, writtenStatement: { at: d.at, unitId: d.unitId, statement: d.statement, legalBasis: d.legalBasis } };
    case "MergedInto":
      return { ...s, status: "merged", mergedInto: d.targetId };
    case "TicketMergedIn":
      return { ...s, mergedTickets: [...(s.mergedTickets ?? []), d.source] };
    case "SplitOff":
      return { ...s, mergedTickets: (s.mergedTickets ?? []).filter((m) => m.id !== d.sourceId) };
    case "SplitFrom": {
      const { mergedInto: _m, assignment: _a, ...rest } = s;
      // Split off, the request waits for its own dispatch again.
      return { ...rest, status: "awaiting_dispatch" };
    }
    case "Supervised":
      return { ...s, supervisions: [...(s.supervisions ?? []), d.supervision] };
    case "SupervisionAnswered":
      return { ...s, supervisions: (s.supervisions ?? []).map((x) => (x.id === d.supervisionId ? { ...x, answer: { text: d.text, at: d.at } } : x)) };
    case "OverdueExplained":
      return { ...s, overdueExplanation: { text: d.text, at: d.at } };
    case "Concluded":
      return { ...s, status: "concluded", concludedAt: d.at };
    case "Archived":
      return { ...s, status: "archived", archivedAt: d.at, ...(d.year !== undefined ? { archive: { year: d.year, retainUntil: d.retainUntil ?? null } } : {}) };
    case "Flagged":
      return { ...s, flags: [...s.flags, d.flag] };
  }
}

/** Rebuilds a ticket from its whole history. */
export function replay(events: readonly TicketEvent[]): TicketState | undefined {
  return events.reduce<TicketState | undefined>((s, e) => evolve(s, e), undefined);
}
