import { parse } from "csv-parse/sync";
import { type CalendarDay, type CalendarYear } from "./calendar-year.ts";
import { dayFromYmd, parseIsoDate } from "./local-date.ts";
import { domainError, fail, ok, type ErrorDetail, type Result } from "../shared/domain-error.ts";

/**
 * The calendar file format, one year of one scope, UTF-8:
 *
 * ```
 * # scope: CN
 * # year: 2026
 * # notice: 国务院办公厅关于2026年部分节假日安排的通知
 * # url: https://www.gov.cn/…
 * date,status,name
 * 2026-01-01,off,元旦
 * 2026-01-04,work,元旦
 * ```
 *
 * Line-based so that every refusal can name its line; `status` is `off` (day off) or
 * `work` (a working day; usually a weekend day made one, 调休上班, but a notice may also
 * restate a weekday, as 2020's did after the extended Spring Festival).
 */
export const CALENDAR_FILE_HEADER = "date,status,name";

const META = /^#\s*([a-z]+)\s*:\s*(.*)$/;
const SCOPE = /^[A-Z]{2,8}$/;

function detail(line: number, zh: string, en: string): ErrorDetail {
  return { line, zh, en };
}

function isInfoRecord(v: unknown): v is { record: string[]; info: { lines: number } } {
  return (
    typeof v === "object" &&
    v !== null &&
    "record" in v &&
    Array.isArray(v.record) &&
    "info" in v &&
    typeof v.info === "object" &&
    v.info !== null &&
    "lines" in v.info
  );
}

/**
 * Parses and validates a calendar file. Either the whole year is valid, or the answer lists
 * every bad line with its reason; nothing partial is ever returned.
 */
export function parseCalendarFile(text: string): Result<CalendarYear> {
  const problems: ErrorDetail[] = [];
  const nulLine = text.split(/\r?\n/).findIndex((l) => l.includes("\u0000"));
  if (nulLine >= 0) {
    return fail(
      domainError("CALENDAR_FILE_INVALID", "日历文件含有空字符", "the calendar file contains a NUL character", {
        details: [detail(nulLine + 1, "含有空字符（\\u0000）", "contains a NUL character")],
      }),
    );
  }
  const meta = new Map<string, { value: string; line: number }>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const m = META.exec(raw.trim());
    if (m && m[1] && m[2] !== undefined) meta.set(m[1], { value: m[2].trim(), line: idx + 1 });
  });

  const scope = meta.get("scope")?.value ?? "";
  if (!SCOPE.test(scope))
    problems.push(detail(meta.get("scope")?.line ?? 1, "缺少或错误的“# scope:”行（如 CN、GX）", "missing or bad '# scope:' line (e.g. CN, GX)"));
  const yearText = meta.get("year")?.value ?? "";
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
  if (Number.isNaN(year))
    problems.push(detail(meta.get("year")?.line ?? 1, "缺少或错误的“# year:”行（四位年份）", "missing or bad '# year:' line (four-digit year)"));
  const title = meta.get("notice")?.value ?? "";
  if (!title) problems.push(detail(1, "缺少“# notice:”行（通知名称）", "missing '# notice:' line (title of the official notice)"));
  const url = meta.get("url")?.value;

  let records: { record: string[]; info: { lines: number } }[];
  try {
    const raw: unknown[] = parse(text.replace(/^\uFEFF/, ""), { comment: "#", skip_empty_lines: true, relax_column_count: true, trim: true, info: true });
    records = raw.filter(isInfoRecord);
  } catch (e) {
    const line = typeof e === "object" && e !== null && "lines" in e && typeof e.lines === "number" ? e.lines : 1;
    return fail(
      domainError("CALENDAR_FILE_INVALID", "日历文件无法解析", "calendar file cannot be parsed", { details: [detail(line, "CSV 格式错误", "malformed CSV")] }),
    );
  }

  const [header, ...rows] = records;
  if (!header || header.record.join(",") !== CALENDAR_FILE_HEADER) {
    problems.push(detail(header?.info.lines ?? 1, `表头应为“${CALENDAR_FILE_HEADER}”`, `header must be '${CALENDAR_FILE_HEADER}'`));
  }

  const days: CalendarDay[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    const [date = "", status = "", name = ""] = record;
    if (record.length !== 3) {
      problems.push(detail(line, "每行应有 3 列：日期,状态,名称", "each line needs 3 columns: date,status,name"));
      continue;
    }
    const day = parseIsoDate(date);
    if (day === undefined) {
      problems.push(detail(line, `日期“${date}”无效，应为 YYYY-MM-DD`, `date '${date}' is not a valid YYYY-MM-DD date`));
      continue;
    }
    // A notice may name days just across the year boundary (the 2023 notice gives 2022-12-31 off).
    if (!Number.isNaN(year) && (day < (dayFromYmd(year - 1, 12, 1) ?? 0) || day > (dayFromYmd(year + 1, 1, 31) ?? 0))) {
      problems.push(detail(line, `日期 ${date} 不属于 ${year} 年的通知范围`, `date ${date} is outside the span of a ${year} notice`));
      continue;
    }
    if (status !== "off" && status !== "work") {
      problems.push(detail(line, `状态“${status}”无效，应为 off（放假）或 work（调休上班）`, `status '${status}' must be off or work`));
      continue;
    }
    if (!name) {
      problems.push(detail(line, "缺少节日名称", "holiday name is missing"));
      continue;
    }
    const first = seen.get(date);
    if (first !== undefined) {
      problems.push(detail(line, `日期 ${date} 重复（第 ${first} 行已有）`, `date ${date} repeats line ${first}`));
      continue;
    }
    seen.set(date, line);
    days.push({ date, status, name });
  }
  if (problems.length === 0 && days.length === 0) problems.push(detail(1, "文件没有任何日期", "the file lists no dates"));

  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return fail(domainError("CALENDAR_FILE_INVALID", "日历文件有错误，未导入任何内容", "calendar file has errors; nothing was loaded", { details: problems }));
  }
  return ok({ scope, year, notice: { title, ...(url ? { url } : {}) }, days });
}

/** Writes a calendar year in the file format that {@link parseCalendarFile} reads. */
export function formatCalendarFile(y: CalendarYear): string {
  const head = [`# scope: ${y.scope}`, `# year: ${y.year}`, `# notice: ${y.notice.title}`];
  if (y.notice.url) head.push(`# url: ${y.notice.url}`);
  return [...head, CALENDAR_FILE_HEADER, ...y.days.map((d) => `${d.date},${d.status},${d.name}`), ""].join("\n");
}
