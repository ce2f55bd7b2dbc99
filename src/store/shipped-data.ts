import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CalendarYear } from "../domain/calendar/calendar-year.ts";
import { parseCalendarFile } from "../domain/calendar/parse-calendar-file.ts";

/** The project's shipped facts folder (`data/` in the repository, not the runtime data folder). */
export const SHIPPED_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data");

/** Every calendar year shipped in `data/calendar/` (national and regional). Throws on a bad file: it is a release defect. */
export function shippedCalendarYears(): CalendarYear[] {
  const dir = join(SHIPPED_DATA_DIR, "calendar");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort()
    .map((f) => {
      const r = parseCalendarFile(readFileSync(join(dir, f), "utf8"));
      if (!r.ok) throw new Error(`shipped calendar ${f} is invalid: ${JSON.stringify(r.error)}`);
      return r.value;
    });
}

/** Every policy document shipped in `data/policies/`, by id, unvalidated (resolvePolicy validates). */
export function shippedPolicyDocuments(): Map<string, unknown> {
  const dir = join(SHIPPED_DATA_DIR, "policies");
  const docs = new Map<string, unknown>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    const doc: unknown = JSON.parse(readFileSync(join(dir, f), "utf8"));
    docs.set(f.replace(/\.json$/, ""), doc);
  }
  return docs;
}

/** A node of the shipped category tree (data/categories.json). */
export interface CategoryNode {
  readonly name: string;
  readonly children?: readonly CategoryNode[];
}

/** The three-level category tree operators pick from. */
export function shippedCategoryTree(): readonly CategoryNode[] {
  return (JSON.parse(readFileSync(join(SHIPPED_DATA_DIR, "categories.json"), "utf8")) as { tree: CategoryNode[] }).tree;
}

/** The Chinese notice templates (data/notice-templates.json), by template name. */
export function shippedNoticeTemplates(): Readonly<Record<string, string>> {
  return (JSON.parse(readFileSync(join(SHIPPED_DATA_DIR, "notice-templates.json"), "utf8")) as { templates: Record<string, string> }).templates;
}
