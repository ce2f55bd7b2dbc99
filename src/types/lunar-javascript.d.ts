// Minimal typings for the parts of lunar-javascript (6tail) we use: lunar → solar dates and solar terms.
declare module "lunar-javascript" {
  export interface SolarDate {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    toYmd(): string;
    getLunar(): LunarDate;
  }
  export interface LunarDate {
    getSolar(): SolarDate;
    getJieQiTable(): Record<string, SolarDate>;
  }
  export const Lunar: { fromYmd(year: number, month: number, day: number): LunarDate };
  export const Solar: { fromYmd(year: number, month: number, day: number): SolarDate };
}
