/** The indicators the system can compute from its own data. */
export const INDICATOR_IDS = ["signOnTime", "concludedOnTime", "satisfaction", "resolution", "returnAccuracy", "feedbackCompliance", "knowledgeUpkeep", "supervisionAnswered", "response"] as const;
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
