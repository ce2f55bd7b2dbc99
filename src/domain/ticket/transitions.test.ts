import { describe, expect, it } from "vitest";
import { decide, type UnitRef } from "./decide.ts";
import { decideIntake } from "./intake.ts";
import { TICKET_COMMAND_KINDS, TRANSITIONS, type TicketCommand, type TicketCommandKind } from "./commands.ts";
import { ROLES, TICKET_STATUSES, type TicketActor, type TicketState, type TicketStatus } from "./ticket.ts";
import { at, calendar, policy } from "../../../test/support/fixtures.ts";
import { ticket } from "../../../test/support/decider-context.ts";

const gz = policy("guangzhou-2022");
const cal = calendar(gz);
const LEAD = "00000000-0000-4000-8000-000000000001";
const OTHER = "00000000-0000-4000-8000-000000000002";
const units = new Map<string, UnitRef>([
  [LEAD, { id: LEAD, kind: "handling_unit", jurisdictionId: "j", active: true }],
  [OTHER, { id: OTHER, kind: "handling_unit", jurisdictionId: "j", active: true }],
]);
const now = at("2026-11-03T10:00:00+08:00");

/** A ticket in a status, as the deciders' own tests build it. */
function state(status: TicketStatus): TicketState {
  return ticket({ status, policyId: gz.id });
}

const SAMPLE: Record<TicketCommandKind, TicketCommand> = {
  dispatch: { kind: "dispatch", leadUnitId: LEAD },
  sign: { kind: "sign" },
  requestReturn: { kind: "requestReturn", reasonCode: "not_our_duty", reason: "r", legalBasis: "b" },
  decideReturn: { kind: "decideReturn", decision: "refuse", reason: "r" },
  designateExecutingUnit: { kind: "designateExecutingUnit", unitId: OTHER },
  requestExtension: { kind: "requestExtension", reason: "r" },
  decideExtension: { kind: "decideExtension", approved: false, reason: "r" },
  addInformation: { kind: "addInformation", text: "t" },
  decideInformation: { kind: "decideInformation", relevant: false, explanation: "e" },
  adjustDeadline: { kind: "adjustDeadline", due: at("2026-12-31T00:00:00+08:00"), reason: "r" },
  startStatutoryProcedure: { kind: "startStatutoryProcedure", description: "d" },
  endStatutoryProcedure: { kind: "endStatutoryProcedure" },
  fileLongRunningPlan: { kind: "fileLongRunningPlan", plan: "p" },
  reportStage: { kind: "reportStage", report: "r" },
  contactRequester: { kind: "contactRequester", method: "phone", note: "已电话联系诉求人" },
  submitFeedback: { kind: "submitFeedback", handledAt: now, process: "p", result: "r", requesterInformedBy: "sms" },
  reviewUnitFeedback: { kind: "reviewUnitFeedback", approved: true, reason: "" },
  reviewFeedback: { kind: "reviewFeedback", approved: true, reason: "" },
  rate: { kind: "rate", rating: "satisfied" },
  applyDefaultSatisfaction: { kind: "applyDefaultSatisfaction" },
  decideReplyMismatch: { kind: "decideReplyMismatch", outcome: "cleared", reason: "核实无误" },
  fileRectification: { kind: "fileRectification", measures: "约谈经办人", result: "已重新处理" },
  reviewRectification: { kind: "reviewRectification", approved: true, reason: "" },
  appealRating: { kind: "appealRating", ground: "malicious", statement: "诉求人借评价施压" },
  decideRatingAppeal: { kind: "decideRatingAppeal", upheld: true, reason: "录音证实" },
  recordRequestUndelivered: { kind: "recordRequestUndelivered", reason: "关机" },
  recalculateDeadline: { kind: "recalculateDeadline", reason: "r" },
  raiseFlag: { kind: "raiseFlag", flag: "overdue", dueAt: at("2026-11-03T09:00:00+08:00") },
  orderRehandling: { kind: "orderRehandling", reason: "r" },
  reviewUnsatisfied: { kind: "reviewUnsatisfied", reasons: "r", calledBack: true },
  supervise: { kind: "supervise", supervisionId: "s1", method: "phone", reason: "other", note: "n", answerDue: at("2026-11-10T10:00:00+08:00") },
  answerSupervision: { kind: "answerSupervision", supervisionId: "s1", text: "t" },
  explainOverdue: { kind: "explainOverdue", text: "t" },
  fileWrittenStatement: { kind: "fileWrittenStatement", statement: "s", legalBasis: "b" },
  conclude: { kind: "conclude", note: "n" },
  archive: { kind: "archive" },
};

function actorFor(kind: TicketCommandKind): TicketActor {
  const role = TRANSITIONS[kind].roles[0] ?? "admin";
  return { id: "a", name: "a", role, unitId: LEAD };
}

describe("the ticket state machine, every (status, command) pair", () => {
  const pairs = TICKET_STATUSES.flatMap((s) => TICKET_COMMAND_KINDS.map((c) => [s, c] as const));
  it.each(pairs)("in %s, %s is allowed exactly where the table says", (status, kind) => {
    const r = decide(state(status), SAMPLE[kind], { policy: gz, calendar: cal, now, actor: actorFor(kind), units });
    const allowed = TRANSITIONS[kind].from.includes(status);
    if (allowed) expect(r.ok ? "ok" : r.error.code).not.toBe("COMMAND_NOT_ALLOWED");
    else expect(r.ok ? "ok" : r.error.code).toBe("COMMAND_NOT_ALLOWED");
  });

  it.each(TICKET_COMMAND_KINDS)("%s is refused to every role the table does not name", (kind) => {
    const status = TRANSITIONS[kind].from[0] ?? "handling";
    for (const role of ROLES.filter((r) => !TRANSITIONS[kind].roles.includes(r))) {
      const r = decide(state(status), SAMPLE[kind], { policy: gz, calendar: cal, now, actor: { id: "x", name: "x", role, unitId: LEAD }, units });
      expect(r.ok ? "ok" : r.error.code).toBe("FORBIDDEN");
    }
  });

  it("unit commands from another unit are refused as not assigned", () => {
    const r = decide(
      state("awaiting_sign"),
      { kind: "sign" },
      { policy: gz, calendar: cal, now, actor: { id: "x", name: "x", role: "unit_handler", unitId: OTHER }, units },
    );
    expect(r.ok ? "ok" : r.error.code).toBe("NOT_ASSIGNED");
  });
});

describe("a sub-centre's own line (GZ-7, GZ-28)", () => {
  const ownLine = (status: TicketStatus): TicketState => ({ ...state(status), channel: "subcentre", ownLineUnitId: LEAD });
  const unitActor = (unitId: string): TicketActor => ({ id: "sc", name: "分中心", role: "unit_leader", unitId });
  const OWN_LINE = TICKET_COMMAND_KINDS.filter((k) => TRANSITIONS[k].ownLine);

  it.each(OWN_LINE)("GZ-7 the sub-centre itself may %s on its own line's ticket, and on no other", (kind) => {
    const status = TRANSITIONS[kind].from[0]!;
    const mine = decide(ownLine(status), SAMPLE[kind], { policy: gz, calendar: cal, now, actor: unitActor(LEAD), units });
    expect(mine.ok ? "ok" : mine.error.code).not.toBe("FORBIDDEN");
    const hotlines = decide(state(status), SAMPLE[kind], { policy: gz, calendar: cal, now, actor: unitActor(LEAD), units });
    expect(hotlines.ok ? "ok" : hotlines.error.code).toBe("FORBIDDEN");
    const another = decide(ownLine(status), SAMPLE[kind], { policy: gz, calendar: cal, now, actor: unitActor(OTHER), units });
    expect(another.ok ? "ok" : another.error.code).toBe("FORBIDDEN");
  });

  it("GZ-7 hotline commands not of its line's work (deadline adjustment, supervision) stay the hotline's", () => {
    for (const kind of ["adjustDeadline", "supervise", "decideReturn", "decideExtension"] as const) {
      const r = decide(ownLine(TRANSITIONS[kind].from[0]!), SAMPLE[kind], { policy: gz, calendar: cal, now, actor: unitActor(LEAD), units });
      expect(r.ok ? "ok" : r.error.code, kind).toBe("FORBIDDEN");
    }
  });

  it("GZ-7 the sub-centre dispatches its own line's ticket only to itself", () => {
    const r = decide(ownLine("awaiting_dispatch"), { kind: "dispatch", leadUnitId: OTHER }, { policy: gz, calendar: cal, now, actor: unitActor(LEAD), units });
    expect(r.ok ? undefined : r.error).toMatchObject({ field: "leadUnitId", rule: "GZ-7" });
    // The hotline's dispatcher may still send it anywhere.
    const d = decide(
      ownLine("awaiting_dispatch"),
      { kind: "dispatch", leadUnitId: OTHER },
      { policy: gz, calendar: cal, now, actor: { id: "d", name: "d", role: "dispatcher" }, units },
    );
    expect(d.ok).toBe(true);
  });
});

describe("intake on a sub-centre's own line (GZ-7)", () => {
  const input = {
    channel: "subcentre" as const,
    receivedAt: now,
    requester: { kind: "person" as const },
    type: "consultation" as const,
    content: "个税如何申报？",
    outcome: { decision: "ticket" as const },
    ownLineUnitId: LEAD,
  };
  const ctxOf = (actor: TicketActor) => ({ policy: gz, calendar: cal, actor, now });

  it("GZ-7 the unit itself records it as its own line's ticket", () => {
    const r = decideIntake(input, ctxOf({ id: "sc", name: "分中心", role: "unit_handler", unitId: LEAD }));
    expect(r.ok && r.value.ticket?.ownLineUnitId).toBe(LEAD);
  });

  it("GZ-7 another unit, another channel or a decision without a ticket is refused", () => {
    expect(decideIntake(input, ctxOf({ id: "x", name: "x", role: "unit_handler", unitId: OTHER }))).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN", field: "ownLineUnitId" },
    });
    const me = ctxOf({ id: "sc", name: "分中心", role: "unit_handler", unitId: LEAD });
    expect(decideIntake({ ...input, channel: "phone" }, me)).toMatchObject({ ok: false, error: { field: "channel", rule: "GZ-7" } });
    expect(decideIntake({ ...input, outcome: { decision: "out_of_jurisdiction" } }, me)).toMatchObject({ ok: false, error: { field: "outcome.decision" } });
    // Without an own line, unit staff take no contacts at all.
    const { ownLineUnitId: _o, ...plain } = input;
    expect(decideIntake(plain, me)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });
});
