import { Lunar, Solar, type SolarDate } from "lunar-javascript";
import { dayFromYmd } from "./local-date.ts";

/** A day off computed (not announced) for a year whose notice is not loaded. */
export interface ProvisionalDayOff {
  readonly day: number;
  readonly name: string;
}

function dayOfSolar(s: SolarDate): number {
  const d = dayFromYmd(s.getYear(), s.getMonth(), s.getDay());
  if (d === undefined) throw new Error(`lunar-javascript returned an impossible date ${s.toYmd()}`);
  return d;
}

function fixed(year: number, month: number, day: number): number {
  const d = dayFromYmd(year, month, day);
  if (d === undefined) throw new Error(`impossible date ${year}-${month}-${day}`);
  return d;
}

/**
 * The statutory days off of 全国年节及纪念日放假办法 (2024 revision) for a year with no
 * notice loaded: New Year 1 day, Spring Festival 4 days from New Year's Eve, Qingming 1,
 * Labour Day 2, Dragon Boat 1, Mid-Autumn 1, National Day 3. Lunar dates and the Qingming
 * solar term are computed; the notice's 调休 swaps cannot be predicted and are not guessed.
 */
export function provisionalNationalDaysOff(year: number): ProvisionalDayOff[] {
  const newYearDay = dayOfSolar(Lunar.fromYmd(year, 1, 1).getSolar());
  const qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"];
  if (!qingming) throw new Error(`no Qingming solar term found for ${year}`);
  return [
    { day: fixed(year, 1, 1), name: "元旦" },
    { day: newYearDay - 1, name: "春节" },
    { day: newYearDay, name: "春节" },
    { day: newYearDay + 1, name: "春节" },
    { day: newYearDay + 2, name: "春节" },
    { day: dayOfSolar(qingming), name: "清明节" },
    { day: fixed(year, 5, 1), name: "劳动节" },
    { day: fixed(year, 5, 2), name: "劳动节" },
    { day: dayOfSolar(Lunar.fromYmd(year, 5, 5).getSolar()), name: "端午节" },
    { day: dayOfSolar(Lunar.fromYmd(year, 8, 15).getSolar()), name: "中秋节" },
    { day: fixed(year, 10, 1), name: "国庆节" },
    { day: fixed(year, 10, 2), name: "国庆节" },
    { day: fixed(year, 10, 3), name: "国庆节" },
  ];
}

/**
 * A region's provisional days off for a year whose regional notice is not loaded, from the
 * lunar dates the policy names (Guangxi: 3rd and 4th of the 3rd lunar month, 壮族三月三).
 */
export function provisionalRegionalDaysOff(
  year: number,
  lunarDays: readonly { readonly month: number; readonly day: number }[],
  name: string,
): ProvisionalDayOff[] {
  return lunarDays.map((ld) => ({ day: dayOfSolar(Lunar.fromYmd(year, ld.month, ld.day).getSolar()), name }));
}
