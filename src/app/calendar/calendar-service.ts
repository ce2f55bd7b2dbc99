import { calendarForPolicy } from "../../domain/calendar/jurisdiction-calendar.ts";
import { type WorkingCalendar } from "../../domain/calendar/working-calendar.ts";
import { type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";
import { type Database } from "../../store/database.ts";
import { loadCalendarYears, type StoredCalendarYear } from "../../store/repositories/calendar.repository.ts";

/** One year as the admin screen and `/health/ready` see it. */
export interface CalendarYearStatus {
  readonly scope: string;
  readonly year: number;
  readonly status: "official" | "provisional";
  readonly notice?: string;
  readonly noticeUrl?: string;
  readonly loadedAt?: string;
  readonly loadedBy?: string;
  readonly days?: number;
}

/**
 * Holds the loaded calendar years and the working calendar of each policy built from them.
 * Rebuilt after every import; building one takes a few milliseconds.
 */
export class CalendarService {
  private years: StoredCalendarYear[] = [];
  private readonly built = new Map<string, WorkingCalendar>();
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  /** Reads the loaded years again and drops the built calendars. */
  async reload(): Promise<void> {
    this.years = await loadCalendarYears(this.db);
    this.built.clear();
  }

  /** The working calendar of a policy; throws when no national year is loaded (a seeding defect). */
  forPolicy(policy: ResolvedPolicy): WorkingCalendar {
    let cal = this.built.get(policy.id);
    if (!cal) {
      cal = calendarForPolicy(policy, this.years);
      this.built.set(policy.id, cal);
    }
    return cal;
  }

  /** `SCOPE-YEAR` of every loaded year. */
  loadedKeys(): Set<string> {
    return new Set(this.years.map((y) => `${y.scope}-${y.year}`));
  }

  /** True when at least one national year is loaded. */
  hasNationalYears(): boolean {
    return this.years.some((y) => y.scope === "CN");
  }

  /** Loaded years plus the provisional ones of each scope, through `throughYear` or the last loaded year. */
  status(scopes: readonly string[], throughYear: number): CalendarYearStatus[] {
    const out: CalendarYearStatus[] = [];
    const national = this.years.filter((y) => y.scope === "CN").map((y) => y.year);
    const first = Math.min(...national);
    const last = Math.max(throughYear, ...this.years.map((y) => y.year));
    for (const scope of scopes) {
      const loaded = this.years.filter((y) => y.scope === scope);
      for (let year = first; year <= last; year++) {
        const y = loaded.find((l) => l.year === year);
        out.push(
          y
            ? {
                scope,
                year,
                status: "official",
                notice: y.notice.title,
                ...(y.notice.url ? { noticeUrl: y.notice.url } : {}),
                loadedAt: y.loadedAt.toISOString(),
                loadedBy: y.loadedBy,
                days: y.days.length,
              }
            : { scope, year, status: "provisional" },
        );
      }
    }
    return out;
  }
}
