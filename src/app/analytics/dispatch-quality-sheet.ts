import type ExcelJS from "exceljs";
import { type DispatchFigures, type Figure } from "../../domain/dispatch/dispatch-quality.ts";

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const shown = (f: Figure, asRate: boolean): string => (f.rate === null ? "—" : `${asRate ? pct(f.rate) : f.rate}（${f.numerator}/${f.denominator}）`);

/** A 派单质量 sheet: one line per group (the platform first), each figure with its numerator and denominator. */
export function addDispatchSheet(wb: ExcelJS.Workbook, title: string, lines: readonly { name: string; figures: DispatchFigures }[]): ExcelJS.Worksheet {
  const q = wb.addWorksheet("派单质量");
  q.addRows([
    [title],
    ["", "派单数", "首次派单准确率", "退回率", "退回不成立率", "平均流转次数", "平均耽误天数"],
    ...lines.map(({ name, figures: f }) => [
      name,
      f.dispatched,
      shown(f.firstDispatchAccuracy, true),
      shown(f.returnRate, true),
      shown(f.unfoundedReturnRate, true),
      shown(f.meanBounces, false),
      shown(f.meanDaysLost, false),
    ]),
  ]);
  q.getRow(1).font = { bold: true };
  q.getColumn(1).width = 26;
  for (const col of [3, 4, 5, 6, 7]) q.getColumn(col).width = 20;
  return q;
}
