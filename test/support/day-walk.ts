import { type CalendarYear } from "../../src/domain/calendar/calendar-year.ts";

/**
 * The plain reference: walks day by day over the notices as published, with Date objects
 * and strings, sharing no code with the engine. Used by the property test and as the
 * benchmark's baseline.
 */
export class DayWalk {
  private readonly status = new Map<string, "off" | "work">();
  constructor(years: readonly CalendarYear[]) {
    for (const y of years) for (const d of y.days) this.status.set(d.date, d.status);
  }

  isWorking(date: string): boolean {
    const s = this.status.get(date);
    if (s) return s === "work";
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6;
  }

  /** Local (UTC+8) date of the n-th working day after the instant's local date. */
  nthWorkingDayAfter(instantMs: number, n: number): string {
    const local = new Date(instantMs + 8 * 3_600_000);
    const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
    let count = 0;
    for (;;) {
      d.setUTCDate(d.getUTCDate() + 1);
      const date = d.toISOString().slice(0, 10);
      if (this.isWorking(date) && ++count === n) return date;
    }
  }
}
