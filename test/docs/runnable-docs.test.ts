import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// #43: the docs are true. Every fenced block marked `sh runnable` in the README, CONTRIBUTING and
// docs/ runs as written, on a fresh embedded database, and prints what its `# =>` lines say; every
// relative link points at a file that exists; the README stays a door (≤ 12 KB).

const DOCS = [
  "README.md",
  "CONTRIBUTING.md",
  "data/policies/README.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

interface Command {
  readonly file: string;
  readonly line: string;
  readonly expect: string[];
}

/** The commands of every `sh runnable` block, each with the output its `# =>` lines expect. */
function runnableCommands(): Command[] {
  const out: Command[] = [];
  for (const file of DOCS) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/```sh runnable\n([\s\S]*?)```/g)) {
      for (const raw of m[1]!.split("\n")) {
        const line = raw.trim();
        if (!line) continue;
        if (line.startsWith("# =>")) out[out.length - 1]?.expect.push(line.slice(4).trim());
        else if (!line.startsWith("#")) out.push({ file, line, expect: [] });
      }
    }
  }
  return out;
}

const dataDir = mkdtempSync(join(tmpdir(), "hotline-docs-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the docs are true (#43)", () => {
  it("the README is a door: at most 12 KB, the two commands in it", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });

  it("every relative link of the docs points at a file that exists", () => {
    const broken: string[] = [];
    for (const file of DOCS) {
      for (const m of readFileSync(file, "utf8").matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(dirname(file), target))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("every command marked runnable runs as written on a fresh embedded database and prints what the docs say", () => {
    const commands = runnableCommands();
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const env: Record<string, string> = { ...(process.env as Record<string, string>), HOTLINE_DATA_DIR: dataDir, HOTLINE_DEMO: "1" };
    delete env["DATABASE_URL"];
    for (const c of commands) {
      const r = spawnSync("bash", ["-c", c.line], { env, encoding: "utf8", timeout: 240_000 });
      const output = `${r.stdout}${r.stderr}`;
      expect([c.file, c.line, r.status], output.slice(-2000)).toEqual([c.file, c.line, 0]);
      for (const e of c.expect) expect([c.line, output.includes(e)], output.slice(-2000)).toEqual([c.line, true]);
    }
    // The backup the docs make is a real file.
    expect(statSync(".tmp/hotline-backup.dump").size).toBeGreaterThan(0);
  }, 900_000);
});
