import { domainError, fail, ok } from "../../shared/domain-error.ts";
import { type Deciders, invalid, text } from "./shared.ts";

// Rectification of a bad rating (差评整改, 国办发〔2019〕51号; GX-27.3): every bad rating is called
// back by a person, and the unit files what it did within the policy's limit; the hotline reviews
// it, and one sent back is filed again. Beside GZ-20's one rehandling, which it does not replace.

export const rectification: Deciders<"fileRectification" | "reviewRectification"> = {
  fileRectification(s, cmd, ctx) {
    const r = s.rectification;
    if (!r) return fail(domainError("RECTIFICATION_NOT_FOUND", "该工单没有差评，无需整改", "the ticket has no bad rating to rectify", { field: "id" }));
    if (r.status !== "awaiting")
      return fail(
        domainError(
          "RECTIFICATION_CONFLICT",
          r.status === "filed" ? "整改情况已提交，待热线审核" : "整改已通过审核",
          r.status === "filed" ? "the rectification is filed and awaits review" : "the rectification is accepted",
          { field: "id", rule: r.rule },
        ),
      );
    for (const [field, label] of [
      ["measures", "整改措施"],
      ["result", "整改结果"],
    ] as const) {
      const e = text(cmd[field], field, label);
      if (e) return fail({ ...e, rule: r.rule });
    }
    const unknown = (cmd.attachments ?? []).findIndex((id) => !ctx.attachmentIds?.has(id));
    if (unknown >= 0)
      return fail(invalid(`attachments.${unknown}`, "附件不存在或不属于本工单，请先上传", "no such attachment on this ticket; upload it first"));
    return ok([
      {
        data: {
          type: "RectificationFiled",
          at: ctx.now,
          by: ctx.actor.unitId ?? ctx.actor.id,
          measures: cmd.measures.trim(),
          result: cmd.result.trim(),
          attachments: cmd.attachments ?? [],
        },
        rule: r.rule,
      },
    ]);
  },
  reviewRectification(s, cmd, ctx) {
    const r = s.rectification;
    if (!r) return fail(domainError("RECTIFICATION_NOT_FOUND", "该工单没有差评，无需整改", "the ticket has no bad rating to rectify", { field: "id" }));
    if (r.status !== "filed")
      return fail(domainError("RECTIFICATION_CONFLICT", "没有待审核的整改情况", "no filed rectification awaits review", { field: "id", rule: r.rule }));
    if (!cmd.approved) {
      const e = text(cmd.reason, "reason", "退回理由");
      if (e) return fail({ ...e, rule: r.rule });
    }
    return ok([{ data: { type: "RectificationReviewed", at: ctx.now, by: ctx.actor.id, approved: cmd.approved, reason: cmd.reason.trim() }, rule: r.rule }]);
  },
};
