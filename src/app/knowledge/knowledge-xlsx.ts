import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type ErrorDetail, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type ArticleContent } from "../../domain/knowledge/article.ts";
import { articleById, listArticles } from "../../store/repositories/knowledge.repository.ts";
import { units } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { createArticleIn, updateArticleIn } from "./knowledge-base.ts";

/** The sheet's columns, in order; the header row carries these Chinese names. */
const COLUMNS = [
  ["id", "编号"],
  ["version", "版本"],
  ["question", "问题"],
  ["answer", "答复口径"],
  ["category", "分类"],
  ["ownerUnitCode", "责任单位编码"],
  ["ownerUnitName", "责任单位"],
  ["validFrom", "生效日期"],
  ["validTo", "失效日期"],
  ["sourceDocument", "依据文件"],
  ["reviewState", "状态"],
] as const;

const STATE_LABELS: Record<string, string> = { draft: "草稿", in_review: "待审核", published: "已发布", withdrawn: "已撤回", superseded: "已替代" };

/** The platform's articles (a unit's staff: their unit's) as an .xlsx workbook. */
export async function exportKnowledgeXlsx(ctx: AppContext, actor: TicketActor, jurisdictionId: string): Promise<Result<Buffer>> {
  if (!can(actor, "knowledge.read")) return fail(forbidden("knowledge.read"));
  const { articles: rows } = await listArticles(ctx.db, { jurisdictionId, ...(actor.unitId ? { ownerUnitId: actor.unitId } : {}), limit: 100_000, offset: 0 });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("知识库");
  ws.columns = COLUMNS.map(([key, header]) => ({ key, header, width: key === "answer" ? 60 : key === "question" ? 40 : 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows)
    ws.addRow({
      ...r,
      validTo: r.validTo ?? "",
      category: r.category ?? "",
      sourceDocument: r.sourceDocument ?? "",
      reviewState: STATE_LABELS[r.reviewState] ?? r.reviewState,
    });
  return ok(Buffer.from(await wb.xlsx.writeBuffer()));
}

function sameContent(a: ArticleContent, b: ArticleContent): boolean {
  const keys = ["question", "answer", "category", "ownerUnitId", "validFrom", "validTo", "sourceDocument"] as const;
  return keys.every((k) => (a[k] ?? "") === (b[k] ?? ""));
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  if (typeof v === "object" && "text" in v) return String(v.text);
  if (typeof v === "object" && "result" in v) return cellText(v.result as ExcelJS.CellValue);
  return String(v).trim();
}

/**
 * Imports a workbook in the export's layout: rows with 编号 update that article (with its
 * 版本, so a stale sheet cannot overwrite newer edits), rows without create one. The whole
 * file or nothing: any bad row refuses the import, listing every bad row.
 */
export async function importKnowledgeXlsx(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  file: Buffer,
  reason: string,
): Promise<Result<{ created: number; updated: number; unchanged: number }>> {
  if (!can(actor, "knowledge.edit")) return fail(forbidden("knowledge.edit"));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return fail(domainError("INVALID_FILE", "不是有效的 .xlsx 文件", "not a valid .xlsx file", { field: "file" }));
  }
  const ws = wb.worksheets[0];
  if (!ws) return fail(domainError("INVALID_FILE", "工作簿没有工作表", "the workbook has no sheet", { field: "file" }));
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((c, col) => header.set(cellText(c.value), col));
  const missing = ["问题", "答复口径", "责任单位编码", "生效日期"].filter((h) => !header.has(h));
  if (missing.length) return fail(domainError("INVALID_FILE", `缺少列：${missing.join("、")}`, `missing columns: ${missing.join(", ")}`, { field: "file" }));
  const unitRows = await ctx.db.select({ id: units.id, code: units.code }).from(units).where(eq(units.jurisdictionId, jurisdictionId));
  const unitByCode = new Map(unitRows.map((u) => [u.code, u.id]));
  const get = (row: ExcelJS.Row, name: string): string => {
    const col = header.get(name);
    return col ? cellText(row.getCell(col).value) : "";
  };
  const problems: ErrorDetail[] = [];
  const todo: { line: number; id?: string; version?: number; content: ArticleContent }[] = [];
  ws.eachRow((row, line) => {
    if (line === 1) return;
    const code = get(row, "责任单位编码");
    const unitId = unitByCode.get(code);
    if (!unitId) {
      problems.push({ line, field: "责任单位编码", zh: `单位编码 ${code || "（空）"} 不存在`, en: `no unit with code ${code || "(empty)"}` });
      return;
    }
    const id = get(row, "编号");
    const version = Number(get(row, "版本"));
    if (id && !Number.isInteger(version)) {
      problems.push({ line, field: "版本", zh: "更新已有知识点须填版本", en: "updating an article needs its version" });
      return;
    }
    const validTo = get(row, "失效日期");
    const category = get(row, "分类");
    const sourceDocument = get(row, "依据文件");
    todo.push({
      line,
      ...(id ? { id, version } : {}),
      content: {
        question: get(row, "问题"),
        answer: get(row, "答复口径"),
        ownerUnitId: unitId,
        validFrom: get(row, "生效日期"),
        ...(validTo ? { validTo } : {}),
        ...(category ? { category } : {}),
        ...(sourceDocument ? { sourceDocument } : {}),
      },
    });
  });
  if (!problems.length && !todo.length) return fail(domainError("INVALID_FILE", "文件没有数据行", "the file has no data rows", { field: "file" }));
  class Rollback extends Error {}
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  try {
    await ctx.db.transaction(async (tx) => {
      for (const t of todo) {
        const w = { content: t.content, reason };
        if (t.id) {
          // A row exported and sent back untouched is not a new version.
          const cur = await articleById(tx, t.id);
          if (cur && cur.version === t.version && sameContent(cur, t.content)) {
            unchanged++;
            continue;
          }
        }
        const r = t.id ? await updateArticleIn(tx, ctx, actor, t.id, t.version ?? 0, w) : await createArticleIn(tx, ctx, actor, jurisdictionId, w);
        if (!r.ok) problems.push({ line: t.line, ...(r.error.field ? { field: r.error.field } : {}), zh: r.error.zh, en: r.error.en });
        else if (t.id) updated++;
        else created++;
      }
      if (problems.length) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  if (problems.length) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return fail(
      domainError("INVALID_FILE", `${problems.length} 行有误，未导入任何数据`, `${problems.length} rows are wrong; nothing was imported`, {
        field: "file",
        details: problems,
      }),
    );
  }
  return ok({ created, updated, unchanged });
}
