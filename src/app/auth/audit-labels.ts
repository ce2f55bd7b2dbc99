// The audit log in words (#41): each action and outcome the use cases record has its Chinese
// name; a test holds every `action:` the code writes to this table.

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "assessment.publish": "发布年度考核结果",
  "auth.sign_in": "登录",
  "auth.sign_out": "退出登录",
  "auth.change_password": "修改密码",
  "user.create": "新建账号",
  "user.reset_password": "重置密码",
  "token.create": "创建接口令牌",
  "token.revoke": "吊销接口令牌",
  "unit.create": "新增单位",
  "unit.update": "修改单位",
  "unit.move": "调整单位隶属",
  "unit.deactivate": "停用单位",
  "unit.reactivate": "恢复单位",
  "category.create": "新增分类",
  "category.rename": "分类改名",
  "category.deactivate": "停用分类",
  "category.reactivate": "恢复分类",
  "handover.link": "配置系统对接",
  "handover.unlink": "解除系统对接",
  "leaderSession.schedule": "安排领导接听",
  "leaderSession.units": "调整领导接听陪同单位",
  "leaderSession.cancel": "取消领导接听",
  "exchange.sendDown": "区平台下发工单",
  "archive.file": "档案归档",
  "archive.dispose": "档案销毁",
  "deployment.read": "部署令牌读取平台数据",
  "jurisdiction.add": "新增平台",
};

export const AUDIT_OUTCOME_LABELS: Record<string, string> = {
  ok: "成功",
  unknown_user: "账号不存在",
  wrong_password: "密码错误",
  locked: "账号已锁定",
  locked_now: "密码错误，账号锁定",
};

/**
 * Who acted, in words, from any of the forms an actor is recorded in: an account id or `user:<id>`
 * by its name; the system; a token (`token:…` or `<token id>:<role>`); the command line; a unit's
 * own system over the handover link (`handover:<code>`).
 */
export function actorInWords(actorId: string, names: ReadonlyMap<string, string>): string {
  const named = names.get(actorId);
  if (named) return named;
  const [kind = "", ...rest] = actorId.split(":");
  const id = rest.join(":");
  if (kind === "user") return names.get(id) ?? "已删除的账号";
  if (kind.startsWith("system")) return "系统";
  if (kind === "username") return `${id}（账号不存在）`;
  if (kind === "token") return "接口令牌";
  if (kind === "cli") return `命令行（${id.replace(/^cli:/, "")}）`;
  if (kind === "handover") return `单位系统（${id}）`;
  if (id) return "接口令牌";
  return "已删除的账号";
}
