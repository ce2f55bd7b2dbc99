import { parse } from "csv-parse/sync";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import type { LabelledText } from "./text-classifier.ts";

/**
 * Reads a labelled CSV (UTF-8, header row with at least `text` and `label`; other columns
 * are ignored). Rows with an empty text or label are refused with their line, so a broken
 * export is noticed rather than silently shrinking the training set.
 */
export function readLabelledCsv(content: string | Buffer): Result<LabelledText[]> {
  let rows: Record<string, string>[];
  try {
    rows = parse(content, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (e) {
    return fail(
      domainError(
        "INVALID_FILE",
        `CSV 无法解析：${e instanceof Error ? e.message : String(e)}`,
        `the CSV cannot be parsed: ${e instanceof Error ? e.message : String(e)}`,
        { field: "file" },
      ),
    );
  }
  const first = rows[0];
  if (!first || !("text" in first) || !("label" in first))
    return fail(
      domainError("INVALID_FILE", "文件须有表头且包含 text 和 label 两列", "the file needs a header row with the columns text and label", { field: "file" }),
    );
  const bad = rows.flatMap((r, i) =>
    r["text"]?.trim() && r["label"]?.trim() ? [] : [{ line: i + 2, zh: "text 或 label 为空", en: "text or label is empty" }],
  );
  if (bad.length)
    return fail(
      domainError("INVALID_FILE", `${bad.length} 行缺少 text 或 label`, `${bad.length} rows lack a text or label`, {
        field: "file",
        details: bad.slice(0, 20),
      }),
    );
  return ok(rows.map((r) => ({ text: r["text"]!.trim(), label: r["label"]!.trim() })));
}
