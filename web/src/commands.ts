// The form of each ticket command: its button, and the fields the server expects.
// Which buttons show is the server's answer (allowedCommands); this only says how to ask.

import { RATING, SOLVED } from "./labels";
export type Field =
  | { key: string; label: string; kind: "text" | "textarea"; required?: boolean }
  | { key: string; label: string; kind: "select"; options: [string, string][]; required?: boolean }
  | { key: string; label: string; kind: "unit" | "units"; required?: boolean }
  | { key: string; label: string; kind: "datetime"; required?: boolean }
  /** A whole number; its bounds and unit come with the ticket (an extension's period). */
  | { key: string; label: string; kind: "number"; required?: boolean }
  | { key: string; label: string; kind: "files"; required?: boolean }
  /** A decision: two named choices, neither chosen until the user picks one (no default to approve). */
  | { key: string; label: string; kind: "bool"; yes: string; no: string };

export interface CommandForm {
  label: string;
  type?: "primary" | "success" | "warning" | "danger" | "info";
  fields: Field[];
  /** Values sent without asking. */
  fixed?: Record<string, unknown>;
}

const reason = (label = "理由"): Field => ({ key: "reason", label, kind: "textarea", required: true });

export const COMMAND_FORMS: Record<string, CommandForm> = {
  dispatch: {
    label: "派单",
    type: "primary",
    fields: [
      { key: "leadUnitId", label: "主办单位", kind: "unit", required: true },
      { key: "assistingUnitIds", label: "协办单位", kind: "units" },
      { key: "overrideReason", label: "未按目录或首选建议的理由", kind: "textarea" },
    ],
  },
  sign: { label: "签收", type: "primary", fields: [] },
  requestReturn: {
    label: "申请退回",
    type: "warning",
    fields: [reason("退回理由"), { key: "legalBasis", label: "职责依据（三定方案、权责清单条款）", kind: "textarea" }],
  },
  decideReturn: {
    label: "审核退回",
    type: "warning",
    fields: [
      {
        key: "decision",
        label: "审核结论",
        kind: "select",
        required: true,
        options: [
          ["approve", "同意退回（派单有误）"],
          ["refuse", "不予退回（退回理由不成立）"],
          ["multi_unit", "多单位办理（需多个单位负责）"],
        ],
      },
      reason("审核意见"),
      { key: "assistingUnitIds", label: "协办单位（多单位办理时）", kind: "units" },
    ],
  },
  designateExecutingUnit: { label: "转经办单位", fields: [{ key: "unitId", label: "经办单位", kind: "unit", required: true }] },
  requestExtension: { label: "申请延期", type: "warning", fields: [{ key: "period", label: "延长时长", kind: "number" }, reason("延期理由")] },
  decideExtension: {
    label: "审批延期",
    type: "warning",
    fields: [{ key: "approved", label: "审批结论", kind: "bool", yes: "同意延期", no: "不同意" }, reason("审批意见")],
  },
  addInformation: { label: "补充诉求", fields: [{ key: "text", label: "补充内容", kind: "textarea", required: true }] },
  decideInformation: {
    label: "确认补充信息",
    fields: [
      { key: "relevant", label: "是否影响办理", kind: "bool", yes: "影响办理，重新计算期限", no: "不影响" },
      { key: "explanation", label: "说明", kind: "textarea", required: true },
    ],
  },
  adjustDeadline: {
    label: "调整期限",
    type: "danger",
    fields: [{ key: "due", label: "新的期限", kind: "datetime", required: true }, reason("原因（如不可抗力）")],
  },
  startStatutoryProcedure: { label: "进入法定程序", fields: [{ key: "description", label: "程序说明", kind: "textarea", required: true }] },
  endStatutoryProcedure: { label: "法定程序终结", fields: [] },
  fileLongRunningPlan: { label: "制定解决方案", fields: [{ key: "plan", label: "解决方案", kind: "textarea", required: true }] },
  reportStage: { label: "阶段性反馈", fields: [{ key: "report", label: "阶段情况", kind: "textarea", required: true }] },
  contactRequester: {
    label: "联系诉求人",
    fields: [
      {
        key: "method",
        label: "联系方式",
        kind: "select",
        required: true,
        options: [
          ["phone", "电话"],
          ["visit", "上门"],
          ["sms", "短信"],
          ["online", "网上"],
        ],
      },
      { key: "note", label: "联系情况", kind: "textarea", required: true },
      { key: "contactedAt", label: "联系时间（不填为现在）", kind: "datetime" },
    ],
  },
  submitFeedback: {
    label: "办理反馈",
    type: "success",
    fields: [
      { key: "handledAt", label: "办理时间", kind: "datetime", required: true },
      { key: "process", label: "办理过程", kind: "textarea", required: true },
      { key: "result", label: "办理结果", kind: "textarea", required: true },
      {
        key: "requesterInformedBy",
        label: "答复方式",
        kind: "select",
        required: true,
        options: [
          ["phone", "电话"],
          ["sms", "短信"],
          ["visit", "上门"],
          ["letter", "书面"],
          ["online", "网上"],
        ],
      },
      { key: "solved", label: "问题是否解决", kind: "select", required: true, options: Object.entries(SOLVED) as [string, string][] },
      { key: "attachments", label: "附件（照片、PDF）", kind: "files" },
    ],
  },
  reviewUnitFeedback: {
    label: "审核经办反馈",
    type: "success",
    fields: [
      { key: "approved", label: "审核结论", kind: "bool", yes: "审核通过", no: "退回经办" },
      { key: "reason", label: "意见", kind: "textarea" },
    ],
  },
  reviewFeedback: {
    label: "审核反馈",
    type: "success",
    fields: [
      { key: "approved", label: "审核结论", kind: "bool", yes: "审核通过", no: "退回重办" },
      { key: "reason", label: "意见（退回时必填）", kind: "textarea" },
    ],
  },
  // 51号: five levels, and whether the problem was solved asked apart (解决情况).
  rate: {
    label: "回访评价",
    type: "success",
    fields: [
      { key: "rating", label: "满意度", kind: "select", required: true, options: Object.entries(RATING) as [string, string][] },
      { key: "solved", label: "问题是否解决", kind: "select", required: true, options: Object.entries(SOLVED) as [string, string][] },
      { key: "note", label: "回访记录", kind: "textarea" },
    ],
  },
  // 差评整改 (51号): the unit files what it did; the hotline reviews it.
  fileRectification: {
    label: "差评整改",
    type: "warning",
    fields: [
      { key: "measures", label: "整改措施", kind: "textarea", required: true },
      { key: "result", label: "整改结果", kind: "textarea", required: true },
      { key: "attachments", label: "附件（照片、PDF）", kind: "files" },
    ],
  },
  // 评价申诉 (51号): the unit appeals a rating as malicious or unreasonable; the hotline decides.
  appealRating: {
    label: "评价申诉",
    type: "warning",
    fields: [
      {
        key: "ground",
        label: "申诉类型",
        kind: "select",
        required: true,
        options: [
          ["malicious", "恶意评价"],
          ["unreasonable", "不合理评价"],
        ],
      },
      { key: "statement", label: "申诉理由及证据说明", kind: "textarea", required: true },
      { key: "attachments", label: "证据附件", kind: "files" },
    ],
  },
  decideRatingAppeal: {
    label: "裁定评价申诉",
    type: "warning",
    fields: [
      { key: "upheld", label: "裁定结论", kind: "bool", yes: "申诉成立", no: "申诉不成立" },
      { key: "reason", label: "裁定理由", kind: "textarea", required: true },
    ],
  },
  reviewRectification: {
    label: "审核整改",
    type: "success",
    fields: [
      { key: "approved", label: "审核结论", kind: "bool", yes: "整改通过", no: "退回重新整改" },
      { key: "reason", label: "意见（退回时必填）", kind: "textarea" },
    ],
  },
  orderRehandling: { label: "发回重办", type: "danger", fields: [reason("重办理由")] },
  reviewUnsatisfied: {
    label: "不满意审核回访",
    type: "warning",
    fields: [
      { key: "reasons", label: "不满意原因", kind: "textarea", required: true },
      { key: "calledBack", label: "人工回访", kind: "bool", yes: "已人工回访", no: "未能回访" },
    ],
  },
  supervise: {
    label: "督办",
    type: "danger",
    fields: [
      {
        key: "method",
        label: "方式",
        kind: "select",
        required: true,
        options: [
          ["phone", "电话"],
          ["online", "网上"],
          ["on_site", "现场"],
          ["meeting", "会议"],
          ["letter", "发函"],
        ],
      },
      {
        key: "reason",
        label: "原因",
        kind: "select",
        required: true,
        options: [
          ["overdue", "超期未办结"],
          ["non_compliant_feedback", "反馈不合格"],
          ["long_running", "长期未解决"],
          ["other", "其他"],
        ],
      },
      { key: "note", label: "督办内容", kind: "textarea", required: true },
      { key: "answerDue", label: "答复期限", kind: "datetime", required: true },
    ],
  },
  answerSupervision: { label: "答复督办", fields: [{ key: "text", label: "答复内容", kind: "textarea", required: true }] },
  explainOverdue: { label: "超期说明", fields: [{ key: "text", label: "超期原因", kind: "textarea", required: true }] },
  fileWrittenStatement: {
    label: "书面说明",
    fields: [
      { key: "statement", label: "书面说明", kind: "textarea", required: true },
      { key: "legalBasis", label: "依据", kind: "textarea", required: true },
    ],
  },
  conclude: { label: "办结", type: "success", fields: [{ key: "note", label: "办结说明（无评价时必填）", kind: "textarea" }] },
  archive: { label: "归档", fields: [] },
};
