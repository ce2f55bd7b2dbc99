import { and, asc, desc, eq } from "drizzle-orm";
import { type CalendarYear } from "../../domain/calendar/calendar-year.ts";
import { type Database } from "../database.ts";
import { calendarDays, calendarImports, calendarYears } from "../schema/index.ts";

/** A loaded year with when and by whom. */
export interface StoredCalendarYear extends CalendarYear {
  readonly loadedAt: Date;
  readonly loadedBy: string;
}

/** Every loaded calendar year with its days. */
export async function loadCalendarYears(db: Database): Promise<StoredCalendarYear[]> {
  const years = await db.select().from(calendarYears).orderBy(asc(calendarYears.scope), asc(calendarYears.year));
  const days = await db.select().from(calendarDays).orderBy(asc(calendarDays.date));
  return years.map((y) => ({
    scope: y.scope,
    year: y.year,
    notice: { title: y.noticeTitle, ...(y.noticeUrl ? { url: y.noticeUrl } : {}) },
    days: days.filter((d) => d.scope === y.scope && d.year === y.year).map((d) => ({ date: d.date, status: d.status, name: d.name })),
    loadedAt: y.loadedAt,
    loadedBy: y.loadedBy,
  }));
}

/**
 * Replaces one (scope, year) with a new notice in one transaction and records the load.
 * Returns whether a previous load was replaced.
 */
export async function replaceCalendarYear(db: Database, year: CalendarYear, actor: string, reason: string): Promise<{ replaced: boolean }> {
  return db.transaction(async (tx) => {
    const key = and(eq(calendarYears.scope, year.scope), eq(calendarYears.year, year.year));
    const existing = await tx.select({ year: calendarYears.year }).from(calendarYears).where(key).for("update");
    await tx.delete(calendarDays).where(and(eq(calendarDays.scope, year.scope), eq(calendarDays.year, year.year)));
    await tx.delete(calendarYears).where(key);
    await tx
      .insert(calendarYears)
      .values({ scope: year.scope, year: year.year, noticeTitle: year.notice.title, noticeUrl: year.notice.url ?? null, loadedBy: actor });
    await tx.insert(calendarDays).values(year.days.map((d) => ({ scope: year.scope, year: year.year, date: d.date, status: d.status, name: d.name })));
    await tx.insert(calendarImports).values({
      scope: year.scope,
      year: year.year,
      noticeTitle: year.notice.title,
      dayCount: year.days.length,
      replacedExisting: existing.length > 0,
      actor,
      reason,
    });
    return { replaced: existing.length > 0 };
  });
}

/** The load history, newest first. */
export async function listCalendarImports(db: Database) {
  return db.select().from(calendarImports).orderBy(desc(calendarImports.at));
}
