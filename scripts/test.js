#!/usr/bin/env node
// `npm test`: finds a PostgreSQL server (DATABASE_URL, else the local one), gives the run
// databases of its own (each test file creates a fresh one, all dropped at the end), or
// runs on PGlite where no server answers, saying so. Then runs Vitest twice: the whole
// suite under TZ=UTC, and the calendar/deadline tests again under TZ=Asia/Shanghai, so the
// machine's zone can never leak into a deadline. Ends with one "N passed, N failed" line.
// Test files that need Debian tools this machine lacks are skipped with one line saying so
// (scripts/test-tools.js); HOTLINE_TEST_PLAN_ONLY=1 prints that and stops.
import { spawnSync } from "node:child_process";
import { toolPlan } from "./test-tools.js";
import { lint } from "./lint.js";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import pg from "pg";

const tools = toolPlan();
if (tools.line) console.log(tools.line);
if (tools.fail) process.exit(1);
if (process.env.HOTLINE_TEST_PLAN_ONLY) process.exit(0);

const LOCAL = "postgres://postgres@127.0.0.1:5432/postgres";
const prefix = `hotline_test_${Date.now().toString(36)}_${process.pid}`;

async function reachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function dropRunDatabases(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query("select datname from pg_database where datname like $1", [`${prefix}%`]);
  for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
  await c.end();
}

const candidate = process.env.DATABASE_URL || LOCAL;
const server = (await reachable(candidate)) ? candidate : undefined;
if (server) {
  console.log(`npm test: PostgreSQL at ${new URL(server).host}, fresh databases ${prefix}_*`);
} else {
  console.log(`npm test: no PostgreSQL answered at ${new URL(candidate).host}; running on PGlite (in-memory, a fresh one per test file)`);
}

mkdirSync(".tmp", { recursive: true });
const env = { ...process.env, TEST_DB_PREFIX: prefix, ...(server ? { TEST_PG_URL: server } : {}) };
delete env.DATABASE_URL; // tests open their own databases; the CLI under test gets one explicitly

function vitest(tz, args, out) {
  rmSync(out, { force: true });
  const skip = tools.skip.flatMap((f) => ["--exclude", f]);
  const r = spawnSync(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...skip, ...args],
    {
      stdio: "inherit",
      env: { ...env, TZ: tz },
    },
  );
  let passed = 0;
  let failed = 0;
  try {
    const j = JSON.parse(readFileSync(out, "utf8"));
    passed = j.numPassedTests;
    // A run that failed without a failed test (a file that would not load) still counts as one failure.
    failed = j.numFailedTests + (r.status !== 0 && j.numFailedTests === 0 ? 1 : 0);
  } catch {
    failed = 1;
  }
  return { passed, failed, status: r.status ?? 1 };
}

const lintFailures = lint();
const typecheck = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });
const runs = [vitest("UTC", [], ".tmp/vitest-utc.json"), vitest("Asia/Shanghai", ["src/domain"], ".tmp/vitest-shanghai.json")];
if (server) await dropRunDatabases(server).catch((e) => console.error(`could not drop test databases: ${e.message}`));

const passed = runs.reduce((a, r) => a + r.passed, 0);
const failed = runs.reduce((a, r) => a + r.failed, 0) + (typecheck.status === 0 ? 0 : 1) + lintFailures;
if (typecheck.status !== 0) console.log("typecheck failed (tsc --noEmit)");
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && runs.every((r) => r.status === 0) && typecheck.status === 0 && lintFailures === 0 ? 0 : 1);
