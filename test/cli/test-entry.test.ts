import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `npm test` on a machine without Debian's chromium, haproxy, patroni and etcd: the files that
// need them are skipped with one line naming them and the command that enables them; under
// CI=true the same absence fails the run. PATH holds node alone (no apt, no shell, no tools).
const bin = mkdtempSync(join(tmpdir(), "hotline-bare-path-"));
symlinkSync(process.execPath, join(bin, "node"));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function entry(extra: Record<string, string>) {
  const r = spawnSync(join(bin, "node"), ["scripts/test.js"], {
    encoding: "utf8",
    env: { PATH: bin, HOME: tmpdir(), HOTLINE_TEST_PLAN_ONLY: "1", CHROMIUM_PATH: join(bin, "no-chromium"), ...extra },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("the test entry point on a fresh machine", () => {
  it("skips exactly the files that need the missing tools, in one line with the command that enables them", () => {
    const r = entry({});
    expect(r.status).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      "npm test: skipped test/e2e/console.e2e.test.ts, test/cluster/three-instances.test.ts, test/cluster/pg-failover.test.ts (missing chromium, haproxy, patroni, etcd); to run them: apt-get install -y chromium fonts-noto-cjk haproxy patroni etcd-server",
    );
  });

  it("under CI=true a missing tool fails the run instead of skipping", () => {
    const r = entry({ CI: "true" });
    expect(r.status).toBe(1);
    expect(r.out).toContain("npm test: CI=true and chromium, haproxy, patroni, etcd missing");
    expect(r.out).not.toContain("skipped");
  });
});
