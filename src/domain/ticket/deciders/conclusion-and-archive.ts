import { ratedUnsatisfied } from "../rating.ts";
import { domainError, fail, ok } from "../../shared/domain-error.ts";
import { archiveYear, retainUntil } from "../../archive/retention.ts";
import { type Deciders, invalid } from "./shared.ts";

// Conclusion and archive (办结、归档).

export const conclusionAndArchive: Deciders<"conclude" | "archive"> = {
  conclude(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const reviewRule = p.procedures.unsatisfiedReview;
    if (reviewRule && ratedUnsatisfied(s) && !s.unsatisfiedReview) {
      return fail(
        domainError(
          "UNSATISFIED_REVIEW_REQUIRED",
          "评价不满意的工单须先审核结果、人工回访并向承办单位反馈原因",
          "an unsatisfied result is reviewed, the requester called back and the reasons fed to the unit before concluding",
          { rule: reviewRule },
        ),
      );
    }
    if (s.rating === undefined && !cmd.note?.trim()) {
      return fail(
        invalid("note", "尚无满意度评价，办结须说明原因（如诉求人无法联系）", "without a rating, concluding needs a note (e.g. requester unreachable)"),
      );
    }
    return ok([{ data: { type: "Concluded", at: now, ...(cmd.note ? { note: cmd.note } : {}) } }]);
  },
  archive(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    // Filed in the year it was completed, kept by the policy's retention for tickets (GX-28).
    const year = archiveYear(s.concludedAt ?? now, p.utcOffsetMinutes);
    return ok([{ data: { type: "Archived", at: now, year, retainUntil: retainUntil(p.archive, "ticket", year, p.utcOffsetMinutes) }, rule: p.archive.rule }]);
  },
};
