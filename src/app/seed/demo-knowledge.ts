import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SHIPPED_DATA_DIR } from "../../store/shipped-data.ts";
import { type AppContext } from "../context.ts";
import { createArticle } from "../knowledge/knowledge-base.ts";
import { eq } from "drizzle-orm";
import { units } from "../../store/schema/index.ts";

interface DemoArticle {
  readonly units: Record<string, string>;
  readonly category: string;
  readonly question: string;
  readonly answer: string;
  readonly sourceDocument?: string;
}

/** Loads the demo knowledge articles for one demo platform, through the real use case. */
export async function seedDemoKnowledge(ctx: AppContext, jurisdictionId: string): Promise<number> {
  const { articles } = JSON.parse(readFileSync(join(SHIPPED_DATA_DIR, "demo", "knowledge.json"), "utf8")) as { articles: DemoArticle[] };
  const rows = await ctx.db.select({ id: units.id, code: units.code }).from(units).where(eq(units.jurisdictionId, jurisdictionId));
  const codes = new Map(rows.map((u) => [u.code, u.id]));
  let n = 0;
  for (const a of articles) {
    const owner = codes.get(a.units[jurisdictionId] ?? "");
    if (!owner) continue;
    const r = await createArticle(ctx, { id: "system", name: "系统", role: "admin" }, jurisdictionId, {
      content: {
        question: a.question,
        answer: a.answer,
        category: a.category,
        ownerUnitId: owner,
        validFrom: "2020-01-01",
        ...(a.sourceDocument ? { sourceDocument: a.sourceDocument } : {}),
      },
      reason: "演示数据",
    });
    if (!r.ok) throw new Error(`demo article ${a.question}: ${r.error.en}`);
    n++;
  }
  return n;
}
