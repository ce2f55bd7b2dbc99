import { type TicketState } from "../ticket.ts";
import { computeDeadline } from "../../deadlines/deadline-engine.ts";
import { domainError, fail, ok, type Result } from "../../shared/domain-error.ts";
import { type CommandOf, type DecideContext, type Decided, type Deciders, invalid, text } from "./shared.ts";

// Feedback and review (反馈、审核): the unit reports what it did; the hotline checks it.

/** reviewUnitFeedback and reviewFeedback: one decider for both. */
function reviewUnitFeedbackOrReviewFeedback(s: TicketState, cmd: CommandOf<"reviewUnitFeedback" | "reviewFeedback">, ctx: DecideContext): Result<Decided[]> {
  const p = ctx.policy;
  const now = ctx.now;
  if (!cmd.approved) {
    const e = text(cmd.reason, "reason", "退回理由");
    if (e) return fail(e);
  }
  const rule = p.recompute.feedbackSentBack?.rule;
  if (cmd.kind === "reviewUnitFeedback")
    return ok([{ data: { type: "FeedbackUnitReviewed", approved: cmd.approved, reason: cmd.reason }, ...(rule ? { rule } : {}) }]);
  if (!cmd.approved) return ok([{ data: { type: "FeedbackReviewed", approved: false, reason: cmd.reason }, ...(rule ? { rule } : {}) }]);
  const def = computeDeadline(p, ctx.calendar, { rule: "default-satisfied", from: now });
  return ok([
    {
      data: {
        type: "FeedbackReviewed",
        approved: true,
        reason: cmd.reason,
        satisfactionRequestedAt: now,
        ...(def.ok ? { satisfactionDefaultDue: def.value.due } : {}),
      },
      ...(def.ok ? { rule: def.value.rule } : {}),
    },
  ]);
}

export const feedbackAndReview: Deciders<"submitFeedback" | "reviewUnitFeedback" | "reviewFeedback"> = {
  submitFeedback(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    for (const [field, label] of [
      ["process", "办理过程"],
      ["result", "办理结果"],
    ] as const) {
      const e = text(cmd[field], field, label);
      // The rule that requires the items is the one that sends incomplete feedback back (GZ-19, GX-26.4).
      const rule = p.recompute.feedbackSentBack?.rule;
      if (e) return fail(rule ? { ...e, rule } : e);
    }
    if (!Number.isFinite(cmd.handledAt) || cmd.handledAt > now)
      return fail(invalid("handledAt", "办理时间无效或晚于现在", "handledAt is invalid or in the future"));
    const unknown = (cmd.attachments ?? []).findIndex((id) => !ctx.attachmentIds?.has(id));
    if (unknown >= 0)
      return fail(invalid(`attachments.${unknown}`, "附件不存在或不属于本工单，请先上传", "no such attachment on this ticket; upload it first"));
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
            ...(cmd.solved ? { solved: cmd.solved } : {}),
          },
        },
      },
    ]);
  },
  reviewUnitFeedback: reviewUnitFeedbackOrReviewFeedback,
  reviewFeedback: reviewUnitFeedbackOrReviewFeedback,
};
