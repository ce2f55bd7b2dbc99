import { type WorkingCalendar } from "../calendar/working-calendar.ts";
import { computeDeadline } from "../deadlines/deadline-engine.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";
import { domainError, fail, ok, type DomainError, type Result } from "../shared/domain-error.ts";
import { type Channel, type RequestType } from "../shared/vocabulary.ts";
import { type Location, type Requester, type TicketActor, type TicketEventData } from "./ticket.ts";
import { takenDuring, type LeaderSession } from "../leaders/leader-session.ts";

/** What an operator may decide at intake (GZ-11, GZ-12, GZ-13.1, GZ-22, GX-21). */
export const INTAKE_DECISIONS = [
  "ticket",
  "direct_answer",
  "emergency_transfer",
  "legal_channel",
  "other_authority",
  "progress_notice",
  "confidential_matter",
  "out_of_jurisdiction",
  "abusive_invalid",
  "closed_by_reference",
] as const;
/** One intake decision. */
export type IntakeDecision = (typeof INTAKE_DECISIONS)[number];

/** Decision details: what each decision must record. */
export type IntakeOutcome =
  | { decision: "ticket" }
  | { decision: "direct_answer"; knowledgeArticleId: string; answer: string }
  | { decision: "emergency_transfer"; emergencyLine: "110" | "119" | "120" | "122" }
  | {
      decision: "legal_channel";
      channelKind:
        | "litigation"
        | "arbitration"
        | "administrative_ruling"
        | "discipline_inspection"
        | "administrative_reconsideration"
        | "information_disclosure"
        | "petition";
    }
  | { decision: "other_authority"; authority: "party_committee" | "peoples_congress" | "cppcc" | "military" | "court" | "procuratorate" | "armed_police" }
  | { decision: "progress_notice"; linkedTicketId: string }
  | { decision: "confidential_matter"; secretKind: "state" | "trade" | "privacy" }
  | { decision: "out_of_jurisdiction" }
  | { decision: "abusive_invalid"; abuseKind: "insult" | "defamation" | "public_order" | "repeat_concluded"; note: string }
  | { decision: "closed_by_reference"; statementTicketId: string };

/** One contact as intake receives it. */
export interface IntakeInput {
  readonly channel: Channel;
  readonly receivedAt: number;
  readonly requester: Requester;
  readonly type: RequestType;
  readonly urgent?: boolean;
  readonly category?: string;
  readonly title?: string;
  readonly content: string;
  readonly location?: Location;
  readonly outcome: IntakeOutcome;
  /** The leader call-answering session the contact came in during (looked up by the app from its id). */
  readonly leaderSession?: LeaderSession;
  /**
   * The sub-centre or dual-number unit that took the contact on its own line (GZ-7, GZ-28): it
   * receives, handles, reviews and calls back itself, and its data goes to the hotline. The app
   * checks the unit is of such a kind; the actor must be that unit's.
   */
  readonly ownLineUnitId?: string;
}

/** Channels a sub-centre's or dual-number unit's own line comes in by (GZ-7, GZ-28). */
export const OWN_LINE_CHANNELS: readonly Channel[] = ["subcentre", "dual_number"];

/** The contact record every intake writes, whatever the decision. */
export interface ContactRecord {
  readonly channel: Channel;
  readonly receivedAt: number;
  readonly operatorId: string;
  readonly requester: Requester;
  readonly type: RequestType;
  readonly content: string;
  readonly outcome: IntakeOutcome;
  /** The rule behind a decision without a ticket. */
  readonly rule: string;
  readonly leaderSessionId?: string;
}

const MAX_CONTENT = 10_000;
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

function invalid(field: string, zh: string, en: string, rule?: string): DomainError {
  return domainError("INVALID_ARGUMENT", zh, en, { field, ...(rule ? { rule } : {}) });
}

/**
 * Validates one contact and decides what it becomes: a ticket, or a recorded decision
 * without one. Pure; the app layer assigns ids and numbers and stores the result.
 */
export function decideIntake(
  input: IntakeInput,
  ctx: { policy: ResolvedPolicy; calendar: WorkingCalendar; actor: TicketActor; now: number },
): Result<{ contact: ContactRecord; ticket?: Omit<Extract<TicketEventData, { type: "TicketCreated" }>["ticket"], "id" | "number" | "jurisdictionId"> }> {
  const ownLine = input.ownLineUnitId;
  if (ownLine !== undefined) {
    // A sub-centre takes contacts of its own line only, and only its own staff (or its system) record them.
    if (ctx.actor.unitId !== ownLine)
      return fail(
        domainError("FORBIDDEN", "只能登记本单位热线线路受理的诉求", "only the unit itself records contacts of its own line", {
          field: "ownLineUnitId",
          rule: "GZ-7",
        }),
      );
    if (!OWN_LINE_CHANNELS.includes(input.channel))
      return fail(
        invalid(
          "channel",
          "分中心、双号并行单位自受理的诉求渠道应为“分中心”或“双号并行单位”",
          "a contact of a sub-centre's own line comes in by the subcentre or dual_number channel",
          "GZ-7",
        ),
      );
    if (input.outcome.decision !== "ticket")
      return fail(invalid("outcome.decision", "分中心自受理的诉求只登记为工单", "a sub-centre's own-line contact is recorded as a ticket", "GZ-7"));
  } else if (!["operator", "dispatcher", "admin", "system", "requester"].includes(ctx.actor.role)) {
    return fail(domainError("FORBIDDEN", `角色 ${ctx.actor.role} 无权受理`, `role ${ctx.actor.role} may not take contacts`));
  }
  const content = input.content?.trim() ?? "";
  if (!content) return fail(invalid("content", "诉求内容不能为空", "content is required", "GX-25.1"));
  if ([...input.content].length > MAX_CONTENT)
    return fail(invalid("content", `诉求内容超过 ${MAX_CONTENT} 字`, `content is longer than ${MAX_CONTENT} characters`));
  if (!Number.isFinite(input.receivedAt) || input.receivedAt > ctx.now + 60_000)
    return fail(invalid("receivedAt", "受理时间无效或晚于现在", "receivedAt is invalid or in the future"));
  const phone = input.requester.phone;
  if (phone !== undefined && phone !== "" && !MOBILE.test(phone) && !LANDLINE.test(phone)) {
    return fail(invalid("requester.phone", `联系电话 ${phone} 格式不正确`, `requester.phone ${phone} is not a Chinese mobile or landline number`));
  }
  if (input.requester.name !== undefined && input.requester.name.length > 100)
    return fail(invalid("requester.name", "姓名过长", "requester.name is longer than 100 characters"));
  if (input.title !== undefined && input.title.length > 200) return fail(invalid("title", "标题超过 200 字", "title is longer than 200 characters"));

  const session = input.leaderSession;
  if (session && !takenDuring(session, input.receivedAt)) {
    return fail(
      invalid(
        "leaderSessionId",
        "受理时间不在该场领导接听时段内（或场次已取消）",
        "the contact did not come in during that leader session (or it was cancelled)",
        "GZ-8",
      ),
    );
  }
  const o = input.outcome;
  const rule = ctx.policy.intakeRules[o.decision];
  switch (o.decision) {
    case "direct_answer":
      if (input.type !== "consultation") return fail(invalid("type", "只有咨询类诉求可以直接答复", "only consultations are answered directly", rule));
      if (!o.knowledgeArticleId)
        return fail(invalid("outcome.knowledgeArticleId", "直接答复须记录所用知识点", "a direct answer records the knowledge article used", rule));
      if (!o.answer?.trim()) return fail(invalid("outcome.answer", "答复内容不能为空", "the answer is required", rule));
      break;
    case "emergency_transfer":
      if (!["110", "119", "120", "122"].includes(o.emergencyLine))
        return fail(invalid("outcome.emergencyLine", "紧急转接号码应为 110、119、120 或 122", "emergencyLine must be 110, 119, 120 or 122", rule));
      break;
    case "abusive_invalid":
      if (!o.note?.trim()) return fail(invalid("outcome.note", "须填写话务员记录", "the operator's note is required", rule));
      break;
    case "progress_notice":
      if (!o.linkedTicketId) return fail(invalid("outcome.linkedTicketId", "须关联正在办理的工单", "the ticket being handled is required", rule));
      break;
    case "closed_by_reference":
      if (!o.statementTicketId)
        return fail(invalid("outcome.statementTicketId", "须关联已作书面说明的工单", "the ticket with the written statement is required", rule));
      break;
    default:
      break;
  }

  const contact: ContactRecord = {
    channel: input.channel,
    receivedAt: input.receivedAt,
    operatorId: ctx.actor.id,
    requester: input.requester,
    type: input.type,
    content: input.content,
    outcome: o,
    rule,
    ...(session ? { leaderSessionId: session.id } : {}),
  };
  if (o.decision !== "ticket") return ok({ contact });

  const dispatch = computeDeadline(ctx.policy, ctx.calendar, {
    rule: "dispatch",
    from: input.receivedAt,
    type: input.type,
    urgent: input.urgent ?? false,
    channel: input.channel,
  });
  return ok({
    contact,
    ticket: {
      policyId: ctx.policy.id,
      channel: input.channel,
      type: input.type,
      urgent: input.urgent ?? false,
      ...(input.category ? { category: input.category } : {}),
      title: input.title?.trim() || content.slice(0, 30),
      content: input.content,
      requester: input.requester,
      location: input.location ?? {},
      receivedAt: input.receivedAt,
      ...(dispatch.ok ? { dispatchDue: dispatch.value.due } : {}),
      ...(session ? { leaderSession: { id: session.id, unitId: session.unitId, leaderName: session.leaderName, leaderTitle: session.leaderTitle } } : {}),
      ...(ownLine !== undefined ? { ownLineUnitId: ownLine } : {}),
      createdAt: ctx.now,
    },
  });
}
