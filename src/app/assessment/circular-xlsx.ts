import ExcelJS from "exceljs";
import { type AssessmentView } from "./assess.ts";

export const WARNING_LABELS = { sms: "短信预警", yellow: "黄牌", red: "红牌" } as const;

/**
 * The monthly circular (GX-33, GX-34) as .xlsx: rankings by unit class with every
 * indicator's points, manual items and the warning; a second sheet lists the warnings
 * with the tickets that caused them.
 */
export async function circularXlsx(v: AssessmentView): Promise<Buffer> {
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
  ws.columns.forEach((c, i) => {
    c.width = i === 2 ? 28 : 14;
  });
  const w = wb.addWorksheet("预警");
  w.addRow(["单位", "预警等级", "超期工单数", "超期工单", "依据"]).font = { bold: true };
  for (const u of v.units.filter((x) => x.warning)) w.addRow([u.unitName, WARNING_LABELS[u.warning!.level], u.warning!.overdueTickets.length, u.warning!.overdueTickets.join("、"), u.warning!.rule]);
  w.columns.forEach((c, i) => {
    c.width = i === 3 ? 60 : 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
