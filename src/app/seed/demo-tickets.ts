import { eq } from "drizzle-orm";
import { type TicketCommand } from "../../domain/ticket/commands.ts";
import { type IntakeInput } from "../../domain/ticket/intake.ts";
import { type RequestType } from "../../domain/shared/vocabulary.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { units } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { intakeContact } from "../tickets/intake-contact.ts";
import { runTicketCommand } from "../tickets/run-ticket-command.ts";

/** A made-up request of a common kind, and the demo unit that handles it. */
interface Template {
  readonly category: string;
  readonly type: RequestType;
  readonly text: string;
  readonly units: Record<string, string>;
}

const TEMPLATES: readonly Template[] = [
  {
    category: "城管执法",
    type: "complaint",
    text: "{place}附近工地夜间施工，噪音扰民，持续多日，请尽快处理。",
    units: { guangzhou: "GZ-D-CG", nanning: "NN-D-CG" },
  },
  {
    category: "小区管理",
    type: "complaint",
    text: "{place}小区物业长期不清理垃圾，楼道堆放杂物，存在消防隐患。",
    units: { guangzhou: "GZ-D-ZJ", nanning: "NN-D-ZJ" },
  },
  { category: "自来水供应", type: "help", text: "{place}一带从昨天起停水，至今未恢复，家中老人生活不便。", units: { guangzhou: "GZ-D-SW", nanning: "NN-QX" } },
  {
    category: "劳动纠纷",
    type: "complaint",
    text: "本人在{place}一家餐饮店工作，老板拖欠两个月工资未发。",
    units: { guangzhou: "GZ-D-RS", nanning: "NN-D-RS" },
  },
  {
    category: "社会保险",
    type: "consultation",
    text: "请问灵活就业人员如何在{place}办理养老保险参保登记？",
    units: { guangzhou: "GZ-D-RS", nanning: "NN-D-RS" },
  },
  { category: "市场监管", type: "report", text: "举报{place}某超市销售过期食品，已保留购物小票。", units: { guangzhou: "GZ-D-SJ", nanning: "NN-D-SJ" } },
  {
    category: "道路交通",
    type: "suggestion",
    text: "建议在{place}路口增设人行横道信号灯，早晚高峰学生过马路危险。",
    units: { guangzhou: "GZ-D-JT", nanning: "NN-D-GA" },
  },
  { category: "教育", type: "consultation", text: "孩子明年上小学，{place}户籍的学位如何申请？", units: { guangzhou: "GZ-D-JY", nanning: "NN-QX" } },
  {
    category: "医疗卫生",
    type: "complaint",
    text: "{place}社区卫生服务中心排队时间过长，工作人员态度生硬。",
    units: { guangzhou: "GZ-D-WJ", nanning: "NN-QX" },
  },
  { category: "园林绿化", type: "help", text: "{place}人行道大树倾斜，台风天有倒伏危险，请派人修剪加固。", units: { guangzhou: "GZ-TH", nanning: "NN-XX" } },
  { category: "服务态度", type: "praise", text: "表扬{place}街道办工作人员耐心帮助老人办理业务。", units: { guangzhou: "GZ-YX", nanning: "NN-XX" } },
];

const PLACES: Record<string, readonly (readonly [string, string])[]> = {
  guangzhou: [
    ["天河区", "五山街道"],
    ["越秀区", "北京街道"],
    ["海珠区", "琶洲街道"],
    ["白云区", "京溪街道"],
    ["番禺区", "市桥街道"],
    ["黄埔区", "大沙街道"],
  ],
  nanning: [
    ["青秀区", "新竹街道"],
    ["兴宁区", "朝阳街道"],
    ["宾阳县", "宾州镇"],
    ["横州市", "横州镇"],
  ],
};

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁";
const CHANNELS = ["phone", "phone", "phone", "web", "wechat", "app", "mailbox"] as const;
/** Where each demo ticket ends up, by weight. */
const TARGETS = [
  ["awaiting_dispatch", 2],
  ["awaiting_sign", 2],
  ["handling", 5],
  ["awaiting_return_decision", 1],
  ["awaiting_review", 2],
  ["awaiting_callback", 2],
  ["concluded", 4],
  ["archived", 2],
] as const;

/** A small deterministic generator: the demo looks the same on every machine. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const HOUR = 3_600_000;

/**
 * Creates demo tickets in every state through the real use cases (so every one has its
 * events, limits and timers), spread over the last weeks. Used by demo seeding only.
 */
export async function seedDemoTickets(ctx: AppContext, jurisdictionId: string, count: number, seed = 7): Promise<number> {
  const places = PLACES[jurisdictionId];
  if (!places) return 0;
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const unitRows = await ctx.db.select({ id: units.id, code: units.code }).from(units).where(eq(units.jurisdictionId, jurisdictionId));
  const unitByCode = new Map(unitRows.map((u) => [u.code, u.id]));
  const end = ctx.now();
  let clock = end - 30 * 24 * HOUR;
  const local: AppContext = { ...ctx, now: () => clock };
  const operator: TicketActor = { id: "demo-operator", name: "演示话务员", role: "operator" };
  const dispatcher: TicketActor = { id: "demo-dispatcher", name: "演示派单员", role: "dispatcher" };
  const reviewer: TicketActor = { id: "demo-reviewer", name: "演示审核员", role: "reviewer" };
  const totalWeight = TARGETS.reduce((a, [, w]) => a + w, 0);
  let made = 0;
  for (let i = 0; i < count; i++) {
    clock = end - 30 * 24 * HOUR + Math.floor((i / count) * 27 * 24 * HOUR);
    const tpl = pick(TEMPLATES);
    const [district, subDistrict] = pick(places);
    const unitId = unitByCode.get(tpl.units[jurisdictionId] ?? "");
    if (!unitId) continue;
    const input: IntakeInput = {
      channel: pick(CHANNELS),
      receivedAt: clock,
      requester: { name: `${pick([...SURNAMES])}${rand() < 0.5 ? "先生" : "女士"}`, phone: `13${Math.floor(100000000 + rand() * 899999999)}`, kind: "person" },
      type: tpl.type,
      category: tpl.category,
      content: tpl.text.replace("{place}", `${district}${subDistrict}`),
      location: { district, subDistrict },
      outcome: { decision: "ticket" },
    };
    const created = await intakeContact(local, operator, jurisdictionId, input);
    if (!created.ok || !created.value.ticket) continue;
    made++;
    let t: TicketState = created.value.ticket;
    let r = rand() * totalWeight;
    const target = TARGETS.find(([, w]) => (r -= w) < 0)?.[0] ?? "handling";
    const unit: TicketActor = { id: `demo-unit-${unitId.slice(0, 8)}`, name: "演示承办人", role: "unit_handler", unitId };
    const steps: [TicketActor, TicketCommand][] = [];
    if (target === "awaiting_dispatch") continue;
    steps.push([
      dispatcher,
      { kind: "dispatch", leadUnitId: unitId, overrideReason: "演示数据", ...(t.urgent ? { unitPhoned: { at: clock, person: "值班员" } } : {}) },
    ]);
    if (target !== "awaiting_sign") steps.push([unit, { kind: "sign" }]);
    if (target === "awaiting_return_decision")
      steps.push([unit, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "经核查不属本单位职责", legalBasis: "本单位三定规定" }]);
    const late = ["awaiting_review", "awaiting_callback", "concluded", "archived"];
    if (late.includes(target))
      steps.push([
        unit,
        {
          kind: "submitFeedback",
          handledAt: clock + HOUR,
          process: "已安排工作人员现场核查并协调处理",
          result: "问题已解决，已电话告知诉求人",
          requesterInformedBy: "phone",
          solved: "resolved",
        },
      ]);
    if (late.slice(1).includes(target)) steps.push([reviewer, { kind: "reviewFeedback", approved: true, reason: "答复完整" }]);
    if (late.slice(2).includes(target)) {
      const roll = rand();
      steps.push([
        reviewer,
        {
          kind: "rate",
          rating: roll < 0.5 ? "very_satisfied" : roll < 0.85 ? "satisfied" : "basically_satisfied",
          solved: roll < 0.85 ? "resolved" : "partially_resolved",
        },
      ]);
      steps.push([reviewer, { kind: "conclude" }]);
    }
    if (target === "archived") steps.push([reviewer, { kind: "archive" }]);
    for (const [actor, cmd] of steps) {
      clock += Math.floor((2 + rand() * 20) * HOUR);
      if (clock > end) clock = end;
      const out = await runTicketCommand(local, actor, t.id, t.version, cmd);
      if (!out.ok) break;
      t = out.value.ticket;
    }
  }
  return made;
}
