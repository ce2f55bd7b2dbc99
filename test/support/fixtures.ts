import { calendarForPolicy } from "../../src/domain/calendar/jurisdiction-calendar.ts";
import { type CalendarYear } from "../../src/domain/calendar/calendar-year.ts";
import { resolvePolicy, type ResolvedPolicy } from "../../src/domain/policy/resolve-policy.ts";
import { shippedCalendarYears, shippedPolicyDocuments } from "../../src/store/shipped-data.ts";
import { type WorkingCalendar } from "../../src/domain/calendar/working-calendar.ts";

/** The shipped policy of that id, resolved; throws if it does not resolve (tests want the real data). */
export function policy(id: string): ResolvedPolicy {
  const r = resolvePolicy(id, shippedPolicyDocuments());
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

let years: CalendarYear[] | undefined;
/** The shipped calendar years (read once per test file). */
export function calendarYears(): CalendarYear[] {
  years ??= shippedCalendarYears();
  return years;
}

/** The working calendar of a shipped policy over the shipped years. */
export function calendar(p: ResolvedPolicy, extraYears: readonly CalendarYear[] = []): WorkingCalendar {
  return calendarForPolicy(p, [...calendarYears(), ...extraYears]);
}

/** Epoch ms of an ISO instant; keeps tests readable. */
export function at(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`);
  return t;
}
