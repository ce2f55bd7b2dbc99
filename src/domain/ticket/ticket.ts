import { type Duration } from "../policy/policy.schema.ts";
import { type Rating, type Solved } from "../shared/vocabulary.ts";
import { type LeaderSessionRef } from "../leaders/leader-session.ts";
import { type HandlingClock, type DeadlineChange } from "../deadlines/handling-clock.ts";
import { type Channel, type RequestType } from "../shared/vocabulary.ts";

/** Where a ticket is in its life. */
export const TICKET_STATUSES = [
  "awaiting_dispatch", // 待派单
  "awaiting_sign", // 待签收
  "handling", // 办理中
  "awaiting_return_decision", // 退回待审
  "awaiting_unit_review", // 经办完成，待承办单位审核 (GZ-19)
  "awaiting_review", // 待热线审核
  "awaiting_callback", // 待回访
  "concluded", // 已办结
  "archived", // 已归档
  "merged", // 已并单（并入另一工单）
] as const;
/** One ticket status. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Chinese names of the statuses. */
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  awaiting_dispatch: "待派单",
  awaiting_sign: "待签收",
  handling: "办理中",
  awaiting_return_decision: "退回待审",
  awaiting_unit_review: "待承办单位审核",
  awaiting_review: "待审核",
  awaiting_callback: "待回访",
  concluded: "已办结",
  archived: "已归档",
  merged: "已并单",
};

/** Roles of the people who act on tickets (accounts and sign-in arrive with issue 4). */
export const ROLES = ["operator", "dispatcher", "reviewer", "supervisor", "admin", "unit_handler", "unit_leader", "analyst", "requester", "system"] as const;
/** Chinese names of the roles. */
export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  operator: "话务员",
  dispatcher: "派单员",
  reviewer: "审核回访员",
  supervisor: "督办员",
  admin: "管理员",
  unit_handler: "承办人",
  unit_leader: "单位领导",
  analyst: "分析员",
  requester: "诉求人",
  system: "系统",
};
/** One role. */
export type Role = (typeof ROLES)[number];

/** Who acts, in which role, for which unit. */
export interface TicketActor {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The unit a unit-side actor acts for. */
  readonly unitId?: string;
  /**
   * The platform a person or a city's token works for: they reach nothing of another platform.
   * Absent for the deployment's own actors (the system, the CLI, the deployment's tokens).
   */
  readonly jurisdictionId?: string;
}

/** The requester (诉求人): private data, masked for roles that do not need it (issue 4). */
export interface Requester {
  readonly name?: string;
  readonly phone?: string;
  readonly kind: "person" | "legal_person" | "organisation";
  /** The requester asked that their identity be kept confidential (GZ-25). */
  readonly confidential?: boolean;
}

/** Where the matter is. */
export interface Location {
  readonly district?: string;
  readonly subDistrict?: string;
  readonly address?: string;
}

/**
 * A ticket's dispatch history in figures (派单质量, 国办函〔2025〕66号): whose first dispatch it
 * was, the returns asked, approved (bounces) and refused, and the days it spent with units that
 * were not its own (from a dispatch to the approval of its return), in milliseconds.
 */
export interface DispatchRecord {
  readonly firstAt: number;
  readonly firstUnitId: string;
  readonly dispatcherId: string;
  readonly dispatcherName: string;
  readonly lastDispatchedAt: number;
  readonly asked: number;
  readonly approved: number;
  readonly refused: number;
  /** Milliseconds held by units that were not its own (integer: sums of them are exact everywhere). */
  readonly msLost: number;
  /** The units suggested at the first dispatch, best first (派单建议), where the dispatcher was shown any. */
  readonly suggested?: readonly string[];
}

/** The units on a ticket: one lead (主办), any assisting (协办), an optional executing unit (经办). */
export interface Assignment {
  readonly leadUnitId: string;
  readonly assistingUnitIds: readonly string[];
  readonly executingUnitId?: string;
  readonly dispatchedAt: number;
  readonly signedAt?: number;
  readonly signDue?: number;
  readonly signedLate?: boolean;
  /** GX-25.2: the phone call to the unit at dispatch of an urgent ticket. */
  readonly unitPhoned?: { readonly at: number; readonly person: string };
  /** Last moment a return may be asked (GZ-14, GX-26.3). */
  readonly checkDue?: number;
  /** When the unit should have contacted the requester, where the policy sets it (GX-26.1). */
  readonly firstContactDue?: number;
}

/** How a unit reached the requester. */
export type ContactMethod = "phone" | "visit" | "sms" | "online";

/** The unit's contact with the requester while handling (GX-26.1: 及时主动与诉求人联系). */
export interface RequesterContact {
  readonly method: ContactMethod;
  readonly at: number;
  readonly unitId: string;
  readonly by: string;
  readonly note: string;
}

/** The consultation that decided a difficult case's unit (GZ-16). */
export interface DifficultCaseDecision {
  readonly disputeKind: "between_districts" | "unclear_duties" | "disputed_law";
  readonly consultedUnitId: string;
  readonly opinion: string;
  readonly decidedAt: number;
}

/** The unit's report of the result (GZ-19, GX-26.4). */
export interface Feedback {
  readonly handledAt: number;
  readonly process: string;
  readonly result: string;
  readonly requesterInformedBy: "phone" | "sms" | "visit" | "letter" | "online";
  readonly attachments: readonly string[];
  readonly submittedBy: string;
  readonly submittedAt: number;
  /** Assisting units' opinions gathered by the lead (GX-18). */
  readonly assistingOpinions?: readonly { unitId: string; opinion: string }[];
  /** Whether the unit says the problem was solved; absent on feedback given before it was asked. */
  readonly solved?: Solved;
}

/** Flags the timers raise on a ticket, shown on boards and counted by supervision. */
export const TICKET_FLAGS = [
  "dispatch_overdue",
  "sign_late",
  "return_window_closed",
  "due_soon",
  "overdue",
  "stage_report_overdue",
  "return_ruling_overdue",
  "rectification_due_soon",
  "rectification_overdue",
] as const;
/** Chinese names of the flags. */
export const TICKET_FLAG_LABELS: Record<TicketFlag, string> = {
  dispatch_overdue: "派单超时",
  sign_late: "签收超时",
  return_window_closed: "退回期已过",
  return_ruling_overdue: "退回审核超时",
  due_soon: "即将超期",
  overdue: "已超期",
  stage_report_overdue: "阶段反馈超期",
  rectification_due_soon: "整改即将超期",
  rectification_overdue: "整改超期",
};
/** One flag. */
export type TicketFlag = (typeof TICKET_FLAGS)[number];

/** A supervision (督办) of a ticket's unit and the unit's answer (GZ-23). */
export interface Supervision {
  readonly id: string;
  readonly method: "phone" | "online" | "on_site" | "meeting" | "letter";
  readonly reason: "overdue" | "non_compliant_feedback" | "long_running" | "other";
  readonly note: string;
  readonly unitId: string;
  readonly at: number;
  readonly by: string;
  readonly answerDue: number;
  readonly answer?: { readonly text: string; readonly at: number };
}

export { RATINGS, SOLVED, type Rating, type Solved } from "../shared/vocabulary.ts";

/** A reply that may be false (疑似不实反馈): the unit's feedback said solved, the requester said not solved. */
export interface ReplyMismatch {
  readonly at: number;
  /** The unit whose feedback it was (the lead unit then). */
  readonly unitId: string;
  readonly feedbackSolved: Solved;
  readonly requesterSolved: Solved;
  readonly status: "open" | "cleared" | "misconduct";
  /** A supervisor's decision: cleared with a reason, or turned into a misconduct record. */
  readonly decision?: { readonly at: number; readonly by: string; readonly reason: string; readonly misconductId?: string };
}

/**
 * The rectification a bad rating requires (差评整改, 51号; GX-27.3): the unit files what it did
 * by the due time, the hotline reviews it; one sent back is filed again.
 */
export interface Rectification {
  readonly requiredAt: number;
  readonly due: number;
  readonly rule: string;
  /** The rating that required it. */
  readonly rating: Rating;
  readonly status: "awaiting" | "filed" | "accepted";
  readonly filings: readonly {
    readonly at: number;
    readonly by: string;
    readonly measures: string;
    readonly result: string;
    readonly attachments: readonly string[];
  }[];
  readonly reviews: readonly { readonly at: number; readonly by: string; readonly approved: boolean; readonly reason: string }[];
}

/** Why a unit appeals a rating (51号: 恶意评价、不合理评价). */
export const RATING_APPEAL_GROUNDS = ["malicious", "unreasonable"] as const;
export type RatingAppealGround = (typeof RATING_APPEAL_GROUNDS)[number];

/**
 * A unit's appeal against a rating: decided by the hotline; an upheld one takes the rating out
 * of the unit's satisfaction rate, and the rating stays on record.
 */
export interface RatingAppeal {
  readonly at: number;
  readonly by: string;
  readonly ground: RatingAppealGround;
  readonly statement: string;
  readonly attachments: readonly string[];
  readonly rule: string;
  readonly status: "pending" | "upheld" | "rejected";
  readonly decision?: { readonly at: number; readonly by: string; readonly reason: string };
}

/** A pending request of a unit awaiting the hotline's decision. */
export interface PendingRequest {
  readonly at: number;
  readonly byUnitId: string;
  readonly reason: string;
  readonly legalBasis?: string;
  /** A return's reason code from the policy's list (派单异议, 国办函〔2025〕66号). */
  readonly reasonCode?: string;
  /** The catalogue entry a return relies on. */
  readonly catalogueEntryId?: string;
  /** When the hotline's ruling on a return is due. */
  readonly rulingDue?: number;
  /** An extension's period as the policy gives it, and the limit it would set (GZ-18): what the approver decides on. */
  readonly period?: Duration;
  readonly proposedDue?: number;
}

/** The current state of a ticket: what replaying its events yields. */
export interface TicketState {
  readonly id: string;
  readonly number: string;
  readonly jurisdictionId: string;
  readonly policyId: string;
  readonly status: TicketStatus;
  readonly version: number;
  readonly channel: Channel;
  readonly type: RequestType;
  readonly urgent: boolean;
  readonly category?: string;
  readonly title: string;
  readonly content: string;
  readonly requester: Requester;
  readonly location: Location;
  readonly receivedAt: number;
  readonly dispatchDue?: number;
  readonly assignment?: Assignment;
  readonly clock?: HandlingClock;
  readonly returnsCount: number;
  /** The ticket's dispatch history in figures (派单质量): kept as the events come, so the figures are summed, not replayed. */
  readonly dispatchRecord?: DispatchRecord;
  /** Flags raised by the timers; cleared when the limit they concern is reset. */
  readonly flags: readonly TicketFlag[];
  readonly difficult: boolean;
  readonly difficultDecision?: DifficultCaseDecision;
  readonly pendingReturn?: PendingRequest;
  readonly pendingExtension?: PendingRequest;
  readonly pendingInformation?: { readonly at: number; readonly text: string };
  readonly statutoryProcedure?: { readonly startedAt: number; readonly description: string; readonly endedAt?: number };
  readonly longRunningPlan?: { readonly plan: string; readonly filedAt: number; readonly nextStageDue: number; readonly stages: number };
  /** Taken by a leader answering the hotline (GZ-8, GX-23): marked so it is followed. */
  readonly leaderSession?: LeaderSessionRef;
  /**
   * Taken on a sub-centre's or dual-number unit's own line (GZ-7, GZ-28): that unit also does
   * the hotline's steps on it (dispatch to itself, review, callback, conclusion).
   */
  readonly ownLineUnitId?: string;
  /** The unit's contacts with the requester, in order; the first is its response (响应). */
  readonly requesterContacts?: readonly RequesterContact[];
  readonly feedback?: Feedback;
  readonly reviewSendBacks: number;
  readonly rating?: Rating;
  /** Whether the rating counts as satisfied, by the policy in force when it was given. */
  readonly countsSatisfied?: boolean;
  /** Whether the requester said the problem was solved, when the callback asked (解决率). */
  readonly solved?: Solved;
  /** The unit said solved, the requester said not (疑似不实反馈, GZ-26, GX-37): open until a supervisor decides. */
  readonly replyMismatch?: ReplyMismatch;
  /** The rectification a bad rating requires (差评整改); it outlives the callback and the conclusion. */
  readonly rectification?: Rectification;
  /** The unit's appeal against the rating; upheld, the rating leaves the unit's satisfaction rate. */
  readonly ratingAppeal?: RatingAppeal;
  readonly ratedAt?: number;
  readonly ratingDefaulted?: boolean;
  readonly satisfactionRequestedAt?: number;
  readonly satisfactionDefaultDue?: number;
  /** The gateway said the satisfaction SMS never reached the phone: silence is not satisfaction (GX-27.2). */
  readonly satisfactionRequestUndelivered?: { readonly at: number; readonly reason: string };
  /** GX-27.3: the review of an unsatisfied result, the personal callback and the reasons fed to the unit. */
  readonly unsatisfiedReview?: { readonly at: number; readonly reasons: string; readonly calledBack: boolean };
  /** GZ-22: the unit's written statement on a lawfully concluded matter; later repeats are closed by reference. */
  readonly writtenStatement?: { readonly at: number; readonly unitId: string; readonly statement: string; readonly legalBasis: string };
  /** 并单: tickets merged into this one, with their requesters, who are all told the result. */
  readonly mergedTickets?: readonly { readonly id: string; readonly number: string; readonly requester: Requester; readonly at: number }[];
  /** The ticket this one was merged into, while merged. */
  readonly mergedInto?: string;
  readonly supervisions?: readonly Supervision[];
  /** GX-27.1: why the unit ran over its limit. */
  readonly overdueExplanation?: { readonly text: string; readonly at: number };
  readonly concludedAt?: number;
  readonly archivedAt?: number;
  /** The archive year it was filed under and until when it is kept (null: permanently), GX-28. */
  readonly archive?: { readonly year: number; readonly retainUntil: number | null };
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Everything that can happen to a ticket. Each event carries the data `evolve` needs: no recomputation on replay. */
export type TicketEventData =
  | { type: "TicketCreated"; ticket: Omit<TicketState, "version" | "status" | "returnsCount" | "difficult" | "reviewSendBacks" | "updatedAt" | "flags"> }
  | {
      type: "Dispatched";
      assignment: Assignment;
      clock?: HandlingClock;
      deadline?: DeadlineChange | null;
      /** The catalogue entry that proposed a unit, and why another was chosen if one was. */
      catalogueEntryId?: string;
      catalogueOverrideReason?: string;
      /** The units suggested, best first, which one was taken (1-based; null: none of them) and why not the first. */
      suggestion?: { shown: string[]; chosenRank: number | null; overrideReason?: string };
      redispatch: boolean;
    }
  | { type: "Signed"; at: number; late: boolean; checkDue?: number }
  | { type: "ReturnRequested"; request: PendingRequest }
  | { type: "ReturnRefused"; reason: string }
  | { type: "ReturnApproved"; reason: string; returnsCount: number; difficult: boolean }
  | { type: "DifficultCaseDecided"; decision: DifficultCaseDecision }
  | { type: "MultiUnitDecided"; assistingUnitIds: readonly string[]; reason: string; clock: HandlingClock; deadline: DeadlineChange | null }
  | { type: "ExecutingUnitDesignated"; unitId: string }
  | { type: "ExtensionRequested"; request: PendingRequest }
  | { type: "ExtensionDecided"; approved: boolean; reason: string; clock?: HandlingClock; deadline?: DeadlineChange | null }
  | { type: "InformationAdded"; text: string; at: number }
  | { type: "InformationDecided"; relevant: boolean; explanation: string; clock?: HandlingClock; deadline?: DeadlineChange | null }
  | { type: "DeadlineAdjusted"; reason: string; clock: HandlingClock; deadline: DeadlineChange }
  | { type: "DeadlineRecalculated"; reason: string; clock: HandlingClock; deadline: DeadlineChange }
  | { type: "StatutoryProcedureStarted"; description: string; at: number }
  | { type: "StatutoryProcedureEnded"; at: number; clock: HandlingClock; deadline: DeadlineChange }
  | { type: "LongRunningPlanFiled"; plan: string; at: number; nextStageDue: number }
  | { type: "StageReported"; report: string; at: number; nextStageDue: number }
  | { type: "RequesterContacted"; contact: RequesterContact }
  | { type: "SatisfactionRequestUndelivered"; at: number; reason: string }
  | { type: "FeedbackSubmitted"; feedback: Feedback; needsUnitReview: boolean }
  | { type: "FeedbackUnitReviewed"; approved: boolean; reason: string }
  | { type: "FeedbackReviewed"; approved: boolean; reason: string; satisfactionRequestedAt?: number; satisfactionDefaultDue?: number }
  | {
      type: "Rated";
      rating: Rating;
      at: number;
      defaulted: boolean;
      note?: string;
      solved?: Solved;
      /** By the policy in force; absent on ratings given before five levels, when satisfied and basically satisfied counted. */
      countsSatisfied?: boolean;
      /** The yes/no "solved?" answer of ratings given before three answers were asked; kept as given. */
      resolved?: boolean;
    }
  | { type: "RehandlingOrdered"; reason: string; clock: HandlingClock; deadline: DeadlineChange }
  | { type: "UnsatisfiedReviewed"; at: number; reasons: string; calledBack: boolean }
  | { type: "RatingAppealed"; at: number; by: string; ground: RatingAppealGround; statement: string; attachments: string[] }
  | { type: "RatingAppealDecided"; at: number; by: string; upheld: boolean; reason: string }
  | { type: "RectificationRequired"; at: number; due: number; rule: string; rating: Rating }
  | { type: "RectificationFiled"; at: number; by: string; measures: string; result: string; attachments: string[] }
  | { type: "RectificationReviewed"; at: number; by: string; approved: boolean; reason: string }
  | { type: "ReplyMismatchFlagged"; at: number; unitId: string; feedbackSolved: Solved; requesterSolved: Solved }
  | { type: "ReplyMismatchDecided"; at: number; by: string; outcome: "cleared" | "misconduct"; reason: string; misconductId?: string }
  | { type: "WrittenStatementFiled"; at: number; unitId: string; statement: string; legalBasis: string }
  | { type: "MergedInto"; targetId: string; targetNumber: string; reason: string }
  | { type: "TicketMergedIn"; source: { id: string; number: string; requester: Requester; at: number }; reason: string }
  | { type: "SplitOff"; sourceId: string; reason: string }
  | { type: "SplitFrom"; targetId: string; reason: string }
  | { type: "Supervised"; supervision: Supervision }
  | { type: "SupervisionAnswered"; supervisionId: string; text: string; at: number }
  | { type: "OverdueExplained"; text: string; at: number }
  | { type: "Concluded"; at: number; note?: string }
  /** `year` and `retainUntil` (null: permanent) since archives are kept by year (GX-28); absent on older events. */
  | { type: "Archived"; at: number; year?: number; retainUntil?: number | null }
  | { type: "Flagged"; flag: TicketFlag; dueAt: number };

/** The name of an event type. */
export type TicketEventType = TicketEventData["type"];

/** An event as stored: what happened, when, by whom, under which rule. */
export interface TicketEvent {
  readonly ticketId: string;
  /** 1-based position in the ticket's history; equals the ticket's version after it. */
  readonly seq: number;
  readonly at: number;
  readonly actor: TicketActor;
  /** The command that produced it. */
  readonly command: string;
  readonly rule?: string;
  /** The request that wrote it, as stored (the store fills it in; the domain never reads it). */
  readonly requestId?: string;
  readonly data: TicketEventData;
}
