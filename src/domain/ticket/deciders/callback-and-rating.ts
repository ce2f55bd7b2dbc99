import { domainError, fail, ok } from "../../shared/domain-error.ts";
import { ratedUnsatisfied } from "../rating.ts";
import { computeDeadline } from "../../deadlines/deadline-engine.ts";
import { type Decided, type Deciders, clock, invalid, text } from "./shared.ts";

// Callback and rating (回访、评价): the requester rates the result; an unsatisfied one is reviewed or handled again.

export const callbackAndRating: Deciders<
  "rate" | "recordRequestUndelivered" | "applyDefaultSatisfaction" | "orderRehandling" | "reviewUnsatisfied" | "decideReplyMismatch"
> = {
  rate(s, cmd, ctx) {
    const now = ctx.now;
    if (s.rating !== undefined) return fail(domainError("ALREADY_RATED", "该结果已评价", "this result is already rated", { field: "rating" }));
    const sat = ctx.policy.satisfaction;
    const counted = sat.satisfiedLevels.includes(cmd.rating);
    const rated = {
      data: {
        type: "Rated",
        rating: cmd.rating,
        countsSatisfied: counted,
        at: now,
        defaulted: false,
        ...(cmd.note ? { note: cmd.note } : {}),
        ...(cmd.solved ? { solved: cmd.solved } : {}),
      },
      rule: sat.rule,
    } as const;
    const out: Decided[] = [rated];
    // A bad rating (差评) is rectified by the unit within the policy's limit (51号), where it sets one.
    if (sat.badLevels.includes(cmd.rating) && s.rectification === undefined) {
      const due = computeDeadline(ctx.policy, ctx.calendar, { rule: "rectification", from: now });
      if (due.ok)
        out.push({ data: { type: "RectificationRequired", at: now, due: due.value.due, rule: due.value.rule, rating: cmd.rating }, rule: due.value.rule });
    }
    // The unit said solved and the requester says not: a reply that may be false (GZ-26, GX-37).
    const feedbackSolved = s.feedback?.solved;
    const lead = s.assignment?.leadUnitId;
    if (feedbackSolved === "resolved" && cmd.solved === "unresolved" && lead) {
      out.push({ data: { type: "ReplyMismatchFlagged", at: now, unitId: lead, feedbackSolved, requesterSolved: cmd.solved }, rule: sat.replyMismatchRule });
    }
    return ok(out);
  },
  recordRequestUndelivered(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const rule = p.limits.defaultSatisfied.default?.rule;
    if (s.satisfactionRequestUndelivered)
      return fail(domainError("ALREADY_RECORDED", "已记录未送达", "already recorded as undelivered", { ...(rule ? { rule } : {}) }));
    return ok([{ data: { type: "SatisfactionRequestUndelivered", at: now, reason: cmd.reason.slice(0, 500) || "undeliverable" }, ...(rule ? { rule } : {}) }]);
  },
  applyDefaultSatisfaction(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const due = s.satisfactionDefaultDue;
    const rule = p.limits.defaultSatisfied.default?.rule;
    if (s.satisfactionRequestUndelivered) {
      return fail(
        domainError(
          "REQUEST_UNDELIVERED",
          "满意度短信未送达诉求人，不能默认满意，请电话回访",
          "the satisfaction SMS never reached the requester: no default satisfaction; call them back",
          { ...(rule ? { rule } : {}) },
        ),
      );
    }
    if (due === undefined || s.rating !== undefined || now < due) {
      return fail(domainError("NOT_DUE", "默认满意的时间未到或已有评价", "default satisfaction is not due or a rating exists", { ...(rule ? { rule } : {}) }));
    }
    const level = p.satisfaction.defaultLevel;
    if (!level)
      return fail(
        domainError("NO_DEFAULT_LEVEL", "本平台政策未规定默认评价等级", "the policy gives no default rating level", {
          field: "rating",
          ...(rule ? { rule } : {}),
        }),
      );
    return ok([
      {
        data: { type: "Rated", rating: level, countsSatisfied: p.satisfaction.satisfiedLevels.includes(level), at: now, defaulted: true },
        ...(rule ? { rule } : {}),
      },
      { data: { type: "Concluded", at: now, note: "诉求人24小时内未评价，默认满意" }, ...(rule ? { rule } : {}) },
    ]);
  },
  orderRehandling(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    if (!ratedUnsatisfied(s))
      return fail(
        domainError("NOT_UNSATISFIED", "只有评价不满意的工单才能重办", "only an unsatisfied rating can be sent back for re-handling", {
          rule: p.rehandle.rule,
        }),
      );
    const e = text(cmd.reason, "reason", "重办理由");
    if (e) return fail(e);
    const c = clock(ctx, s, { kind: "rehandlingOrdered", at: now });
    if (!c.ok) return c;
    if (!c.value.change) return fail(domainError("NO_CHANGE", "期限未改变", "the limit did not change"));
    return ok([{ data: { type: "RehandlingOrdered", reason: cmd.reason, clock: c.value.clock, deadline: c.value.change }, rule: p.rehandle.rule }]);
  },
  reviewUnsatisfied(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const rule = p.procedures.unsatisfiedReview;
    if (!ratedUnsatisfied(s))
      return fail(domainError("NOT_UNSATISFIED", "只有评价不满意的工单需要审核回访", "only an unsatisfied rating is reviewed", { ...(rule ? { rule } : {}) }));
    const e = text(cmd.reasons, "reasons", "不满意原因");
    if (e) return fail(e);
    return ok([{ data: { type: "UnsatisfiedReviewed", at: now, reasons: cmd.reasons, calledBack: cmd.calledBack }, ...(rule ? { rule } : {}) }]);
  },
  decideReplyMismatch(s, cmd, ctx) {
    const rule = ctx.policy.satisfaction.replyMismatchRule;
    if (s.replyMismatch?.status !== "open")
      return fail(domainError("REPLY_MISMATCH_NOT_FOUND", "该工单没有待处理的疑似不实反馈", "the ticket has no open flagged reply", { field: "id", rule }));
    const e = text(cmd.reason, "reason", "处理理由");
    if (e) return fail(e);
    if ((cmd.outcome === "misconduct") !== (cmd.misconductId !== undefined)) {
      return fail(invalid("misconductId", "认定为违规时须关联违规记录，澄清时不关联", "a misconduct outcome names its record, and a clearance none"));
    }
    return ok([
      {
        data: {
          type: "ReplyMismatchDecided",
          at: ctx.now,
          by: ctx.actor.id,
          outcome: cmd.outcome,
          reason: cmd.reason.trim(),
          ...(cmd.misconductId ? { misconductId: cmd.misconductId } : {}),
        },
        rule,
      },
    ]);
  },
};
