/**
 * One year of one calendar scope as an official notice states it: the national schedule
 * (scope `CN`) or a region's own days (e.g. `GX` for Guangxi's 壮族三月三).
 */

/** Status a notice gives a date: a day off, or a weekend day made a working day (调休上班). */
export type DayStatus = "off" | "work";

/** A date the notice names. Dates it does not name follow the weekday/weekend rule. */
export interface CalendarDay {
  /** `YYYY-MM-DD`, local to the platform. */
  readonly date: string;
  readonly status: DayStatus;
  /** The holiday the date belongs to, e.g. 国庆节. */
  readonly name: string;
}

/** The notice a year's data came from, kept so every deadline can be traced to its source. */
export interface CalendarNotice {
  /** e.g. 国务院办公厅关于2026年部分节假日安排的通知 */
  readonly title: string;
  /** Where the notice was published, when known. */
  readonly url?: string;
}

/** A loaded (official) year of one scope. */
export interface CalendarYear {
  /** `CN` for the national schedule, or a region code such as `GX`. */
  readonly scope: string;
  readonly year: number;
  readonly notice: CalendarNotice;
  readonly days: readonly CalendarDay[];
}

/** The scope code of the national schedule. */
export const NATIONAL_SCOPE = "CN";
