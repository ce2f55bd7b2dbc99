import { type WorkingCalendar } from "../calendar/working-calendar.ts";
import { addDuration, computeDeadline, selectLimit } from "../deadlines/deadline-engine.ts";
import { applyClockEvent, type ClockEvent, type ClockUpdate } from "../deadlines/handling-clock.ts";
import { type UnitKind } from "../org/unit.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";
import { domainError, fail, ok, type DomainError, type Result } from "../shared/domain-error.ts";
import { TRANSITIONS, actsForSide, type TicketCommand } from "./commands.ts";
import { archiveYear, retainUntil } from "../archive/retention.ts";
import { TICKET_STATUS_LABELS, type ContactMethod, type TicketActor, type TicketEventData, type TicketFlag, type TicketState } from "./ticket.ts";

/** A unit a command names, as the app layer found it. */
export interface UnitRef {
  readonly id: string;
  readonly kind: UnitKind;
  readonly jurisdictionId: string;
  readonly active: boolean;
}

/** What a decision needs besides the state and the command. */
export interface DecideContext {
  readonly policy: ResolvedPolicy;
  readonly calendar: WorkingCalendar;
  readonly now: number;
  readonly actor: TicketActor;
  /** Every unit the command names, looked up by the app layer. */
  readonly units: ReadonlyMap<string, UnitRef>;
  /** Of the files the command names, those stored on this ticket (looked up by the app layer). */
  readonly attachmentIds?: ReadonlySet<string>;
}

/** One event to append, with the rule that made it so. */
export interface Decided {
  readonly data: TicketEventData;
  readonly rule?: string;
}

const MAX_TEXT = 10_000;
const CONTACT_METHODS: readonly ContactMethod[] = ["phone", "visit", "sms", "online"];

function invalid(field: string, zh: string, en: string, rule?: string): DomainError {
  return domainError("INVALID_ARGUMENT", zh, en, { field, ...(rule ? { rule } : {}) });
}

function text(value: string | undefined, field: string, label: string): DomainError | undefined {
  if (!value || !value.trim()) return invalid(field, `${label}不能为空`, `${field} is required`);
  if (value.length > MAX_TEXT) return invalid(field, `${label}超过 ${MAX_TEXT} 字`, `${field} is longer than ${MAX_TEXT} characters`);
  return undefined;
}

function clock(ctx: DecideContext, s: TicketState, ev: ClockEvent): Result<ClockUpdate> {
  return applyClockEvent(ctx.policy, ctx.calendar, { type: s.type, urgent: s.urgent, channel: s.channel, ...(s.category ? { category: s.category } : {}) }, s.clock, ev);
}

function checkUnits(ctx: DecideContext, s: TicketState, ids: readonly string[], field: string): DomainError | undefined {
  for (const id of ids) {
    const u = ctx.units.get(id);
    if (!u || u.jurisdictionId !== s.jurisdictionId) return invalid(field, `单位 ${id} 不存在或不属于本平台`, `unit ${id} does not exist on this platform`);
    if (!u.active) return invalid(field, `单位 ${id} 已停用`, `unit ${id} is inactive`);
  }
  if (new Set(ids).size !== ids.length) return invalid(field, "单位重复", "a unit is named twice");
  return undefined;
}

/** Checks the state machine table and who acts on whose behalf. */
function permitted(s: TicketState, cmd: TicketCommand, actor: TicketActor): DomainError | undefined {
  const t = TRANSITIONS[cmd.kind];
  if (!t.from.includes(s.status)) {
    return domainError("COMMAND_NOT_ALLOWED", `工单处于“${TICKET_STATUS_LABELS[s.status]}”，不能执行 ${cmd.kind}`, `${cmd.kind} is not allowed while the ticket is ${s.status}`, { field: "status" });
  }
  if (!actsForSide(cmd.kind, s, actor)) {
    // A unit's person on another unit's ticket is told so; everyone else lacks the role.
    if ((t.side === "lead_unit" || t.side === "working_unit") && t.roles.includes(actor.role)) return domainError("NOT_ASSIGNED", "该工单不由本单位承办", "this ticket is not assigned to your unit");
    return domainError("FORBIDDEN", `角色 ${actor.role} 无权执行 ${cmd.kind}`, `role ${actor.role} may not ${cmd.kind}`);
  }
  return undefined;
}

/** The rule a flag reports on: the limit that was missed. */
function flagRule(p: ResolvedPolicy, s: TicketState, flag: TicketFlag): string | undefined {
  const traits = { type: s.type, urgent: s.urgent, channel: s.channel };
  switch (flag) {
    case "dispatch_overdue":
      return selectLimit(p.limits.dispatch, traits)?.rule;
    case "sign_late":
      return selectLimit(p.limits.sign, traits)?.rule;
    case "return_window_closed":
      return selectLimit(p.limits.check, traits)?.rule;
    case "stage_report_overdue":
      return p.limits.stageReport.default?.rule;
    default:
      return s.clock?.rule;
  }
}

/**
 * Decides a command on a ticket: the events to append, or a typed refusal. Pure: state,
 * policy, calendar, clock value and actor in; events out. A refusal changes nothing.
 */
export function decide(s: TicketState, cmd: TicketCommand, ctx: DecideContext): Result<Decided[]> {
  const denied = permitted(s, cmd, ctx.actor);
  if (denied) return fail(denied);
  const p = ctx.policy;
  const now = ctx.now;

  switch (cmd.kind) {
    case "dispatch": {
      const assisting = cmd.assistingUnitIds ?? [];
      if (!TRANSITIONS.dispatch.roles.includes(ctx.actor.role) && cmd.leadUnitId !== s.ownLineUnitId) {
        // A sub-centre handles its own line's tickets; one that belongs elsewhere is left to the hotline's dispatchers.
        return fail(invalid("leadUnitId", "分中心、双号并行单位只能将本线路工单派给本单位办理，其他单位的事项由热线派单", "a sub-centre dispatches its own line's tickets to itself only; the hotline dispatches the rest", "GZ-7"));
      }
      const bad = checkUnits(ctx, s, [cmd.leadUnitId, ...assisting], "leadUnitId");
      if (bad) return fail(bad);
      if (cmd.catalogueUnitId && cmd.catalogueUnitId !== cmd.leadUnitId && !cmd.overrideReason?.trim()) {
        return fail(invalid("overrideReason", "未按派单目录派单，须说明理由", "dispatching to another unit than the catalogue's needs a reason", p.intakeRules.ticket));
      }
      const phoneRule = p.procedures.urgentDispatchPhoneCall;
      // The unit's own line took it: there is nobody to phone but itself.
      if (s.urgent && phoneRule && cmd.leadUnitId !== s.ownLineUnitId) {
        if (!cmd.unitPhoned || !cmd.unitPhoned.person?.trim()) {
          return fail(invalid("unitPhoned", "突发工单派单时须电话通知承办单位并记录接听人", "an urgent ticket's unit is phoned at dispatch; record who answered", phoneRule));
        }
      }
      const out: Decided[] = [];
      if (s.difficult && !s.difficultDecision) {
        const c = cmd.consultation;
        if (!c) return fail(invalid("consultation", "疑难件须先记录会商意见再确定承办单位", "a difficult case needs the consultation record before its unit is decided", p.returns.rule));
        const e = text(c.opinion, "consultation.opinion", "会商意见");
        if (e) return fail(e);
        const consulted = ctx.units.get(c.consultedUnitId);
        const wanted = p.returns.consultWith?.[c.disputeKind];
        if (!consulted) return fail(invalid("consultation.consultedUnitId", "会商单位不存在", "the consulted unit does not exist", p.returns.rule));
        if (wanted && consulted.kind !== wanted) {
          return fail(invalid("consultation.consultedUnitId", `此类争议应征求${wanted}意见`, `a ${c.disputeKind} dispute is decided after consulting a ${wanted}`, p.returns.rule));
        }
        out.push({ data: { type: "DifficultCaseDecided", decision: { ...c, decidedAt: now } }, rule: p.returns.rule });
      }
      const signLimit = computeDeadline(p, ctx.calendar, { rule: "sign", from: now, type: s.type, urgent: s.urgent, channel: s.channel });
      const checkLimit = p.limits.check.from === "receipt" ? computeDeadline(p, ctx.calendar, { rule: "check", from: now, type: s.type, urgent: s.urgent }) : undefined;
      const contactLimit = computeDeadline(p, ctx.calendar, { rule: "first-contact", from: now, type: s.type, urgent: s.urgent, channel: s.channel });
      const redispatch = s.assignment !== undefined || s.returnsCount > 0;
      const c = clock(ctx, s, redispatch && s.clock ? { kind: "redispatched", at: now } : { kind: "dispatched", at: now });
      if (!c.ok) return c;
      out.push({
        data: {
          type: "Dispatched",
          redispatch,
          assignment: {
            leadUnitId: cmd.leadUnitId,
            assistingUnitIds: assisting,
            dispatchedAt: now,
            ...(signLimit.ok ? { signDue: signLimit.value.due } : {}),
            ...(checkLimit?.ok ? { checkDue: checkLimit.value.due } : {}),
            ...(contactLimit.ok ? { firstContactDue: contactLimit.value.due } : {}),
            ...(cmd.unitPhoned ? { unitPhoned: cmd.unitPhoned } : {}),
          },
          clock: c.value.clock,
          deadline: c.value.change,
          ...(cmd.catalogueEntryId ? { catalogueEntryId: cmd.catalogueEntryId } : {}),
          ...(cmd.overrideReason && cmd.catalogueUnitId !== cmd.leadUnitId ? { catalogueOverrideReason: cmd.overrideReason } : {}),
        },
        rule: c.value.change?.rule ?? c.value.clock.rule,
      });
      return ok(out);
    }

    case "sign": {
      const a = s.assignment;
      const late = a?.signDue !== undefined && now > a.signDue;
      const check = p.limits.check.from === "signing" ? computeDeadline(p, ctx.calendar, { rule: "check", from: now, type: s.type, urgent: s.urgent }) : undefined;
      const signRule = p.limits.sign.urgent?.rule ?? p.limits.sign.default?.rule;
      return ok([{ data: { type: "Signed", at: now, late, ...(check?.ok ? { checkDue: check.value.due } : {}) }, ...(late && signRule ? { rule: signRule } : {}) }]);
    }

    case "requestReturn": {
      if (s.difficult && s.difficultDecision) {
        return fail(domainError("RETURN_NOT_ALLOWED", "疑难件经会商确定承办单位后不得退回", "a difficult case's decided unit may not return it", { rule: p.returns.rule }));
      }
      const checkRule = (p.limits.check.urgent ?? p.limits.check.default)?.rule;
      const checkDue = s.assignment?.checkDue;
      if (checkDue !== undefined && now > checkDue) {
        return fail(domainError("RETURN_WINDOW_CLOSED", "已超过核查退回期限，须按期办理", "the window to ask for a return has closed; the unit must handle the ticket", { ...(checkRule ? { rule: checkRule } : {}) }));
      }
      if (s.assignment && s.assignment.signedAt === undefined && p.limits.check.from === "signing") {
        return fail(domainError("COMMAND_NOT_ALLOWED", "须先签收再申请退回", "sign the ticket before asking for a return", { ...(checkRule ? { rule: checkRule } : {}), field: "status" }));
      }
      const e = text(cmd.reason, "reason", "退回理由");
      if (e) return fail(e);
      if (p.returns.requireLegalBasis) {
        const lb = text(cmd.legalBasis, "legalBasis", "退回依据");
        if (lb) return fail({ ...lb, ...(checkRule ? { rule: checkRule } : {}) });
      }
      const unit = ctx.actor.unitId ?? "";
      return ok([{ data: { type: "ReturnRequested", request: { at: now, byUnitId: unit, reason: cmd.reason, ...(cmd.legalBasis ? { legalBasis: cmd.legalBasis } : {}) } }, ...(checkRule ? { rule: checkRule } : {}) }]);
    }

    case "decideReturn": {
      const e = text(cmd.reason, "reason", "审核意见");
      if (e) return fail(e);
      if (cmd.decision === "refuse") {
        const how = p.recompute.returnRefused;
        return ok([{ data: { type: "ReturnRefused", reason: cmd.reason }, ...(how ? { rule: how.rule } : {}) }]);
      }
      if (cmd.decision === "multi_unit") {
        const assisting = cmd.assistingUnitIds ?? [];
        if (assisting.length === 0) return fail(invalid("assistingUnitIds", "多单位办理须指定协办单位", "a multi-unit decision names the assisting units"));
        const bad = checkUnits(ctx, s, assisting, "assistingUnitIds");
        if (bad) return fail(bad);
        if (s.assignment && assisting.includes(s.assignment.leadUnitId)) return fail(invalid("assistingUnitIds", "主办单位不能同时为协办单位", "the lead unit cannot also assist"));
        const c = clock(ctx, s, { kind: "multiUnitDecided", at: now });
        if (!c.ok) return c;
        return ok([{ data: { type: "MultiUnitDecided", assistingUnitIds: assisting, reason: cmd.reason, clock: c.value.clock, deadline: c.value.change }, rule: c.value.clock.rule }]);
      }
      const returnsCount = s.returnsCount + 1;
      const difficult = returnsCount >= p.returns.difficultAfter;
      return ok([{ data: { type: "ReturnApproved", reason: cmd.reason, returnsCount, difficult }, rule: difficult ? p.returns.rule : (p.recompute.redispatched?.rule ?? p.returns.rule) }]);
    }

    case "designateExecutingUnit": {
      const bad = checkUnits(ctx, s, [cmd.unitId], "unitId");
      if (bad) return fail(bad);
      return ok([{ data: { type: "ExecutingUnitDesignated", unitId: cmd.unitId } }]);
    }

    case "requestExtension": {
      const e = text(cmd.reason, "reason", "延期理由");
      if (e) return fail({ ...e, rule: p.extension.rule });
      if (s.pendingExtension) return fail(domainError("EXTENSION_PENDING", "已有待审批的延期申请", "an extension request is already pending", { rule: p.extension.rule }));
      if (s.clock?.phase === "rehandling" && !p.rehandle.extensionAllowed) return fail(domainError("EXTENSION_NOT_ALLOWED", "重办不得延期", "re-handling may not be extended", { rule: p.rehandle.rule }));
      if (s.clock && s.clock.extensionsGranted >= p.extension.maxCount) {
        return fail(domainError("EXTENSION_LIMIT_REACHED", `延期已达上限（${p.extension.maxCount} 次）`, `no more extensions: the policy allows ${p.extension.maxCount}`, { rule: p.extension.rule }));
      }
      if (p.extension.mustApplyBeforeDue && s.clock && now > s.clock.due) {
        return fail(domainError("EXTENSION_TOO_LATE", "延期须在办理期限届满前申请", "an extension must be applied for before the deadline", { rule: p.extension.rule }));
      }
      return ok([{ data: { type: "ExtensionRequested", request: { at: now, byUnitId: ctx.actor.unitId ?? "", reason: cmd.reason } }, rule: p.extension.rule }]);
    }

    case "decideExtension": {
      const req = s.pendingExtension;
      if (!req) return fail(domainError("NO_PENDING_EXTENSION", "没有待审批的延期申请", "there is no pending extension request", { rule: p.extension.rule }));
      const e = text(cmd.reason, "reason", "审批意见");
      if (e) return fail(e);
      if (!cmd.approved) return ok([{ data: { type: "ExtensionDecided", approved: false, reason: cmd.reason }, rule: p.extension.rule }]);
      const c = clock(ctx, s, { kind: "extensionApproved", at: now, appliedAt: req.at });
      if (!c.ok) return c;
      return ok([{ data: { type: "ExtensionDecided", approved: true, reason: cmd.reason, clock: c.value.clock, deadline: c.value.change }, rule: p.extension.rule }]);
    }

    case "addInformation": {
      const e = text(cmd.text, "text", "补充内容");
      if (e) return fail(e);
      return ok([{ data: { type: "InformationAdded", text: cmd.text, at: now }, ...(p.recompute.newInformationAccepted ? { rule: p.recompute.newInformationAccepted.rule } : {}) }]);
    }

    case "decideInformation": {
      if (!s.pendingInformation) return fail(domainError("NO_PENDING_INFORMATION", "没有待确认的补充信息", "there is no new information to decide on"));
      const e = text(cmd.explanation, "explanation", "说明");
      if (e) return fail(e);
      if (!cmd.relevant) return ok([{ data: { type: "InformationDecided", relevant: false, explanation: cmd.explanation } }]);
      const c = clock(ctx, s, { kind: "newInformationAccepted", at: now });
      if (!c.ok) return c;
      return ok([{ data: { type: "InformationDecided", relevant: true, explanation: cmd.explanation, clock: c.value.clock, deadline: c.value.change }, rule: c.value.change?.rule ?? p.recompute.newInformationAccepted?.rule ?? c.value.clock.rule }]);
    }

    case "adjustDeadline": {
      const e = text(cmd.reason, "reason", "调整原因");
      if (e) return fail(e);
      if (!Number.isFinite(cmd.due) || cmd.due <= now) return fail(invalid("due", "新的期限须晚于现在", "the new due must be in the future"));
      const c = clock(ctx, s, { kind: "forceMajeure", at: now, due: cmd.due, reason: cmd.reason });
      if (!c.ok) return c;
      if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
      return ok([{ data: { type: "DeadlineAdjusted", reason: cmd.reason, clock: c.value.clock, deadline: c.value.change }, rule: c.value.change.rule }]);
    }

    case "startStatutoryProcedure": {
      const e = text(cmd.description, "description", "法定程序说明");
      if (e) return fail(e);
      if (s.statutoryProcedure && s.statutoryProcedure.endedAt === undefined) return fail(domainError("PROCEDURE_RUNNING", "法定程序已在进行中", "a statutory procedure is already running"));
      return ok([{ data: { type: "StatutoryProcedureStarted", description: cmd.description, at: now } }]);
    }

    case "endStatutoryProcedure": {
      if (!s.statutoryProcedure || s.statutoryProcedure.endedAt !== undefined) return fail(domainError("NO_PROCEDURE", "没有进行中的法定程序", "no statutory procedure is running"));
      const c = clock(ctx, s, { kind: "statutoryProcedureEnded", at: now });
      if (!c.ok) return c;
      if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
      return ok([{ data: { type: "StatutoryProcedureEnded", at: now, clock: c.value.clock, deadline: c.value.change }, rule: c.value.change.rule }]);
    }

    case "fileLongRunningPlan":
    case "reportStage": {
      const value = cmd.kind === "fileLongRunningPlan" ? cmd.plan : cmd.report;
      const e = text(value, cmd.kind === "fileLongRunningPlan" ? "plan" : "report", cmd.kind === "fileLongRunningPlan" ? "解决方案" : "阶段情况");
      if (e) return fail(e);
      const period = p.limits.stageReport.default;
      if (!period) return fail(domainError("NO_SUCH_LIMIT", `政策 ${p.id} 未规定阶段性反馈周期`, `policy ${p.id} sets no stage-report period`));
      if (cmd.kind === "reportStage" && !s.longRunningPlan) return fail(domainError("NO_PLAN", "尚未制定解决方案", "no long-running plan has been filed", { rule: period.rule }));
      const next = addDuration(p, ctx.calendar, now, period);
      if (!next.ok) return next;
      return ok([
        cmd.kind === "fileLongRunningPlan"
          ? { data: { type: "LongRunningPlanFiled", plan: cmd.plan, at: now, nextStageDue: next.value.due }, rule: period.rule }
          : { data: { type: "StageReported", report: cmd.report, at: now, nextStageDue: next.value.due }, rule: period.rule },
      ]);
    }

    case "contactRequester": {
      // GX-26.1: the unit contacts the requester promptly after receiving the ticket; each contact is recorded.
      const e = text(cmd.note, "note", "联系情况");
      if (e) return fail(e);
      if (!CONTACT_METHODS.includes(cmd.method)) return fail(invalid("method", "联系方式无效", "method must be phone, visit, sms or online"));
      const at = cmd.contactedAt ?? now;
      const since = s.assignment?.dispatchedAt ?? s.receivedAt;
      if (!Number.isFinite(at) || at > now || at < since) return fail(invalid("contactedAt", "联系时间须在派单之后、当前时间之前", "contactedAt must lie between the dispatch and now"));
      const rule = selectLimit(p.limits.firstContact, { type: s.type, urgent: s.urgent, channel: s.channel })?.rule;
      return ok([{ data: { type: "RequesterContacted", contact: { method: cmd.method, at, unitId: ctx.actor.unitId ?? "", by: ctx.actor.name, note: cmd.note.trim() } }, ...(rule ? { rule } : {}) }]);
    }

    case "submitFeedback": {
      for (const [field, label] of [["process", "办理过程"], ["result", "办理结果"]] as const) {
        const e = text(cmd[field], field, label);
        // The rule that requires the items is the one that sends incomplete feedback back (GZ-19, GX-26.4).
        const rule = p.recompute.feedbackSentBack?.rule;
        if (e) return fail(rule ? { ...e, rule } : e);
      }
      if (!Number.isFinite(cmd.handledAt) || cmd.handledAt > now) return fail(invalid("handledAt", "办理时间无效或晚于现在", "handledAt is invalid or in the future"));
      const unknown = (cmd.attachments ?? []).findIndex((id) => !ctx.attachmentIds?.has(id));
      if (unknown >= 0) return fail(invalid(`attachments.${unknown}`, "附件不存在或不属于本工单，请先上传", "no such attachment on this ticket; upload it first"));
      if (s.statutoryProcedure && s.statutoryProcedure.endedAt === undefined) {
        return fail(domainError("PROCEDURE_RUNNING", "法定程序尚未终结", "the statutory procedure has not ended"));
      }
      const needsUnitReview = s.assignment?.executingUnitId !== undefined && ctx.actor.unitId === s.assignment.executingUnitId;
      return ok([
        {
          data: {
            type: "FeedbackSubmitted",
            needsUnitReview,
            feedback: {
              handledAt: cmd.handledAt,
              process: cmd.process,
              result: cmd.result,
              requesterInformedBy: cmd.requesterInformedBy,
              attachments: cmd.attachments ?? [],
              submittedBy: ctx.actor.unitId ?? ctx.actor.id,
              submittedAt: now,
              ...(cmd.assistingOpinions ? { assistingOpinions: cmd.assistingOpinions } : {}),
            },
          },
        },
      ]);
    }

    case "reviewUnitFeedback":
    case "reviewFeedback": {
      if (!cmd.approved) {
        const e = text(cmd.reason, "reason", "退回理由");
        if (e) return fail(e);
      }
      const rule = p.recompute.feedbackSentBack?.rule;
      if (cmd.kind === "reviewUnitFeedback") return ok([{ data: { type: "FeedbackUnitReviewed", approved: cmd.approved, reason: cmd.reason }, ...(rule ? { rule } : {}) }]);
      if (!cmd.approved) return ok([{ data: { type: "FeedbackReviewed", approved: false, reason: cmd.reason }, ...(rule ? { rule } : {}) }]);
      const def = computeDeadline(p, ctx.calendar, { rule: "default-satisfied", from: now });
      return ok([
        {
          data: { type: "FeedbackReviewed", approved: true, reason: cmd.reason, satisfactionRequestedAt: now, ...(def.ok ? { satisfactionDefaultDue: def.value.due } : {}) },
          ...(def.ok ? { rule: def.value.rule } : {}),
        },
      ]);
    }

    case "rate":
      if (s.rating !== undefined) return fail(domainError("ALREADY_RATED", "该结果已评价", "this result is already rated", { field: "rating" }));
      return ok([{ data: { type: "Rated", rating: cmd.rating, at: now, defaulted: false, ...(cmd.note ? { note: cmd.note } : {}), ...(cmd.resolved !== undefined ? { resolved: cmd.resolved } : {}) } }]);

    case "recordRequestUndelivered": {
      const rule = p.limits.defaultSatisfied.default?.rule;
      if (s.satisfactionRequestUndelivered) return fail(domainError("ALREADY_RECORDED", "已记录未送达", "already recorded as undelivered", { ...(rule ? { rule } : {}) }));
      return ok([{ data: { type: "SatisfactionRequestUndelivered", at: now, reason: cmd.reason.slice(0, 500) || "undeliverable" }, ...(rule ? { rule } : {}) }]);
    }

    case "applyDefaultSatisfaction": {
      const due = s.satisfactionDefaultDue;
      const rule = p.limits.defaultSatisfied.default?.rule;
      if (s.satisfactionRequestUndelivered) {
        return fail(domainError("REQUEST_UNDELIVERED", "满意度短信未送达诉求人，不能默认满意，请电话回访", "the satisfaction SMS never reached the requester: no default satisfaction; call them back", { ...(rule ? { rule } : {}) }));
      }
      if (due === undefined || s.rating !== undefined || now < due) {
        return fail(domainError("NOT_DUE", "默认满意的时间未到或已有评价", "default satisfaction is not due or a rating exists", { ...(rule ? { rule } : {}) }));
      }
      return ok([
        { data: { type: "Rated", rating: "satisfied", at: now, defaulted: true }, ...(rule ? { rule } : {}) },
        { data: { type: "Concluded", at: now, note: "诉求人24小时内未评价，默认满意" }, ...(rule ? { rule } : {}) },
      ]);
    }

    case "raiseFlag": {
      if (s.flags.includes(cmd.flag)) return fail(domainError("ALREADY_FLAGGED", "已标记", `already flagged ${cmd.flag}`));
      if (now < cmd.dueAt) return fail(domainError("NOT_DUE", "时间未到", "not due yet"));
      return ok([{ data: { type: "Flagged", flag: cmd.flag, dueAt: cmd.dueAt }, ...(flagRule(p, s, cmd.flag) ? { rule: flagRule(p, s, cmd.flag) } : {}) }]);
    }

    case "recalculateDeadline": {
      const c = clock(ctx, s, { kind: "calendarReloaded", at: now });
      if (!c.ok) return c;
      if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
      return ok([{ data: { type: "DeadlineRecalculated", reason: cmd.reason, clock: c.value.clock, deadline: { ...c.value.change, reason: cmd.reason } }, rule: c.value.clock.rule }]);
    }

    case "orderRehandling": {
      if (s.rating !== "unsatisfied") return fail(domainError("NOT_UNSATISFIED", "只有评价不满意的工单才能重办", "only an unsatisfied rating can be sent back for re-handling", { rule: p.rehandle.rule }));
      const e = text(cmd.reason, "reason", "重办理由");
      if (e) return fail(e);
      const c = clock(ctx, s, { kind: "rehandlingOrdered", at: now });
      if (!c.ok) return c;
      if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
      return ok([{ data: { type: "RehandlingOrdered", reason: cmd.reason, clock: c.value.clock, deadline: c.value.change }, rule: p.rehandle.rule }]);
    }

    case "reviewUnsatisfied": {
      const rule = p.procedures.unsatisfiedReview;
      if (s.rating !== "unsatisfied") return fail(domainError("NOT_UNSATISFIED", "只有评价不满意的工单需要审核回访", "only an unsatisfied rating is reviewed", { ...(rule ? { rule } : {}) }));
      const e = text(cmd.reasons, "reasons", "不满意原因");
      if (e) return fail(e);
      return ok([{ data: { type: "UnsatisfiedReviewed", at: now, reasons: cmd.reasons, calledBack: cmd.calledBack }, ...(rule ? { rule } : {}) }]);
    }

    case "supervise": {
      const rule = p.procedures.supervision;
      const e = text(cmd.note, "note", "督办内容");
      if (e) return fail({ ...e, rule });
      if (!Number.isFinite(cmd.answerDue) || cmd.answerDue <= now) return fail(invalid("answerDue", "答复期限须晚于现在", "the answer is due in the future", rule));
      if ((s.supervisions ?? []).some((x) => x.id === cmd.supervisionId)) return fail(invalid("supervisionId", "督办编号重复", "supervision id repeats"));
      const unitId = s.assignment?.leadUnitId;
      if (!unitId) return fail(domainError("NOT_ASSIGNED", "工单尚未派给承办单位", "the ticket has no unit to supervise"));
      return ok([{ data: { type: "Supervised", supervision: { id: cmd.supervisionId, method: cmd.method, reason: cmd.reason, note: cmd.note, unitId, at: now, by: ctx.actor.id, answerDue: cmd.answerDue } }, rule }]);
    }

    case "answerSupervision": {
      const rule = p.procedures.supervision;
      const sup = (s.supervisions ?? []).find((x) => x.id === cmd.supervisionId);
      if (!sup) return fail(invalid("supervisionId", "督办记录不存在", "no such supervision", rule));
      if (sup.answer) return fail(domainError("ALREADY_ANSWERED", "该督办已答复", "this supervision is already answered", { rule }));
      const e = text(cmd.text, "text", "答复内容");
      if (e) return fail({ ...e, rule });
      return ok([{ data: { type: "SupervisionAnswered", supervisionId: cmd.supervisionId, text: cmd.text, at: now }, rule }]);
    }

    case "explainOverdue": {
      const rule = p.procedures.overdueExplanation ?? p.procedures.supervision;
      if (!s.flags.includes("overdue") && !(s.clock && (s.concludedAt ?? s.feedback?.submittedAt ?? now) > s.clock.due)) {
        return fail(domainError("NOT_OVERDUE", "工单未超期", "the ticket is not overdue", { rule }));
      }
      const e = text(cmd.text, "text", "超期原因");
      if (e) return fail({ ...e, rule });
      return ok([{ data: { type: "OverdueExplained", text: cmd.text, at: now }, rule }]);
    }

    case "fileWrittenStatement": {
      const e = text(cmd.statement, "statement", "书面说明") ?? text(cmd.legalBasis, "legalBasis", "依据");
      if (e) return fail({ ...e, rule: p.intakeRules.closed_by_reference });
      if (s.writtenStatement) return fail(domainError("STATEMENT_EXISTS", "已有书面说明", "a written statement is already filed", { rule: p.intakeRules.closed_by_reference }));
      return ok([{ data: { type: "WrittenStatementFiled", at: now, unitId: ctx.actor.unitId ?? "", statement: cmd.statement, legalBasis: cmd.legalBasis }, rule: p.intakeRules.closed_by_reference }]);
    }

    case "conclude": {
      const reviewRule = p.procedures.unsatisfiedReview;
      if (reviewRule && s.rating === "unsatisfied" && !s.unsatisfiedReview) {
        return fail(domainError("UNSATISFIED_REVIEW_REQUIRED", "评价不满意的工单须先审核结果、人工回访并向承办单位反馈原因", "an unsatisfied result is reviewed, the requester called back and the reasons fed to the unit before concluding", { rule: reviewRule }));
      }
      if (s.rating === undefined && !cmd.note?.trim()) {
        return fail(invalid("note", "尚无满意度评价，办结须说明原因（如诉求人无法联系）", "without a rating, concluding needs a note (e.g. requester unreachable)"));
      }
      return ok([{ data: { type: "Concluded", at: now, ...(cmd.note ? { note: cmd.note } : {}) } }]);
    }

    case "archive": {
      // Filed in the year it was completed, kept by the policy's retention for tickets (GX-28).
      const year = archiveYear(s.concludedAt ?? now, p.utcOffsetMinutes);
      return ok([{ data: { type: "Archived", at: now, year, retainUntil: retainUntil(p.archive, "ticket", year, p.utcOffsetMinutes) }, rule: p.archive.rule }]);
    }
  }
}
