// Chinese names of the codes the API speaks (glossary.md); the domain's own tables where it has them.
import { ROLE_LABELS, TICKET_FLAG_LABELS, TICKET_STATUS_LABELS } from "../../src/domain/ticket/ticket.ts";
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, SOLVED_LABELS } from "../../src/domain/shared/vocabulary.ts";
import { UNIT_KIND_LABELS } from "../../src/domain/org/unit.ts";
import { CATALOGUE_SOURCE_LABELS } from "../../src/domain/dispatch/catalogue-source.ts";
export { LIMIT_KIND_LABELS, LIMIT_STATE_LABELS } from "../../src/domain/ticket/current-limit.ts";
export const STATUS: Record<string, string> = TICKET_STATUS_LABELS;
export const TYPE: Record<string, string> = REQUEST_TYPE_LABELS;
export const CHANNEL: Record<string, string> = CHANNEL_LABELS;
export const ROLE: Record<string, string> = ROLE_LABELS;
export const FLAG: Record<string, string> = TICKET_FLAG_LABELS;
export const EVENT: Record<string, string> = {
  TicketCreated: "受理登记",
  Dispatched: "派单",
  Signed: "签收",
  ReturnRequested: "申请退回",
  ReturnRefused: "退回不予同意",
  ReturnApproved: "同意退回",
  DifficultCaseDecided: "疑难件会商确定",
  MultiUnitDecided: "多单位办理",
  ExecutingUnitDesignated: "指定经办单位",
  ExtensionRequested: "申请延期",
  ExtensionDecided: "延期审批",
  InformationAdded: "补充诉求",
  InformationDecided: "补充信息确认",
  DeadlineAdjusted: "调整期限",
  DeadlineRecalculated: "期限重算",
  StatutoryProcedureStarted: "进入法定程序",
  StatutoryProcedureEnded: "法定程序终结",
  LongRunningPlanFiled: "制定解决方案",
  StageReported: "阶段性反馈",
  RequesterContacted: "联系诉求人",
  FeedbackSubmitted: "办理反馈",
  FeedbackUnitReviewed: "承办单位审核",
  FeedbackReviewed: "热线审核",
  Rated: "满意度评价",
  SatisfactionRequestUndelivered: "满意度短信未送达",
  RehandlingOrdered: "发回重办",
  UnsatisfiedReviewed: "不满意审核回访",
  WrittenStatementFiled: "书面说明",
  MergedInto: "并入工单",
  TicketMergedIn: "并单",
  SplitOff: "拆分",
  SplitFrom: "拆出",
  RatingAppealed: "评价申诉",
  RatingAppealDecided: "评价申诉裁定",
  RectificationRequired: "差评待整改",
  RectificationFiled: "提交整改",
  RectificationReviewed: "审核整改",
  ReplyMismatchFlagged: "疑似不实反馈",
  ReplyMismatchDecided: "不实反馈处理",
  Supervised: "督办",
  SupervisionAnswered: "督办答复",
  OverdueExplained: "超期说明",
  Concluded: "办结",
  Archived: "归档",
  Flagged: "预警",
};
/** The five levels (国办发〔2019〕51号), best first. */
export const RATING: Record<string, string> = {
  very_satisfied: "非常满意",
  satisfied: "满意",
  basically_satisfied: "基本满意",
  unsatisfied: "不满意",
  very_unsatisfied: "非常不满意",
};
/** Whether the problem was solved, asked apart from satisfaction. */
export const SOLVED: Record<string, string> = SOLVED_LABELS;
export const UNIT_KIND: Record<string, string> = UNIT_KIND_LABELS;
export const CATALOGUE_SOURCE: Record<string, string> = CATALOGUE_SOURCE_LABELS;

/** The outcomes a rate formula names (51号), in words: a formula reads 满意 ÷ 参评工单. */
export const OUTCOME: Record<string, string> = {
  handled: "承办工单",
  responded: "按时联系诉求人",
  onTime: "按时反馈",
  rated: "参评工单",
  answered: "诉求人参评（不含默认）",
  satisfied: "计为满意",
  satisfiedAnswered: "诉求人评价满意",
  askedSolved: "回访询问解决情况",
  resolved: "已解决",
  partiallyResolved: "部分解决",
};
/** One side of a formula in words. */
export const outcomesInWords = (names: readonly string[]): string => names.map((o) => OUTCOME[o] ?? o).join("+");

/** Staff misconduct (GZ-26, GX-36) and the measure taken (GX-37). */
export const MISCONDUCT_KIND: Record<string, string> = {
  rude_service: "服务态度恶劣",
  falsified_reply: "虚假反馈",
  leak: "泄露个人信息",
  shirking: "推诿敷衍",
  other: "其他",
};
export const MISCONDUCT_MEASURE: Record<string, string> = { record: "记录在案", rectification_letter: "发整改函", discipline_referral: "移送纪检监察" };
