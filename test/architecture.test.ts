import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? "");
}

/** Pure libraries the domain may use: validation, CSV parsing, lunar dates. */
const DOMAIN_PACKAGES = ["zod", "csv-parse/sync", "lunar-javascript"];

describe("dependency direction (docs/ARCHITECTURE.md)", () => {
  it("src/domain imports only src/domain and a few pure libraries: no I/O, no clock", () => {
    const offenders: string[] = [];
    for (const f of files("src/domain")) {
      for (const spec of imports(f)) {
        const ok = spec.startsWith(".") ? !relative("src/domain", join(f, "..", spec)).startsWith("..") : DOMAIN_PACKAGES.includes(spec);
        if (!ok) offenders.push(`${f} → ${spec}`);
      }
      const text = readFileSync(f, "utf8");
      if (/Date\.now\(|new Date\(\)/.test(text)) offenders.push(`${f} reads the clock`);
    }
    expect(offenders).toEqual([]);
  });

  it("nothing imports src/http but the server entry, and src/app never imports http, cli or jobs", () => {
    const offenders: string[] = [];
    for (const f of files("src")) {
      for (const spec of imports(f)) {
        if (!spec.startsWith(".")) continue;
        const target = relative("src", join(f, "..", spec));
        const from = relative("src", f);
        if (target.startsWith("http/") && !from.startsWith("http/") && from !== "cli/serve.ts") offenders.push(`${from} → ${target}`);
        if (from.startsWith("app/") && /^(http|cli|jobs)\//.test(target)) offenders.push(`${from} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
