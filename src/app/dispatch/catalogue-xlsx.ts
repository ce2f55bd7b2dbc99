import ExcelJS from "exceljs";
import { CATALOGUE_SOURCE_LABELS } from "../../domain/dispatch/catalogue-source.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { catalogueAt } from "../../store/repositories/catalogue.repository.ts";
import { type AppContext } from "../context.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";

/** The columns a staffing office fills in for a catalogue (派单目录), in its words. */
export const CATALOGUE_COLUMNS = ["诉求类别", "区（县）", "街道（镇）", "主办单位", "协办单位", "职责依据", "来源类型", "来源文件", "文号", "条款", "生效时间", "版本"] as const;

/** The catalogue in force now as .xlsx, one row an entry, units by name. */
export async function exportCatalogueXlsx(ctx: AppContext, actor: TicketActor, jurisdictionId: string): Promise<Result<Buffer>> {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  const entries = await catalogueAt(ctx.db, jurisdictionId, ctx.now());
  const names = await lookupUnitNames(ctx.db, entries.flatMap((e) => [e.leadUnitId, ...e.assistingUnitIds]));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("派单目录");
  ws.addRow([...CATALOGUE_COLUMNS]).font = { bold: true };
  for (const e of [...entries].sort((a, b) => a.category.localeCompare(b.category, "zh") || (a.district ?? "").localeCompare(b.district ?? "", "zh"))) {
    ws.addRow([
      e.category,
      e.district ?? "",
      e.subDistrict ?? "",
      names.get(e.leadUnitId) ?? e.leadUnitId,
      e.assistingUnitIds.map((u) => names.get(u) ?? u).join("、"),
      e.legalBasis,
      e.source ? CATALOGUE_SOURCE_LABELS[e.source.kind] : "",
      e.source?.document ?? "",
      e.source?.number ?? "",
      e.source?.clause ?? "",
      e.validFrom.toISOString(),
      e.version,
    ]);
  }
  ws.columns.forEach((c, i) => (c.width = [0, 3, 4, 5].includes(i) ? 24 : 16));
  return ok(Buffer.from(await wb.xlsx.writeBuffer()));
}
