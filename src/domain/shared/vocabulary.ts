/** Request types (GZ-11, GX-20), in the glossary's code names. */
export const REQUEST_TYPES = ["consultation", "help", "complaint", "report", "suggestion", "praise"] as const;
/** One request type. */
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Chinese labels of the request types, as screens show them. */
export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  consultation: "咨询",
  help: "求助",
  complaint: "投诉",
  report: "举报",
  suggestion: "意见建议",
  praise: "表扬",
};

/** Intake channels (GZ-2, GX-2). */
export const CHANNELS = ["phone", "web", "wechat", "app", "mailbox", "gov_platform", "gov_cn", "subcentre", "dual_number", "region"] as const;
/** One intake channel. */
export type Channel = (typeof CHANNELS)[number];

/** Chinese labels of the channels. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: "12345电话",
  web: "网站",
  wechat: "微信",
  app: "移动客户端",
  mailbox: "主席信箱",
  gov_platform: "政务服务平台",
  gov_cn: "中国政府网",
  subcentre: "分中心",
  dual_number: "双号并行单位",
  region: "上级平台转办",
};

/** Type guard for request types, for adapters parsing outside input. */
export function isRequestType(v: string): v is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(v);
}

/** Type guard for channels. */
export function isChannel(v: string): v is Channel {
  return (CHANNELS as readonly string[]).includes(v);
}

/**
 * Satisfaction ratings on the national five levels (国办发〔2019〕51号, 好差评), best first. The
 * three levels rated before them (satisfied, basically satisfied, unsatisfied) are the same words here.
 */
export const RATINGS = ["very_satisfied", "satisfied", "basically_satisfied", "unsatisfied", "very_unsatisfied"] as const;
/** One satisfaction rating (GZ-20, GX-27.2). */
export type Rating = (typeof RATINGS)[number];

/** Whether the problem was solved, asked apart from satisfaction (解决情况): by the requester at a callback, by the unit in its feedback. */
export const SOLVED = ["resolved", "partially_resolved", "unresolved"] as const;
export type Solved = (typeof SOLVED)[number];
export const SOLVED_LABELS: Readonly<Record<Solved, string>> = { resolved: "已解决", partially_resolved: "部分解决", unresolved: "未解决" };

/** The queues of a bad rating's work (差评整改, 评价申诉, 51号): a rectification to file, one to review, an appeal to decide. */
export const RATING_WORK = ["rectification", "rectification_review", "rating_appeal"] as const;
export type RatingWork = (typeof RATING_WORK)[number];
