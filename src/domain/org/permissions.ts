import { domainError, type DomainError } from "../shared/domain-error.ts";
import { applicableCommands } from "../ticket/applicable-commands.ts";
import { type TicketCommandKind } from "../ticket/commands.ts";
import { type Role, type TicketActor, type TicketState } from "../ticket/ticket.ts";

/**
 * Who may do what beyond a ticket's own commands, written once. Ticket commands come from
 * the state-machine table (`ticket/commands.ts`); both answer through {@link can}.
 */
export const PERMISSIONS = {
  "users.manage": { roles: ["admin", "system"], zh: "管理账号" },
  "units.manage": { roles: ["admin"], zh: "维护单位" },
  "categories.manage": { roles: ["admin"], zh: "维护诉求分类" },
  "leaderSessions.manage": { roles: ["admin", "supervisor"], zh: "安排领导接听（名单与场次）" },
  "exchange.sendDown": { roles: ["admin", "dispatcher", "supervisor"], zh: "向下级平台转办工单" },
  "tokens.manage": { roles: ["admin"], zh: "管理接口令牌" },
  "handover.manage": { roles: ["admin"], zh: "配置分中心、双号并行单位系统对接" },
  "audit.read": { roles: ["admin"], zh: "查看审计记录" },
  "archive.read": { roles: ["admin", "supervisor", "analyst", "dispatcher", "reviewer"], zh: "查阅档案（按年度）" },
  "archive.file": { roles: ["admin", "supervisor"], zh: "归档领导批示件、会议材料" },
  "archive.dispose": { roles: ["admin"], zh: "销毁保管期满的档案" },
  "personalDataLog.read": { roles: ["admin"], zh: "查看个人信息访问记录" },
  "calendar.import": { roles: ["admin"], zh: "导入放假通知" },
  "catalogue.edit": { roles: ["admin", "dispatcher", "supervisor"], zh: "维护派单目录" },
  "catalogue.decideDispute": { roles: ["admin", "dispatcher", "supervisor"], zh: "裁定派单异议" },
  "tickets.merge": { roles: ["admin", "dispatcher", "reviewer", "supervisor"], zh: "并单与拆分" },
  "misconduct.record": { roles: ["admin", "supervisor"], zh: "记录违规" },
  "dispatch.own": { roles: ["dispatcher"], zh: "查看本人派单质量" },
  "analytics.read": { roles: ["admin", "analyst", "supervisor", "dispatcher", "reviewer", "operator"], zh: "查看全平台统计" },
  "models.train": { roles: ["admin"], zh: "训练智能辅助模型" },
  "assist.use": { roles: ["admin", "operator", "dispatcher", "reviewer", "supervisor"], zh: "使用受理辅助（分类建议、相似工单）" },
  "knowledge.read": { roles: ["admin", "operator", "dispatcher", "reviewer", "supervisor", "unit_handler", "unit_leader", "analyst"], zh: "查阅知识库" },
  "knowledge.edit": { roles: ["admin", "unit_handler", "unit_leader"], zh: "编写知识点（单位仅限本单位）" },
  "knowledge.review": { roles: ["admin", "unit_leader"], zh: "审核发布知识点（单位仅限本单位）" },
  "knowledge.ask": { roles: ["admin", "operator", "dispatcher", "reviewer", "supervisor"], zh: "向单位提出知识补充" },
  "assessment.read": { roles: ["admin", "supervisor", "analyst", "unit_handler", "unit_leader"], zh: "查看考核结果（单位仅限本单位）" },
  "assessment.adjust": { roles: ["admin", "supervisor"], zh: "录入考核人工项、裁定申诉" },
  "assessment.appeal": { roles: ["unit_handler", "unit_leader"], zh: "对考核数据提出申诉" },
  "notices.read": { roles: ["admin"], zh: "查看短信与消息发送记录" },
  "supervision.board": { roles: ["admin", "supervisor"], zh: "查看督办台" },
  "requesterHistory.read": { roles: ["admin", "operator", "dispatcher", "reviewer"], zh: "查询诉求人历史" },
} as const satisfies Record<string, { roles: readonly Role[]; zh: string }>;

/** A platform-wide action. */
export type Action = keyof typeof PERMISSIONS;

function isAction(a: string): a is Action {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, a);
}

/** May this actor do this? Platform actions by role; ticket commands by the state machine, role and unit. */
export function can(
  actor: Pick<TicketActor, "role" | "unitId"> & { id?: string; name?: string },
  action: Action | TicketCommandKind,
  ticket?: TicketState,
): boolean {
  if (isAction(action)) {
    const roles: readonly Role[] = PERMISSIONS[action].roles;
    return roles.includes(actor.role);
  }
  if (!ticket) return false;
  return applicableCommands(ticket, {
    id: actor.id ?? "",
    name: actor.name ?? "",
    role: actor.role,
    ...(actor.unitId ? { unitId: actor.unitId } : {}),
  }).includes(action);
}

/** The refusal for a platform action this actor may not take. */
export function forbidden(action: Action): DomainError {
  return domainError("FORBIDDEN", `无权${PERMISSIONS[action].zh}`, `you may not ${action}`);
}
