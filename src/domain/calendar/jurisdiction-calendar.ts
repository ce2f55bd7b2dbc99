import { NATIONAL_SCOPE, type CalendarYear } from "./calendar-year.ts";
import { WorkingCalendar } from "./working-calendar.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";

/**
 * The working calendar of a jurisdiction: the national notices plus, where the policy names
 * a region, that region's own days (which win over a national swap on the same date).
 */
export function calendarForPolicy(policy: ResolvedPolicy, years: readonly CalendarYear[], provisionalYearsAhead = 3): WorkingCalendar {
  const region = policy.calendar.region;
  return WorkingCalendar.build({
    national: years.filter((y) => y.scope === NATIONAL_SCOPE),
    provisionalYearsAhead,
    ...(region
      ? {
          region: {
            scope: region.scope,
            years: years.filter((y) => y.scope === region.scope),
            holidayName: region.holidayName,
            provisionalLunarDays: region.provisionalLunarDays,
          },
        }
      : {}),
  });
}
