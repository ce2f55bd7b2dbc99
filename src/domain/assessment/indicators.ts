/** The indicators the system can compute from its own data. */
export const INDICATOR_IDS = [
  "signOnTime",
  "concludedOnTime",
  "satisfaction",
  "resolution",
  "returnAccuracy",
  "feedbackCompliance",
  "knowledgeUpkeep",
  "supervisionAnswered",
  "response",
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** Chinese names of the indicators. */
export const INDICATOR_NAMES: Record<IndicatorId, string> = {
  signOnTime: "按时签收率",
  concludedOnTime: "按时办结率",
  satisfaction: "满意率",
  returnAccuracy: "退回准确率",
  feedbackCompliance: "反馈规范率",
  knowledgeUpkeep: "知识库按时补充率",
  resolution: "问题解决率",
  supervisionAnswered: "督办按时回复率",
  response: "响应率",
};

/**
 * The hotline's own indicators (派单质量, 国办函〔2025〕66号): a bounce the hotline ruled its own
 * mistake counts against its dispatch, not against the unit; a late ruling against its handling.
 */
export const HOTLINE_INDICATOR_IDS = ["dispatchAccuracy", "returnRulingOnTime"] as const;
export type HotlineIndicatorId = (typeof HOTLINE_INDICATOR_IDS)[number];

/** Chinese names of the hotline's indicators. */
export const HOTLINE_INDICATOR_NAMES: Record<HotlineIndicatorId, string> = {
  dispatchAccuracy: "派单准确率",
  returnRulingOnTime: "退回裁定及时率",
};
