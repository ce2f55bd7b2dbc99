import { selectLimit } from "../../deadlines/deadline-engine.ts";
import { domainError, fail, ok } from "../../shared/domain-error.ts";
import { type ResolvedPolicy } from "../../policy/resolve-policy.ts";
import { type TicketFlag, type TicketState } from "../ticket.ts";
import { type Deciders, invalid, text } from "./shared.ts";

// Supervision (督办): flags on missed limits, supervision and its answers, explanations.

export const supervision: Deciders<"raiseFlag" | "supervise" | "answerSupervision" | "explainOverdue" | "fileWrittenStatement"> = {
  raiseFlag(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    if (s.flags.includes(cmd.flag)) return fail(domainError("ALREADY_FLAGGED", "已标记", `already flagged ${cmd.flag}`));
    if (now < cmd.dueAt) return fail(domainError("NOT_DUE", "时间未到", "not due yet"));
    return ok([{ data: { type: "Flagged", flag: cmd.flag, dueAt: cmd.dueAt }, ...(flagRule(p, s, cmd.flag) ? { rule: flagRule(p, s, cmd.flag) } : {}) }]);
  },
  supervise(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const rule = p.procedures.supervision;
    const e = text(cmd.note, "note", "督办内容");
    if (e) return fail({ ...e, rule });
    if (!Number.isFinite(cmd.answerDue) || cmd.answerDue <= now)
      return fail(invalid("answerDue", "答复期限须晚于现在", "the answer is due in the future", rule));
    if ((s.supervisions ?? []).some((x) => x.id === cmd.supervisionId)) return fail(invalid("supervisionId", "督办编号重复", "supervision id repeats"));
    const unitId = s.assignment?.leadUnitId;
    if (!unitId) return fail(domainError("NOT_ASSIGNED", "工单尚未派给承办单位", "the ticket has no unit to supervise"));
    return ok([
      {
        data: {
          type: "Supervised",
          supervision: {
            id: cmd.supervisionId,
            method: cmd.method,
            reason: cmd.reason,
            note: cmd.note,
            unitId,
            at: now,
            by: ctx.actor.id,
            answerDue: cmd.answerDue,
          },
        },
        rule,
      },
    ]);
  },
  answerSupervision(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const rule = p.procedures.supervision;
    const sup = (s.supervisions ?? []).find((x) => x.id === cmd.supervisionId);
    if (!sup) return fail(invalid("supervisionId", "督办记录不存在", "no such supervision", rule));
    if (sup.answer) return fail(domainError("ALREADY_ANSWERED", "该督办已答复", "this supervision is already answered", { rule }));
    const e = text(cmd.text, "text", "答复内容");
    if (e) return fail({ ...e, rule });
    return ok([{ data: { type: "SupervisionAnswered", supervisionId: cmd.supervisionId, text: cmd.text, at: now }, rule }]);
  },
  explainOverdue(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const rule = p.procedures.overdueExplanation ?? p.procedures.supervision;
    if (!s.flags.includes("overdue") && !(s.clock && (s.concludedAt ?? s.feedback?.submittedAt ?? now) > s.clock.due)) {
      return fail(domainError("NOT_OVERDUE", "工单未超期", "the ticket is not overdue", { rule }));
    }
    const e = text(cmd.text, "text", "超期原因");
    if (e) return fail({ ...e, rule });
    return ok([{ data: { type: "OverdueExplained", text: cmd.text, at: now }, rule }]);
  },
  fileWrittenStatement(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const e = text(cmd.statement, "statement", "书面说明") ?? text(cmd.legalBasis, "legalBasis", "依据");
    if (e) return fail({ ...e, rule: p.intakeRules.closed_by_reference });
    if (s.writtenStatement)
      return fail(domainError("STATEMENT_EXISTS", "已有书面说明", "a written statement is already filed", { rule: p.intakeRules.closed_by_reference }));
    return ok([
      {
        data: { type: "WrittenStatementFiled", at: now, unitId: ctx.actor.unitId ?? "", statement: cmd.statement, legalBasis: cmd.legalBasis },
        rule: p.intakeRules.closed_by_reference,
      },
    ]);
  },
};

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
    case "return_ruling_overdue":
      return p.returns.rulingWithin.rule;
    case "rectification_due_soon":
    case "rectification_overdue":
      return s.rectification?.rule;
    default:
      return s.clock?.rule;
  }
}
