import { describe, expect, it } from "vitest";
import { decideContext, LEAD, NOW, ticket } from "../../../../test/support/decider-context.ts";
import { feedbackAndReview } from "./feedback-and-review.ts";

const feedback = { kind: "submitFeedback" as const, handledAt: NOW, process: "现场核查", result: "已整改", requesterInformedBy: "phone" as const };

describe("feedback and review deciders", () => {
  it("GZ-19 feedback names only files stored on this ticket", () => {
    const ctx = decideContext("guangzhou-2022", { role: "unit_handler", unitId: LEAD }, { attachmentIds: new Set(["a1"]) });
    const r = feedbackAndReview.submitFeedback(ticket(), { ...feedback, attachments: ["a1", "elsewhere"] }, ctx);
    expect(!r.ok && r.error.field).toBe("attachments.1");
    const ok = feedbackAndReview.submitFeedback(ticket(), { ...feedback, attachments: ["a1"] }, ctx);
    expect(ok.ok && ok.value[0]?.data).toMatchObject({ type: "FeedbackSubmitted", needsUnitReview: false });
  });

  it("feedback sent back says why; approved feedback asks the requester to rate it", () => {
    const s = ticket({ status: "awaiting_review" });
    const back = feedbackAndReview.reviewFeedback(
      s,
      { kind: "reviewFeedback", approved: false, reason: " " },
      decideContext("guangzhou-2022", { role: "reviewer" }),
    );
    expect(!back.ok && back.error.field).toBe("reason");
    const ok = feedbackAndReview.reviewFeedback(
      s,
      { kind: "reviewFeedback", approved: true, reason: "" },
      decideContext("guangzhou-2022", { role: "reviewer" }),
    );
    expect(ok.ok && ok.value[0]?.data).toMatchObject({ type: "FeedbackReviewed", approved: true, satisfactionRequestedAt: NOW });
  });
});
