import ExcelJS from "exceljs";
import { CATALOGUE_SOURCE_LABELS, type CatalogueSourceKind } from "../../domain/dispatch/catalogue-source.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type DomainError, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { dryRunCatalogues } from "../../domain/dispatch/catalogue-dry-run.ts";
import { catalogueAt, concludedTicketsOf } from "../../store/repositories/catalogue.repository.ts";
import { type AppContext } from "../context.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";
import { unitsOf } from "../org/jurisdictions.ts";
import { DRY_RUN_LISTED, saveCatalogueEntryIn } from "./catalogue.ts";

/** The columns a staffing office fills in for a catalogue (派单目录), in its words. */
export const CATALOGUE_COLUMNS = [
  "诉求类别",
  "区（县）",
  "街道（镇）",
  "主办单位",
  "协办单位",
  "职责依据",
  "来源类型",
  "来源文件",
  "文号",
  "条款",
  "生效时间",
  "版本",
] as const;

/** The catalogue in force now as .xlsx, one row an entry, units by name. */
export async function exportCatalogueXlsx(ctx: AppContext, actor: TicketActor, jurisdictionId: string): Promise<Result<Buffer>> {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  const entries = await catalogueAt(ctx.db, jurisdictionId, ctx.now());
  const names = await lookupUnitNames(
    ctx.db,
    entries.flatMap((e) => [e.leadUnitId, ...e.assistingUnitIds]),
  );
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

/** Ends a dry run's transaction: its rows are read and rolled back, the answer carried out. */
class DryRunDone extends Error {
  constructor(readonly answer: ImportDryRun) {
    super("dry run");
  }
}

/** What an imported file would have done to the last months' concluded tickets, had it been in force. */
export interface ImportDryRun {
  readonly months: number;
  readonly considered: number;
  readonly movedTotal: number;
  readonly moved: readonly { ticketId: string; number: string; wentTo: string; wouldGoTo: string }[];
}

class RowRefused extends Error {
  constructor(readonly error: DomainError) {
    super(error.en);
  }
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "richText" in v)
    return v.richText
      .map((r) => r.text)
      .join("")
      .trim();
  if (typeof v === "object" && "result" in v) return text(v.result as ExcelJS.CellValue);
  return String(v).trim();
}

/**
 * Imports a catalogue in the export's columns, all or nothing: each row adds an entry or a new
 * version of the one in force for its category and area; units are named as the platform names
 * them; the first bad row is refused naming its row and field, and nothing is written.
 */
export async function importCatalogueXlsx(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  bytes: Uint8Array,
  reason: string,
  opts: { dryRun?: boolean; months?: number } = {},
): Promise<Result<{ created: number; revised: number; dryRun?: ImportDryRun }>> {
  if (!can(actor, "catalogue.edit")) return fail(forbidden("catalogue.edit"));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return fail(domainError("INVALID_ARGUMENT", "无法读取 .xlsx 文件", "the file is not a readable .xlsx", { field: "body" }));
  }
  const ws = wb.worksheets[0];
  const header = ws ? (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text) : [];
  if (!ws || CATALOGUE_COLUMNS.some((c, i) => header[i] !== c)) {
    return fail(
      domainError("INVALID_ARGUMENT", `表头应为：${CATALOGUE_COLUMNS.join("、")}`, `the header must be: ${CATALOGUE_COLUMNS.join(", ")}`, { field: "row 1" }),
    );
  }
  const units = await unitsOf(ctx, jurisdictionId);
  const byName = new Map<string, string[]>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u.id]);
  const kinds = new Map<string, CatalogueSourceKind>(
    Object.entries(CATALOGUE_SOURCE_LABELS).flatMap(([k, l]) => [
      [l, k as CatalogueSourceKind],
      [k, k as CatalogueSourceKind],
    ]),
  );
  const current = await catalogueAt(ctx.db, jurisdictionId, ctx.now());
  let created = 0;
  let revised = 0;
  const touched = new Set<string>();
  try {
    await ctx.db.transaction(async (tx) => {
      for (let n = 2; n <= ws.rowCount; n++) {
        const cells = (ws.getRow(n).values as ExcelJS.CellValue[]).slice(1).map(text);
        if (cells.every((c) => !c)) continue;
        const at = (field: string, zh: string, en: string) =>
          new RowRefused(domainError("INVALID_ARGUMENT", `第 ${n} 行：${zh}`, `row ${n}: ${en}`, { field: `row ${n}.${field}` }));
        const unit = (name: string, field: string): string => {
          const ids = byName.get(name) ?? [];
          if (ids.length !== 1)
            throw at(
              field,
              ids.length ? `单位名称“${name}”不唯一` : `没有名为“${name}”的单位`,
              ids.length ? `unit name "${name}" is ambiguous` : `no unit named "${name}"`,
            );
          return ids[0]!;
        };
        const [
          category = "",
          district = "",
          subDistrict = "",
          lead = "",
          assisting = "",
          legalBasis = "",
          kindText = "",
          document = "",
          number = "",
          clause = "",
        ] = cells;
        const kind = kinds.get(kindText);
        if (!kind) throw at("来源类型", `来源类型“${kindText}”无效`, `unknown source kind "${kindText}"`);
        const area = `${district}|${subDistrict}`;
        const existing = current.find((e) => e.category === category && `${e.district ?? ""}|${e.subDistrict ?? ""}` === area);
        const r = await saveCatalogueEntryIn(tx, ctx, actor, jurisdictionId, {
          ...(existing ? { entryKey: existing.entryKey } : {}),
          category,
          ...(district ? { district } : {}),
          ...(subDistrict ? { subDistrict } : {}),
          leadUnitId: unit(lead, "主办单位"),
          ...(assisting
            ? {
                assistingUnitIds: assisting
                  .split(/[、,，]/)
                  .map((s) => s.trim())
                  .filter(Boolean)
                  .map((s) => unit(s, "协办单位")),
              }
            : {}),
          legalBasis,
          source: { kind, document, ...(number ? { number } : {}), ...(clause ? { clause } : {}) },
          // A difficult-case principle is recorded on its entry, not in the sheet: a revision keeps it.
          ...(existing?.principle ? { principle: existing.principle } : {}),
          reason,
        });
        if (!r.ok)
          throw new RowRefused({ ...r.error, zh: `第 ${n} 行：${r.error.zh}`, en: `row ${n}: ${r.error.en}`, field: `row ${n}.${r.error.field ?? ""}` });
        if (existing) revised++;
        else created++;
        touched.add(category);
      }
      if (opts.dryRun) {
        // The file in force, read inside the transaction, against the catalogue before it; then rolled back.
        const now = ctx.now();
        const months = opts.months ?? 12;
        const next = await catalogueAt(tx, jurisdictionId, now);
        const past = await concludedTicketsOf(tx, ctx.ticketIds, jurisdictionId, [...touched], now - months * 31 * 86_400_000, now + 1);
        const run = dryRunCatalogues(current, next, touched, past);
        throw new DryRunDone({ months, considered: run.considered, movedTotal: run.moved.length, moved: run.moved.slice(0, DRY_RUN_LISTED) });
      }
    });
  } catch (e) {
    if (e instanceof RowRefused) return fail(e.error);
    if (e instanceof DryRunDone) return ok({ created, revised, dryRun: e.answer });
    throw e;
  }
  return ok({ created, revised });
}
