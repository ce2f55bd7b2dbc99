import { type TicketState } from "../ticket.ts";
import { addDuration, computeDeadline, extendDeadline, selectLimit } from "../../deadlines/deadline-engine.ts";
import { domainError, fail, ok, type Result } from "../../shared/domain-error.ts";
import { clock, type CommandOf, CONTACT_METHODS, type DecideContext, type Decided, type Deciders, invalid, text } from "./shared.ts";

// Sign and extension (签收、延期): the handling time, what stops, moves or extends it.

/** fileLongRunningPlan and reportStage: one decider for both. */
function fileLongRunningPlanOrReportStage(s: TicketState, cmd: CommandOf<"fileLongRunningPlan" | "reportStage">, ctx: DecideContext): Result<Decided[]> {
  const p = ctx.policy;
  const now = ctx.now;
  const value = cmd.kind === "fileLongRunningPlan" ? cmd.plan : cmd.report;
  const e = text(value, cmd.kind === "fileLongRunningPlan" ? "plan" : "report", cmd.kind === "fileLongRunningPlan" ? "解决方案" : "阶段情况");
  if (e) return fail(e);
  const period = p.limits.stageReport.default;
  if (!period) return fail(domainError("NO_SUCH_LIMIT", `政策 ${p.id} 未规定阶段性反馈周期`, `policy ${p.id} sets no stage-report period`));
  if (cmd.kind === "reportStage" && !s.longRunningPlan)
    return fail(domainError("NO_PLAN", "尚未制定解决方案", "no long-running plan has been filed", { rule: period.rule }));
  const next = addDuration(p, ctx.calendar, now, period);
  if (!next.ok) return next;
  return ok([
    cmd.kind === "fileLongRunningPlan"
      ? { data: { type: "LongRunningPlanFiled", plan: cmd.plan, at: now, nextStageDue: next.value.due }, rule: period.rule }
      : { data: { type: "StageReported", report: cmd.report, at: now, nextStageDue: next.value.due }, rule: period.rule },
  ]);
}

export const signAndExtension: Deciders<
  | "sign"
  | "requestExtension"
  | "decideExtension"
  | "addInformation"
  | "decideInformation"
  | "adjustDeadline"
  | "startStatutoryProcedure"
  | "endStatutoryProcedure"
  | "fileLongRunningPlan"
  | "reportStage"
  | "contactRequester"
  | "recalculateDeadline"
> = {
  sign(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const a = s.assignment;
    const late = a?.signDue !== undefined && now > a.signDue;
    const check =
      p.limits.check.from === "signing" ? computeDeadline(p, ctx.calendar, { rule: "check", from: now, type: s.type, urgent: s.urgent }) : undefined;
    const signRule = p.limits.sign.urgent?.rule ?? p.limits.sign.default?.rule;
    return ok([
      { data: { type: "Signed", at: now, late, ...(check?.ok ? { checkDue: check.value.due } : {}) }, ...(late && signRule ? { rule: signRule } : {}) },
    ]);
  },
  requestExtension(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const e = text(cmd.reason, "reason", "延期理由");
    if (e) return fail({ ...e, rule: p.extension.rule });
    if (s.pendingExtension)
      return fail(domainError("EXTENSION_PENDING", "已有待审批的延期申请", "an extension request is already pending", { rule: p.extension.rule }));
    if (s.clock?.phase === "rehandling" && !p.rehandle.extensionAllowed)
      return fail(domainError("EXTENSION_NOT_ALLOWED", "重办不得延期", "re-handling may not be extended", { rule: p.rehandle.rule }));
    if (s.clock && s.clock.extensionsGranted >= p.extension.maxCount) {
      return fail(
        domainError("EXTENSION_LIMIT_REACHED", `延期已达上限（${p.extension.maxCount} 次）`, `no more extensions: the policy allows ${p.extension.maxCount}`, {
          rule: p.extension.rule,
        }),
      );
    }
    if (p.extension.mustApplyBeforeDue && s.clock && now > s.clock.due) {
      return fail(
        domainError("EXTENSION_TOO_LATE", "延期须在办理期限届满前申请", "an extension must be applied for before the deadline", { rule: p.extension.rule }),
      );
    }
    // The request states what it asks: the period (the policy's, or a shorter one asked) and the limit it would give.
    const asked = s.clock ? extendDeadline(p, ctx.calendar, s.clock.due, s.clock.limit, s.clock.extensionsGranted, cmd.period) : undefined;
    if (asked && !asked.ok && asked.error.code === "EXTENSION_TOO_LONG") return asked;
    const period = asked?.ok ? { period: asked.value.limit, proposedDue: asked.value.due } : {};
    return ok([
      { data: { type: "ExtensionRequested", request: { at: now, byUnitId: ctx.actor.unitId ?? "", reason: cmd.reason, ...period } }, rule: p.extension.rule },
    ]);
  },
  decideExtension(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const req = s.pendingExtension;
    if (!req) return fail(domainError("NO_PENDING_EXTENSION", "没有待审批的延期申请", "there is no pending extension request", { rule: p.extension.rule }));
    const e = text(cmd.reason, "reason", "审批意见");
    if (e) return fail(e);
    if (!cmd.approved) return ok([{ data: { type: "ExtensionDecided", approved: false, reason: cmd.reason }, rule: p.extension.rule }]);
    const c = clock(ctx, s, { kind: "extensionApproved", at: now, appliedAt: req.at, period: req.period });
    if (!c.ok) return c;
    return ok([
      { data: { type: "ExtensionDecided", approved: true, reason: cmd.reason, clock: c.value.clock, deadline: c.value.change }, rule: p.extension.rule },
    ]);
  },
  addInformation(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const e = text(cmd.text, "text", "补充内容");
    if (e) return fail(e);
    return ok([
      {
        data: { type: "InformationAdded", text: cmd.text, at: now },
        ...(p.recompute.newInformationAccepted ? { rule: p.recompute.newInformationAccepted.rule } : {}),
      },
    ]);
  },
  decideInformation(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    if (!s.pendingInformation) return fail(domainError("NO_PENDING_INFORMATION", "没有待确认的补充信息", "there is no new information to decide on"));
    const e = text(cmd.explanation, "explanation", "说明");
    if (e) return fail(e);
    if (!cmd.relevant) return ok([{ data: { type: "InformationDecided", relevant: false, explanation: cmd.explanation } }]);
    const c = clock(ctx, s, { kind: "newInformationAccepted", at: now });
    if (!c.ok) return c;
    return ok([
      {
        data: { type: "InformationDecided", relevant: true, explanation: cmd.explanation, clock: c.value.clock, deadline: c.value.change },
        rule: c.value.change?.rule ?? p.recompute.newInformationAccepted?.rule ?? c.value.clock.rule,
      },
    ]);
  },
  adjustDeadline(s, cmd, ctx) {
    const now = ctx.now;
    const e = text(cmd.reason, "reason", "调整原因");
    if (e) return fail(e);
    if (!Number.isFinite(cmd.due) || cmd.due <= now) return fail(invalid("due", "新的期限须晚于现在", "the new due must be in the future"));
    const c = clock(ctx, s, { kind: "forceMajeure", at: now, due: cmd.due, reason: cmd.reason });
    if (!c.ok) return c;
    if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
    return ok([{ data: { type: "DeadlineAdjusted", reason: cmd.reason, clock: c.value.clock, deadline: c.value.change }, rule: c.value.change.rule }]);
  },
  startStatutoryProcedure(s, cmd, ctx) {
    const now = ctx.now;
    const e = text(cmd.description, "description", "法定程序说明");
    if (e) return fail(e);
    if (s.statutoryProcedure && s.statutoryProcedure.endedAt === undefined)
      return fail(domainError("PROCEDURE_RUNNING", "法定程序已在进行中", "a statutory procedure is already running"));
    return ok([{ data: { type: "StatutoryProcedureStarted", description: cmd.description, at: now } }]);
  },
  endStatutoryProcedure(s, cmd, ctx) {
    const now = ctx.now;
    if (!s.statutoryProcedure || s.statutoryProcedure.endedAt !== undefined)
      return fail(domainError("NO_PROCEDURE", "没有进行中的法定程序", "no statutory procedure is running"));
    const c = clock(ctx, s, { kind: "statutoryProcedureEnded", at: now });
    if (!c.ok) return c;
    if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
    return ok([{ data: { type: "StatutoryProcedureEnded", at: now, clock: c.value.clock, deadline: c.value.change }, rule: c.value.change.rule }]);
  },
  fileLongRunningPlan: fileLongRunningPlanOrReportStage,
  reportStage: fileLongRunningPlanOrReportStage,
  contactRequester(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    // GX-26.1: the unit contacts the requester promptly after receiving the ticket; each contact is recorded.
    const e = text(cmd.note, "note", "联系情况");
    if (e) return fail(e);
    if (!CONTACT_METHODS.includes(cmd.method)) return fail(invalid("method", "联系方式无效", "method must be phone, visit, sms or online"));
    const at = cmd.contactedAt ?? now;
    const since = s.assignment?.dispatchedAt ?? s.receivedAt;
    if (!Number.isFinite(at) || at > now || at < since)
      return fail(invalid("contactedAt", "联系时间须在派单之后、当前时间之前", "contactedAt must lie between the dispatch and now"));
    const rule = selectLimit(p.limits.firstContact, { type: s.type, urgent: s.urgent, channel: s.channel })?.rule;
    return ok([
      {
        data: { type: "RequesterContacted", contact: { method: cmd.method, at, unitId: ctx.actor.unitId ?? "", by: ctx.actor.name, note: cmd.note.trim() } },
        ...(rule ? { rule } : {}),
      },
    ]);
  },
  recalculateDeadline(s, cmd, ctx) {
    const now = ctx.now;
    const c = clock(ctx, s, { kind: "calendarReloaded", at: now });
    if (!c.ok) return c;
    if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
    return ok([
      {
        data: { type: "DeadlineRecalculated", reason: cmd.reason, clock: c.value.clock, deadline: { ...c.value.change, reason: cmd.reason } },
        rule: c.value.clock.rule,
      },
    ]);
  },
};
