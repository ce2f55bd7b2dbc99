import { readFileSync, readdirSync } from "node:fs";
import { generateDrizzleJson, generateMigration } from "drizzle-kit/api";
import { describe, expect, it } from "vitest";
import * as schema from "../src/store/schema/index.ts";

// The schema is split by area (src/store/schema/*.ts, re-exported from index.ts); migrations are
// generated from it. Moving a table between files must not change the SQL drizzle-kit makes.

const META = "src/store/migrations/meta";

async function sqlAgainstLastSnapshot(change: (snapshot: Record<string, any>) => void = () => {}) {
  const last =
    readdirSync(META)
      .filter((f) => f.endsWith("_snapshot.json"))
      .sort()
      .at(-1) ?? "";
  const prev = JSON.parse(readFileSync(`${META}/${last}`, "utf8")) as Record<string, any>;
  const current = generateDrizzleJson(schema as Record<string, unknown>, prev["id"]) as unknown as Record<string, any>;
  change(current);
  return generateMigration(prev as never, current as never);
}

describe("the schema and its migrations", () => {
  it("the schema, split by area, generates no SQL against the last migration's snapshot", async () => {
    expect(await sqlAgainstLastSnapshot()).toEqual([]);
  });

  it("a table missing from the schema would show as SQL (the comparison sees a change)", async () => {
    const sql = await sqlAgainstLastSnapshot((s) => delete s["tables"]["public.rate_limit"]);
    expect(sql.join("\n")).toMatch(/DROP TABLE "rate_limit"/);
  });
});
