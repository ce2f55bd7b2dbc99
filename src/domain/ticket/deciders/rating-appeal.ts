import { computeDeadline } from "../../deadlines/deadline-engine.ts";
import { domainError, fail, ok } from "../../shared/domain-error.ts";
import { countsSatisfied } from "../rating.ts";
import { type Deciders, invalid, text } from "./shared.ts";

// Appeals against ratings (评价申诉, 国办发〔2019〕51号): the unit may appeal a rating that does
// not count as satisfied as malicious or unreasonable, with its statement and evidence, within
// the policy's window; the hotline decides. An upheld appeal takes the rating out of the unit's
// satisfaction rate and leaves it on record.

export const ratingAppeal: Deciders<"appealRating" | "decideRatingAppeal"> = {
  appealRating(s, cmd, ctx) {
    if (s.rating === undefined || s.ratedAt === undefined || countsSatisfied(s)) {
      return fail(
        domainError("RATING_APPEAL_NOT_FOUND", "只有未计为满意的评价可以申诉", "only a rating not counted as satisfied may be appealed", { field: "id" }),
      );
    }
    const window = computeDeadline(ctx.policy, ctx.calendar, { rule: "rating-appeal", from: s.ratedAt });
    if (!window.ok) return fail(domainError("RATING_APPEAL_NOT_FOUND", "本平台政策未设评价申诉", "the policy sets no rating appeals", { field: "id" }));
    const rule = window.value.rule;
    if (s.ratingAppeal) return fail(domainError("RATING_APPEAL_CONFLICT", "该评价已申诉", "the rating is appealed already", { field: "id", rule }));
    if (ctx.now > window.value.due)
      return fail(domainError("RATING_APPEAL_CLOSED", "已超过评价申诉期限", "the window for appealing the rating has closed", { field: "ratedAt", rule }));
    const e = text(cmd.statement, "statement", "申诉理由");
    if (e) return fail({ ...e, rule });
    const unknown = (cmd.attachments ?? []).findIndex((id) => !ctx.attachmentIds?.has(id));
    if (unknown >= 0)
      return fail(invalid(`attachments.${unknown}`, "附件不存在或不属于本工单，请先上传", "no such attachment on this ticket; upload it first"));
    return ok([
      {
        data: {
          type: "RatingAppealed",
          at: ctx.now,
          by: ctx.actor.unitId ?? ctx.actor.id,
          ground: cmd.ground,
          statement: cmd.statement.trim(),
          attachments: cmd.attachments ?? [],
        },
        rule,
      },
    ]);
  },
  decideRatingAppeal(s, cmd, ctx) {
    const a = s.ratingAppeal;
    if (!a || a.status !== "pending")
      return fail(domainError("RATING_APPEAL_NOT_FOUND", "没有待裁定的评价申诉", "no rating appeal awaits a decision", { field: "id" }));
    const e = text(cmd.reason, "reason", "裁定理由");
    if (e) return fail({ ...e, rule: a.rule });
    return ok([{ data: { type: "RatingAppealDecided", at: ctx.now, by: ctx.actor.id, upheld: cmd.upheld, reason: cmd.reason.trim() }, rule: a.rule }]);
  },
};
