import ExcelJS from "exceljs";
import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";

/** One column of an exported list: its header as the screen names it, and its width in characters. */
export interface SheetColumn {
  readonly header: string;
  readonly width: number;
}

/** A list as one worksheet: a bold frozen header, then the rows as given. */
export async function sheetOf(name: string, columns: readonly SheetColumn[], rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows) ws.addRow([...r]);
  ws.columns.forEach((c, i) => (c.width = columns[i]?.width ?? 12));
  ws.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `YYYY-MM-DD HH:mm` at a zone offset (the platform's, from its policy). */
export function localTime(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  return `${formatDay(dayOfInstant(ms, offsetMinutes))} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}
