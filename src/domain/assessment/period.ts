import { dayFromYmd, startOfDayInstant } from "../calendar/local-date.ts";

/** An assessment period: `[from, to)` in instants, and its label (`2026-11`, `2026年度`). */
export interface Period {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

function dayStart(y: number, m: number, d: number, offset: number): number {
  const day = dayFromYmd(y, m, d);
  if (day === undefined) throw new RangeError(`no day ${y}-${m}-${d}`);
  return startOfDayInstant(day, offset);
}

/** A calendar month in the platform's zone (monthly assessment, GZ-24, GX-30). */
export function monthPeriod(year: number, month: number, offsetMinutes: number): Period {
  const next = month === 12 ? [year + 1, 1] : [year, month + 1];
  return {
    from: dayStart(year, month, 1, offsetMinutes),
    to: dayStart(next[0]!, next[1]!, 1, offsetMinutes),
    label: `${year}-${String(month).padStart(2, "0")}`,
  };
}

/**
 * The assessment year named by the year it ends in: GX's 2026 year runs 1 Dec 2025 to
 * 30 Nov 2026 (GX-30); a year starting 1 Jan is the calendar year.
 */
export function assessmentYear(year: number, startMonth: number, startDay: number, offsetMinutes: number): Period {
  const startsPreviousYear = startMonth !== 1 || startDay !== 1;
  const from = dayStart(startsPreviousYear ? year - 1 : year, startMonth, startDay, offsetMinutes);
  const to = dayStart(startsPreviousYear ? year : year + 1, startMonth, startDay, offsetMinutes);
  return { from, to, label: `${year}年度` };
}

/** Parses `YYYY-MM` into year and month. */
export function parseMonth(text: string): { year: number; month: number } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : undefined;
}
