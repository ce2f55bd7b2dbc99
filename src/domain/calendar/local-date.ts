/**
 * Local calendar dates as day numbers (days since 1970-01-01 in the platform's zone).
 * Integers keep the deadline engine allocation-free and independent of the machine's TZ.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a proleptic Gregorian date, or undefined when the date does not exist. */
export function dayFromYmd(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

/** Parses `YYYY-MM-DD`; undefined for anything else or for a date that does not exist. */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  return dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Year of a day number. */
export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function weekdayOfDay(day: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** True for Saturday and Sunday. */
export function isWeekend(day: number): boolean {
  return weekdayOfDay(day) >= 6;
}

/** The local day an instant falls on, for a zone at `offsetMinutes` east of UTC. */
export function dayOfInstant(epochMs: number, offsetMinutes: number): number {
  return Math.floor((epochMs + offsetMinutes * 60_000) / MS_PER_DAY);
}

/** The instant a local day starts, for a zone at `offsetMinutes` east of UTC. */
export function startOfDayInstant(day: number, offsetMinutes: number): number {
  return day * MS_PER_DAY - offsetMinutes * 60_000;
}

/** Formats an instant as ISO 8601 with the zone's offset, e.g. `2026-10-20T23:59:59.999+08:00`. */
export function formatInstant(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

export { MS_PER_DAY };
