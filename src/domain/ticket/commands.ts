import {
  type ContactMethod,
  type Rating,
  type RatingAppealGround,
  type Solved,
  type Role,
  type TicketActor,
  type TicketState,
  type TicketStatus,
  type DifficultCaseDecision,
  type TicketFlag,
} from "./ticket.ts";

/** A command on an existing ticket. */
export type TicketCommand =
  | {
      kind: "dispatch";
      leadUnitId: string;
      assistingUnitIds?: string[];
      /** Set by the app from the dispatch catalogue, never by the client. */
      catalogueUnitId?: string;
      catalogueEntryId?: string;
      overrideReason?: string;
      /** The units the dispatcher was suggested, best first (派单建议): passing over the first needs a reason. */
      suggestedUnitIds?: string[];
      consultation?: Omit<DifficultCaseDecision, "decidedAt">;
      unitPhoned?: { at: number; person: string };
    }
  | { kind: "sign" }
  | { kind: "requestReturn"; reasonCode: string; reason: string; legalBasis?: string; catalogueEntryId?: string }
  | { kind: "decideReturn"; decision: "approve" | "refuse" | "multi_unit"; reason: string; assistingUnitIds?: string[] }
  | { kind: "designateExecutingUnit"; unitId: string }
  /** `period`: a shorter extension than the policy's, in its unit (working days or hours); the policy's by default (GZ-18). */
  | { kind: "requestExtension"; reason: string; period?: number }
  | { kind: "decideExtension"; approved: boolean; reason: string }
  | { kind: "addInformation"; text: string }
  | { kind: "decideInformation"; relevant: boolean; explanation: string }
  | { kind: "adjustDeadline"; due: number; reason: string }
  | { kind: "startStatutoryProcedure"; description: string }
  | { kind: "endStatutoryProcedure" }
  | { kind: "fileLongRunningPlan"; plan: string }
  | { kind: "reportStage"; report: string }
  /** `contactedAt`: when the call or visit happened, if not now. */
  | { kind: "contactRequester"; method: ContactMethod; note: string; contactedAt?: number }
  | {
      kind: "submitFeedback";
      handledAt: number;
      process: string;
      result: string;
      requesterInformedBy: "phone" | "sms" | "visit" | "letter" | "online";
      attachments?: string[];
      assistingOpinions?: { unitId: string; opinion: string }[];
      solved?: Solved;
    }
  | { kind: "reviewUnitFeedback"; approved: boolean; reason: string }
  | { kind: "reviewFeedback"; approved: boolean; reason: string }
  | { kind: "rate"; rating: Rating; note?: string; solved?: Solved }
  /** The unit's rectification after a bad rating (差评整改, 51号): what it did and what came of it. */
  | { kind: "fileRectification"; measures: string; result: string; attachments?: string[] }
  | { kind: "reviewRectification"; approved: boolean; reason: string }
  /** The unit appeals the rating as malicious or unreasonable, with its statement and evidence (51号). */
  | { kind: "appealRating"; ground: RatingAppealGround; statement: string; attachments?: string[] }
  | { kind: "decideRatingAppeal"; upheld: boolean; reason: string }
  /** A supervisor clears a flagged reply with a reason, or turns it into the misconduct record `misconductId` (GZ-26, GX-37). */
  | { kind: "decideReplyMismatch"; outcome: "cleared" | "misconduct"; reason: string; misconductId?: string }
  | { kind: "applyDefaultSatisfaction" }
  /** The SMS gateway reported the satisfaction request undeliverable. */
  | { kind: "recordRequestUndelivered"; reason: string }
  | { kind: "raiseFlag"; flag: TicketFlag; dueAt: number }
  | { kind: "recalculateDeadline"; reason: string }
  | { kind: "orderRehandling"; reason: string }
  | {
      kind: "supervise";
      supervisionId: string;
      method: "phone" | "online" | "on_site" | "meeting" | "letter";
      reason: "overdue" | "non_compliant_feedback" | "long_running" | "other";
      note: string;
      answerDue: number;
    }
  | { kind: "answerSupervision"; supervisionId: string; text: string }
  | { kind: "explainOverdue"; text: string }
  | { kind: "reviewUnsatisfied"; reasons: string; calledBack: boolean }
  | { kind: "fileWrittenStatement"; statement: string; legalBasis: string }
  | { kind: "conclude"; note?: string }
  | { kind: "archive" };

/** The name of a command. */
export type TicketCommandKind = TicketCommand["kind"];

/** Which side acts: the hotline, the ticket's lead unit, the unit doing the work, or the system's timers. */
type Side = "hotline" | "lead_unit" | "working_unit" | "system";

const HOTLINE: readonly Role[] = ["dispatcher", "reviewer", "supervisor", "admin"];
const UNIT: readonly Role[] = ["unit_handler", "unit_leader"];
/** Where a ticket may be once rated: waiting to be concluded, handled again (GZ-20), concluded or filed. */
const AFTER_RATING: readonly TicketStatus[] = ["awaiting_callback", "handling", "awaiting_unit_review", "awaiting_review", "concluded", "archived"];

/**
 * The ticket state machine as one table: for each command, the statuses it is allowed in,
 * the roles that may issue it and on whose behalf. Everything else is refused.
 */
export const TRANSITIONS: Record<
  TicketCommandKind,
  { readonly from: readonly TicketStatus[]; readonly roles: readonly Role[]; readonly side: Side; readonly ownLine?: true }
> = {
  dispatch: { from: ["awaiting_dispatch"], roles: HOTLINE, side: "hotline", ownLine: true },
  sign: { from: ["awaiting_sign"], roles: UNIT, side: "lead_unit" },
  requestReturn: { from: ["awaiting_sign", "handling"], roles: UNIT, side: "lead_unit" },
  decideReturn: { from: ["awaiting_return_decision"], roles: HOTLINE, side: "hotline" },
  designateExecutingUnit: { from: ["handling"], roles: UNIT, side: "lead_unit" },
  requestExtension: { from: ["handling"], roles: UNIT, side: "lead_unit" },
  decideExtension: { from: ["handling", "awaiting_unit_review", "awaiting_review"], roles: HOTLINE, side: "hotline" },
  addInformation: { from: ["awaiting_dispatch", "awaiting_sign", "handling", "awaiting_return_decision"], roles: ["operator", ...HOTLINE], side: "hotline" },
  decideInformation: { from: ["handling"], roles: UNIT, side: "lead_unit" },
  adjustDeadline: { from: ["awaiting_sign", "handling", "awaiting_return_decision", "awaiting_unit_review"], roles: ["supervisor", "admin"], side: "hotline" },
  startStatutoryProcedure: { from: ["handling"], roles: UNIT, side: "lead_unit" },
  endStatutoryProcedure: { from: ["handling"], roles: UNIT, side: "lead_unit" },
  fileLongRunningPlan: { from: ["handling"], roles: UNIT, side: "lead_unit" },
  reportStage: { from: ["handling"], roles: UNIT, side: "lead_unit" },
  contactRequester: { from: ["handling", "awaiting_unit_review"], roles: UNIT, side: "working_unit" },
  submitFeedback: { from: ["handling"], roles: UNIT, side: "working_unit" },
  reviewUnitFeedback: { from: ["awaiting_unit_review"], roles: UNIT, side: "lead_unit" },
  reviewFeedback: { from: ["awaiting_review"], roles: HOTLINE, side: "hotline", ownLine: true },
  // The requester rates through the portal or the satisfaction SMS; staff record phone callbacks.
  rate: { from: ["awaiting_callback"], roles: [...HOTLINE, "requester"], side: "hotline", ownLine: true },
  applyDefaultSatisfaction: { from: ["awaiting_callback"], roles: ["system"], side: "system" },
  recordRequestUndelivered: { from: ["awaiting_callback"], roles: ["system"], side: "system" },
  // A rectification's timers run after the callback too.
  raiseFlag: {
    from: [
      "awaiting_dispatch",
      "awaiting_sign",
      "handling",
      "awaiting_return_decision",
      "awaiting_unit_review",
      "awaiting_review",
      "awaiting_callback",
      "concluded",
      "archived",
    ],
    roles: ["system"],
    side: "system",
  },
  recalculateDeadline: {
    from: ["awaiting_sign", "handling", "awaiting_return_decision", "awaiting_unit_review", "awaiting_review"],
    roles: ["system"],
    side: "system",
  },
  orderRehandling: { from: ["awaiting_callback"], roles: HOTLINE, side: "hotline", ownLine: true },
  // A bad rating's rectification outlives the callback: the ticket may be concluded or handled again meanwhile.
  fileRectification: { from: AFTER_RATING, roles: UNIT, side: "lead_unit" },
  reviewRectification: { from: AFTER_RATING, roles: HOTLINE, side: "hotline", ownLine: true },
  appealRating: { from: AFTER_RATING, roles: UNIT, side: "lead_unit" },
  // The hotline decides its own rating's appeal: not the sub-centre whose rating it is.
  decideRatingAppeal: { from: AFTER_RATING, roles: HOTLINE, side: "hotline" },
  // A flag raised at the callback outlives it: the ticket may be handled again, concluded or filed meanwhile.
  decideReplyMismatch: { from: AFTER_RATING, roles: ["supervisor", "admin"], side: "hotline" },
  reviewUnsatisfied: { from: ["awaiting_callback"], roles: HOTLINE, side: "hotline", ownLine: true },
  supervise: {
    from: ["awaiting_sign", "handling", "awaiting_return_decision", "awaiting_unit_review", "awaiting_review", "awaiting_callback"],
    roles: ["supervisor", "admin"],
    side: "hotline",
  },
  answerSupervision: {
    from: ["awaiting_sign", "handling", "awaiting_return_decision", "awaiting_unit_review", "awaiting_review", "awaiting_callback", "concluded"],
    roles: UNIT,
    side: "lead_unit",
  },
  explainOverdue: { from: ["handling", "awaiting_unit_review", "awaiting_review", "awaiting_callback", "concluded"], roles: UNIT, side: "lead_unit" },
  fileWrittenStatement: { from: ["concluded", "archived"], roles: UNIT, side: "lead_unit" },
  conclude: { from: ["awaiting_callback"], roles: HOTLINE, side: "hotline", ownLine: true },
  // The archive job files concluded tickets after the policy's days; the hotline may file one earlier.
  archive: { from: ["concluded"], roles: [...HOTLINE, "system"], side: "hotline", ownLine: true },
};

/**
 * May this actor act for the side the command belongs to? Hotline commands marked `ownLine`
 * are also the job of the sub-centre or dual-number unit on the tickets of its own line
 * (GZ-7: it receives, handles, reviews and calls back itself).
 */
export function actsForSide(kind: TicketCommandKind, t: TicketState, actor: Pick<TicketActor, "role" | "unitId">): boolean {
  const tr = TRANSITIONS[kind];
  const a = t.assignment;
  const byRole = tr.roles.includes(actor.role);
  switch (tr.side) {
    case "lead_unit":
      return byRole && a !== undefined && actor.unitId === a.leadUnitId;
    case "working_unit":
      return byRole && a !== undefined && (actor.unitId === a.leadUnitId || (a.executingUnitId !== undefined && actor.unitId === a.executingUnitId));
    case "hotline":
      return byRole || (tr.ownLine === true && UNIT.includes(actor.role) && t.ownLineUnitId !== undefined && actor.unitId === t.ownLineUnitId);
    case "system":
      return byRole;
  }
}

/** Every command name, for table-driven tests and the HTTP routes. */
export const TICKET_COMMAND_KINDS: readonly TicketCommandKind[] = [
  "dispatch",
  "sign",
  "requestReturn",
  "decideReturn",
  "designateExecutingUnit",
  "requestExtension",
  "decideExtension",
  "addInformation",
  "decideInformation",
  "adjustDeadline",
  "startStatutoryProcedure",
  "endStatutoryProcedure",
  "fileLongRunningPlan",
  "reportStage",
  "contactRequester",
  "submitFeedback",
  "reviewUnitFeedback",
  "reviewFeedback",
  "rate",
  "applyDefaultSatisfaction",
  "recordRequestUndelivered",
  "raiseFlag",
  "recalculateDeadline",
  "orderRehandling",
  "reviewUnsatisfied",
  "decideReplyMismatch",
  "fileRectification",
  "reviewRectification",
  "appealRating",
  "decideRatingAppeal",
  "fileWrittenStatement",
  "supervise",
  "answerSupervision",
  "explainOverdue",
  "conclude",
  "archive",
];
