import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

/** The rule violations dependency-cruiser reports for the files of a glob, as "rule: from → to". */
function violations(glob: string, atLeastModules: number): string[] {
  const r = spawnSync(
    process.execPath,
    ["node_modules/dependency-cruiser/bin/dependency-cruise.mjs", glob, "--config", ".dependency-cruiser.cjs", "--output-type", "json"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const out = JSON.parse(r.stdout) as { summary: { totalCruised: number; violations: { rule: { name: string }; from: string; to: string }[] } };
  // A glob that matched nothing would report no violation: the files must really have been read.
  expect(out.summary.totalCruised).toBeGreaterThanOrEqual(atLeastModules);
  return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe("dependency direction (docs/ARCHITECTURE.md)", () => {
  it("src/domain never reads the clock (its imports are checked by the floor rules below)", () => {
    const offenders = files("src/domain").filter((f) => /Date\.now\(|new Date\(\)/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the floors hold: dependency-cruiser (.dependency-cruiser.cjs) finds no import across them in src", () => {
    expect(violations("src/**/*.ts", 300)).toEqual([]);
  });

  it("each floor rule bites: one fixture import breaking each is found, by its rule", () => {
    const found = violations("test/fixtures/boundary/src/**/*.ts", 9);
    expect(found.map((v) => v.split(":")[0]).sort()).toEqual([
      "app-below-adapters",
      "domain-is-pure",
      "http-through-app",
      "http-uses-use-cases",
      "only-serve-starts-http",
      "store-below-app",
    ]);
    expect(found).toContain("http-uses-use-cases: test/fixtures/boundary/src/http/route.ts → test/fixtures/boundary/src/store/table.ts");
  });
});
