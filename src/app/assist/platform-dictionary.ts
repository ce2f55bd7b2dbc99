import { sql } from "drizzle-orm";
import { type Database } from "../../store/database.ts";
import { shippedCategoryTree, type CategoryNode } from "../../store/shipped-data.ts";
import { addWords } from "../../text/segmenter.ts";

function names(nodes: readonly CategoryNode[]): string[] {
  return nodes.flatMap((n) => [n.name, ...names(n.children ?? [])]);
}

/**
 * Teaches jieba the platform's own words: unit names, districts and sub-districts, and the
 * category tree, so 越秀区 or 城市管理和综合执法局 stay whole in the index and in queries.
 */
export async function loadPlatformWords(db: Database): Promise<void> {
  const r = (await db.execute(sql`select name, district, sub_district from unit`)) as unknown as {
    rows: { name: string; district: string | null; sub_district: string | null }[];
  };
  // Platforms' own categories (added by their admins) beside the shipped tree every platform begins from.
  const c = (await db.execute(sql`select distinct name from category`)) as unknown as { rows: { name: string }[] };
  addWords([...r.rows.flatMap((u) => [u.name, u.district ?? "", u.sub_district ?? ""]), ...names(shippedCategoryTree()), ...c.rows.map((x) => x.name)]);
}
