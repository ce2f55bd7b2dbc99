import ExcelJS from "exceljs";
import { type DispatchFigures } from "../../domain/dispatch/dispatch-quality.ts";
import { addDispatchSheet } from "../analytics/dispatch-quality-sheet.ts";
import { assessMonth, type AssessmentView } from "./assess.ts";
import { dispatchQualityOver } from "../analytics/dispatch-quality.ts";
import { ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type AppContext } from "../context.ts";

export const WARNING_LABELS = { sms: "短信预警", yellow: "黄牌", red: "红牌" } as const;

/**
 * The monthly circular (GX-33, GX-34) as .xlsx: rankings by unit class with every
 * indicator's points, manual items and the warning; a second sheet lists the warnings
 * with the tickets that caused them; the hotline's own dispatch score follows the units, where
 * the policy scores it; a third, where given, the month's dispatch quality by unit.
 */
export async function circularXlsx(v: AssessmentView, dispatch?: readonly { name: string; figures: DispatchFigures }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("考核通报");
  const header = ["单位类别", "类别内排名", "单位", "得分", ...v.indicators.map((i) => `${i.name}（${i.weight}分）`), "人工项", "预警"];
  ws.addRow([`${v.period.label} 考核通报（满分 ${v.scale} 分，${v.rule}）`]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(header).font = { bold: true };
  for (const u of v.units) {
    ws.addRow([
      u.unitClass,
      u.rankInClass,
      u.unitName,
      u.score,
      ...u.indicators.map((i) => i.points),
      u.adjustments.reduce((s, a) => s + a.points, 0),
      u.warning ? WARNING_LABELS[u.warning.level] : "",
    ]);
  }
  if (v.hotline) {
    // 66号: the hotline is scored on its own dispatch; a bounce it ruled its own mistake counts here.
    ws.addRow([]);
    ws.addRow([
      `热线派单考核（满分 ${v.hotline.scale} 分，${v.hotline.rule}）`,
      "",
      "",
      "得分",
      ...v.hotline.indicators.map((i) => `${i.name}（${i.weight}分）`),
    ]).font = { bold: true };
    ws.addRow(["", "", "12345热线", v.hotline.score, ...v.hotline.indicators.map((i) => i.points)]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 2 ? 28 : 14;
  });
  const w = wb.addWorksheet("预警");
  w.addRow(["单位", "预警等级", "超期工单数", "超期工单", "依据"]).font = { bold: true };
  for (const u of v.units.filter((x) => x.warning))
    w.addRow([u.unitName, WARNING_LABELS[u.warning!.level], u.warning!.overdueTickets.length, u.warning!.overdueTickets.join("、"), u.warning!.rule]);
  w.columns.forEach((c, i) => {
    c.width = i === 3 ? 60 : 16;
  });
  if (dispatch) addDispatchSheet(wb, `${v.period.label} 派单质量（按首次派单所在月份）`, dispatch);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A month's circular as .xlsx: the assessment, its warnings and the month's dispatch quality by unit (派单质量). */
export async function monthlyCircular(ctx: AppContext, actor: TicketActor, jurisdictionId: string, month: string): Promise<Result<Buffer>> {
  const r = await assessMonth(ctx, actor, jurisdictionId, month);
  if (!r.ok) return r;
  const dq = await dispatchQualityOver(ctx, jurisdictionId, r.value.period, "unit");
  const byUnit = (dq.groups ?? []).map((g) => ({ key: g.key, name: g.label ?? g.key, figures: g.figures }));
  // A unit's staff read their own unit's line only, as they read their own assessment.
  const lines = actor.unitId !== undefined ? byUnit.filter((u) => u.key === actor.unitId) : [{ name: "全平台", figures: dq.overall }, ...byUnit];
  return ok(await circularXlsx(r.value, lines));
}
