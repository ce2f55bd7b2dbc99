import { type CalendarYear } from "./calendar-year.ts";
import { dayFromYmd, formatDay, isWeekend, parseIsoDate, yearOfDay } from "./local-date.ts";
import { provisionalNationalDaysOff, provisionalRegionalDaysOff } from "./provisional-days.ts";

/** How a region adds its own days on top of the national schedule. */
export interface RegionalCalendarSource {
  /** Scope code of the region's notices, e.g. `GX`. */
  readonly scope: string;
  /** Loaded regional notices. A loaded regional day wins over a national swap on the same date. */
  readonly years: readonly CalendarYear[];
  /** Name of the regional holiday, used for computed provisional days. */
  readonly holidayName: string;
  /** Lunar dates that are off in a year whose regional notice is not loaded. */
  readonly provisionalLunarDays: readonly { readonly month: number; readonly day: number }[];
}

/** What a working calendar is built from. */
export interface WorkingCalendarSource {
  /** Loaded national notices (scope `CN`); the earliest one is where the calendar starts. */
  readonly national: readonly CalendarYear[];
  readonly region?: RegionalCalendarSource;
  /** How many years after the last loaded one are computed as provisional. */
  readonly provisionalYearsAhead?: number;
}

/** What the calendar knows of one date. */
export interface DayInfo {
  readonly date: string;
  readonly working: boolean;
  /** True when the status was computed for a year (or regional holiday) whose notice is not loaded. */
  readonly provisional: boolean;
  /** Holiday name for days the notice (or the computation) names. */
  readonly name?: string;
  /** Which notice scope decided the status: `CN`, a region, or `weekday` when no notice names the date. */
  readonly source: string;
}

/** The result of counting working days. */
export interface WorkingDayCount {
  readonly day: number;
  /** True when any day counted over is provisional. */
  readonly provisional: boolean;
}

/**
 * The working-day calendar of one jurisdiction over a span of years, precomputed into
 * typed arrays so that "the N-th working day after D" is two array reads. Immutable.
 */
export class WorkingCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Years whose national schedule is computed, not loaded. */
  readonly provisionalYears: readonly number[];
  /** Years whose regional days are computed because the region's notice is not loaded. */
  readonly provisionalRegionalYears: readonly number[];
  private readonly base: number;
  private readonly working: Uint8Array;
  private readonly provisional: Uint8Array;
  /** cumWork[i] = working days among indices < i. */
  private readonly cumWork: Int32Array;
  /** cumProv[i] = provisional days among indices < i. */
  private readonly cumProv: Int32Array;
  /** Index of each working day, in order. */
  private readonly workIdx: Int32Array;
  private readonly names: Map<number, { name: string; source: string }>;

  private constructor(
    firstYear: number,
    lastYear: number,
    working: Uint8Array,
    provisional: Uint8Array,
    names: Map<number, { name: string; source: string }>,
    provisionalYears: number[],
    provisionalRegionalYears: number[],
  ) {
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.base = dayFromYmd(firstYear, 1, 1) ?? 0;
    this.working = working;
    this.provisional = provisional;
    this.names = names;
    this.provisionalYears = provisionalYears;
    this.provisionalRegionalYears = provisionalRegionalYears;
    const n = working.length;
    this.cumWork = new Int32Array(n + 1);
    this.cumProv = new Int32Array(n + 1);
    let workCount = 0;
    for (let i = 0; i < n; i++) {
      this.cumWork[i + 1] = (this.cumWork[i] ?? 0) + (working[i] ?? 0);
      this.cumProv[i + 1] = (this.cumProv[i] ?? 0) + (provisional[i] ?? 0);
      workCount += working[i] ?? 0;
    }
    this.workIdx = new Int32Array(workCount);
    let k = 0;
    for (let i = 0; i < n; i++) if (working[i]) this.workIdx[k++] = i;
  }

  /** Builds the calendar: loaded years as announced, missing years computed and flagged provisional. */
  static build(source: WorkingCalendarSource): WorkingCalendar {
    const loaded = new Map(source.national.map((y) => [y.year, y]));
    if (loaded.size === 0) throw new Error("a working calendar needs at least one loaded national year");
    const loadedYears = [...loaded.keys()].sort((a, b) => a - b);
    const firstYear = loadedYears[0] ?? 0;
    const lastYear = (loadedYears[loadedYears.length - 1] ?? 0) + (source.provisionalYearsAhead ?? 3);
    const base = dayFromYmd(firstYear, 1, 1) ?? 0;
    const end = (dayFromYmd(lastYear, 12, 31) ?? 0) + 1;
    const n = end - base;
    const working = new Uint8Array(n);
    const provisional = new Uint8Array(n);
    const names = new Map<number, { name: string; source: string }>();
    const provisionalYears: number[] = [];
    const provisionalRegionalYears: number[] = [];

    for (let i = 0; i < n; i++) working[i] = isWeekend(base + i) ? 0 : 1;

    const apply = (day: number, off: boolean, name: string, scope: string, isProvisional: boolean) => {
      const i = day - base;
      if (i < 0 || i >= n) return;
      working[i] = off ? 0 : 1;
      if (isProvisional) provisional[i] = 1;
      names.set(day, { name, source: scope });
    };

    for (let year = firstYear; year <= lastYear; year++) {
      const notice = loaded.get(year);
      if (notice) {
        for (const d of notice.days) {
          const day = parseIsoDate(d.date);
          if (day !== undefined) apply(day, d.status === "off", d.name, notice.scope, false);
        }
      } else {
        provisionalYears.push(year);
        const yStart = (dayFromYmd(year, 1, 1) ?? 0) - base;
        const yEnd = (dayFromYmd(year, 12, 31) ?? 0) - base;
        // Every day of a year without its notice is provisional: a 调休 swap could land anywhere.
        provisional.fill(1, yStart, yEnd + 1);
        for (const p of provisionalNationalDaysOff(year)) apply(p.day, true, p.name, "CN", true);
      }
    }

    const region = source.region;
    if (region) {
      const regionLoaded = new Map(region.years.map((y) => [y.year, y]));
      for (let year = firstYear; year <= lastYear; year++) {
        const notice = regionLoaded.get(year);
        if (notice) {
          for (const d of notice.days) {
            const day = parseIsoDate(d.date);
            if (day !== undefined) apply(day, d.status === "off", d.name, notice.scope, provisional[day - base] === 1);
          }
        } else {
          provisionalRegionalYears.push(year);
          for (const p of provisionalRegionalDaysOff(year, region.provisionalLunarDays, region.holidayName)) {
            apply(p.day, true, p.name, region.scope, true);
          }
        }
      }
    }

    return new WorkingCalendar(firstYear, lastYear, working, provisional, names, provisionalYears, provisionalRegionalYears);
  }

  /** True when the day number lies inside the calendar's span. */
  covers(day: number): boolean {
    return day >= this.base && day - this.base < this.working.length;
  }

  /** What the calendar says of a day, or undefined outside its span. */
  dayInfo(day: number): DayInfo | undefined {
    if (!this.covers(day)) return undefined;
    const i = day - this.base;
    const named = this.names.get(day);
    return {
      date: formatDay(day),
      working: this.working[i] === 1,
      provisional: this.provisional[i] === 1,
      ...(named ? { name: named.name, source: named.source } : { source: "weekday" }),
    };
  }

  /**
   * The n-th working day strictly after `day` (n ≥ 1), or undefined when it falls outside
   * the calendar's span. Provisional when any day after `day` up to the result is provisional.
   */
  nthWorkingDayAfter(day: number, n: number): WorkingDayCount | undefined {
    const i = day - this.base;
    if (i < 0 || i >= this.working.length || n < 1) return undefined;
    const k = (this.cumWork[i + 1] ?? 0) + n - 1;
    if (k >= this.workIdx.length) return undefined;
    const target = this.workIdx[k] ?? 0;
    const provisional = (this.cumProv[target + 1] ?? 0) - (this.cumProv[i + 1] ?? 0) > 0;
    return { day: target + this.base, provisional };
  }

  /** True when any day in (`after`, `through`] is provisional. */
  anyProvisionalBetween(after: number, through: number): boolean {
    const a = Math.max(0, Math.min(this.working.length, after - this.base + 1));
    const b = Math.max(0, Math.min(this.working.length, through - this.base + 1));
    return b > a && (this.cumProv[b] ?? 0) - (this.cumProv[a] ?? 0) > 0;
  }

  /** Whether a year's national schedule is computed rather than loaded. */
  isProvisionalYear(year: number): boolean {
    return this.provisionalYears.includes(year);
  }

  /** The year a day falls in; convenience for callers holding day numbers. */
  static yearOf(day: number): number {
    return yearOfDay(day);
  }
}
