// Chinese names of the codes the API speaks (glossary.md).
export const STATUS: Record<string, string> = {
  awaiting_dispatch: "待派单",
  awaiting_sign: "待签收",
  handling: "办理中",
  awaiting_return_decision: "退回待审",
  awaiting_unit_review: "待承办单位审核",
  awaiting_review: "待审核",
  awaiting_callback: "待回访",
  concluded: "已办结",
  archived: "已归档",
  merged: "已并单",
};
export const TYPE: Record<string, string> = { consultation: "咨询", help: "求助", complaint: "投诉", report: "举报", suggestion: "意见建议", praise: "表扬" };
export const CHANNEL: Record<string, string> = {
  phone: "12345电话", web: "网站", wechat: "微信", app: "移动客户端", mailbox: "主席信箱", gov_platform: "政务服务平台", gov_cn: "中国政府网", subcentre: "分中心", dual_number: "双号并行单位",
};
export const ROLE: Record<string, string> = {
  operator: "话务员", dispatcher: "派单员", reviewer: "审核回访员", supervisor: "督办员", admin: "管理员", unit_handler: "承办人", unit_leader: "单位领导", analyst: "分析员",
};
export const FLAG: Record<string, string> = {
  dispatch_overdue: "派单超时", sign_late: "签收超时", return_window_closed: "退回期已过", due_soon: "即将超期", overdue: "已超期", stage_report_overdue: "阶段反馈超期",
};
export const EVENT: Record<string, string> = {
  TicketCreated: "受理登记", Dispatched: "派单", Signed: "签收", ReturnRequested: "申请退回", ReturnRefused: "退回不予同意", ReturnApproved: "同意退回",
  DifficultCaseDecided: "疑难件会商确定", MultiUnitDecided: "多单位办理", ExecutingUnitDesignated: "指定经办单位", ExtensionRequested: "申请延期",
  ExtensionDecided: "延期审批", InformationAdded: "补充诉求", InformationDecided: "补充信息确认", DeadlineAdjusted: "调整期限", DeadlineRecalculated: "期限重算",
  StatutoryProcedureStarted: "进入法定程序", StatutoryProcedureEnded: "法定程序终结", LongRunningPlanFiled: "制定解决方案", StageReported: "阶段性反馈",
  FeedbackSubmitted: "办理反馈", FeedbackUnitReviewed: "承办单位审核", FeedbackReviewed: "热线审核", Rated: "满意度评价", RehandlingOrdered: "发回重办",
  UnsatisfiedReviewed: "不满意审核回访", WrittenStatementFiled: "书面说明", MergedInto: "并入工单", TicketMergedIn: "并单", SplitOff: "拆分", SplitFrom: "拆出",
  Supervised: "督办", SupervisionAnswered: "督办答复", OverdueExplained: "超期说明", Concluded: "办结", Archived: "归档", Flagged: "预警",
};
export const RATING: Record<string, string> = { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" };
