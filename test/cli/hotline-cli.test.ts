import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/database.ts";

let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  t = await openTestApp();
  dataDir = mkdtempSync(join(tmpdir(), "hotline-cli-"));
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the real `hotline` command on this file's database (or a PGlite folder where there is no server). */
function hotline(args: string[], extraEnv: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = { ...process.env, HOTLINE_DATA_DIR: dataDir, LOG_LEVEL: "silent", ...extraEnv };
  if (t.databaseUrl) env["DATABASE_URL"] = t.databaseUrl;
  else delete env["DATABASE_URL"];
  const r = spawnSync(process.execPath, ["bin/hotline.js", ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe("hotline deadline", () => {
  it("GZ-17.2 prints one JSON line for the support-staff example", () => {
    const r = hotline(["deadline", "--policy", "guangzhou-2022", "--rule", "handling", "--type", "complaint", "--from", "2026-09-30T16:00:00+08:00"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('{"due":"2026-10-20T23:59:59.999+08:00","provisional":false,"rule":"GZ-17.2"}');
  });

  it("GZ-18 --extensions N prints the limit after one more, and refuses with exit 2 past the policy's count", () => {
    const base = ["deadline", "--policy", "guangzhou-2022", "--rule", "extension", "--type", "complaint", "--from", "2026-11-02T09:00:00+08:00"];
    expect(hotline([...base, "--extensions", "1"]).out).toBe('{"due":"2026-12-14T23:59:59.999+08:00","provisional":false,"rule":"GZ-18"}');
    const r = hotline([...base, "--extensions", "2"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^hotline: --extensions: no more extensions: the policy allows 2 \/ 延期已达上限/);
  });

  it.each([
    [["--policy", "shenzhen-2030"], "--policy"],
    [["--rule", "lunch"], "--rule"],
    [["--type", "gossip"], "--type"],
    [["--from", "2026-09-31T10:00:00+08:00x"], "--from"],
    [["--from", "2026-09-30 16:00"], "--from"],
  ])("an unknown or bad argument %j exits 2 with one line naming %s", (override, name) => {
    const args = new Map([
      ["--policy", "guangzhou-2022"],
      ["--rule", "handling"],
      ["--type", "complaint"],
      ["--from", "2026-09-30T16:00:00+08:00"],
    ]);
    args.set(override[0] ?? "", override[1] ?? "");
    const r = hotline(["deadline", ...[...args].flat()]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.split("\n").filter((l) => l.startsWith("hotline:"))).toEqual([expect.stringContaining(`${name}:`)]);
  });
});

describe("hotline calendar import", () => {
  it("rejects a bad file naming each line and reason, loading nothing; then loads a good one", () => {
    const bad = join(dataDir, "bad.csv");
    writeFileSync(bad, "# scope: CN\n# year: 2028\n# notice: 测试通知\ndate,status,name\n2028-01-01,off,元旦\n2028-02-31,off,春节\n2028-03-01,maybe,x\n");
    const r = hotline(["calendar", "import", bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("line 6: date '2028-02-31' is not a valid YYYY-MM-DD date");
    expect(r.err).toContain("line 7: status 'maybe' must be off or work");
    expect(hotline(["calendar", "list"]).out).not.toContain("CN\t2028\tofficial");

    const good = join(dataDir, "good.csv");
    writeFileSync(good, "# scope: CN\n# year: 2028\n# notice: 测试通知\ndate,status,name\n2028-01-01,off,元旦\n");
    const ok = hotline(["calendar", "import", good]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ scope: "CN", year: 2028, days: 1, replaced: false });
    expect(hotline(["calendar", "list"]).out).toContain("CN\t2028\tofficial 正式\t测试通知");
  });

  it("a missing file is a clear refusal", () => {
    const r = hotline(["calendar", "import", join(dataDir, "nope.csv")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--file: cannot read file");
  });
});

describe("the embedded data folder", () => {
  it("a second server on the same folder is refused with a clear message; the first stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-lock-"));
    const env: Record<string, string | undefined> = { ...process.env, HOTLINE_DATA_DIR: dir, PORT: "0", LOG_LEVEL: "silent" };
    delete env["DATABASE_URL"];
    const first = spawn(process.execPath, ["bin/hotline.js", "serve"], { env });
    let out = "";
    first.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const deadline = Date.now() + 60_000;
    while (!out.includes("hotline is up") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain("hotline is up");
    expect(out).toContain("first admin token");

    const second = spawnSync(process.execPath, ["bin/hotline.js", "serve"], { env, encoding: "utf8", timeout: 60_000 });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`The data folder ${dir} is in use by another hotline process (pid ${first.pid})`);

    const exited = new Promise<number | null>((r) => first.on("exit", r));
    first.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, "hotline.lock"))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe("hotline partitions", () => {
  it("makes the months before this one when asked (before loading a platform's history), once; a bad count exits 2 naming the option", () => {
    const first = hotline(["partitions", "--months-back", "2"]);
    expect(first.code).toBe(0);
    const d = new Date();
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 2, 1));
    const name = `ticket_y${m.getUTCFullYear()}m${String(m.getUTCMonth() + 1).padStart(2, "0")}`;
    expect(first.out).toContain(name);
    const again = hotline(["partitions", "--months-back", "2"]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^made 0: -/);
    const bad = hotline(["partitions", "--months-back", "two"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^hotline: --months-back: must be a whole number of months from 0 to 600/);
  });
});
