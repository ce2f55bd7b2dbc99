// Builds data/calendar/CN-YYYY.csv from the holiday-cn JSON files in ../shared/data/holiday-cn
// (MIT, official State Council notices). Run: npm run build:calendar
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { formatCalendarFile, parseCalendarFile } from "../src/domain/calendar/parse-calendar-file.ts";

const src = process.argv[2] ?? "../shared/data/holiday-cn";
const out = "data/calendar";
mkdirSync(out, { recursive: true });
interface HolidayCn {
  year: number;
  papers: string[];
  days: { name: string; date: string; isOffDay: boolean }[];
}
for (let year = 2020; year <= 2026; year++) {
  const j = JSON.parse(readFileSync(join(src, `${year}.json`), "utf8")) as HolidayCn;
  const text = formatCalendarFile({
    scope: "CN",
    year,
    notice: { title: `国务院办公厅关于${year}年部分节假日安排的通知`, ...(j.papers[0] ? { url: j.papers[0] } : {}) },
    days: j.days.map((d) => ({ date: d.date, status: d.isOffDay ? "off" : "work", name: d.name })),
  });
  const check = parseCalendarFile(text);
  if (!check.ok) throw new Error(`${year}: ${JSON.stringify(check.error)}`);
  writeFileSync(join(out, `CN-${year}.csv`), text);
  console.log(`CN-${year}.csv: ${j.days.length} days`);
}
