import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../scripts/cluster/free-port.ts";
import { benchDatabase } from "./bench-database.ts";
import { median, writeReport } from "./report.ts";

// `npm run bench -- startup` (#43): the server compiled to dist/ against the same server run
// through tsx's loader, started in turn on one migrated and seeded PostgreSQL database: the time
// from spawning the process to its first ready answer, and its resident memory once ready.

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ROUNDS = 7;

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : NaN;
}

/** Starts the server one way, waits for its first ready answer, stops it: the time to ready and the memory then. */
async function startOnce(url: string, loader: boolean): Promise<{ readyMs: number; rssMb: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "bin", "hotline.js"), "serve"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOTLINE_DEMO: "0",
      LOG_LEVEL: "warn",
      ...(loader ? { HOTLINE_LOADER: "1" } : { HOTLINE_LOADER: "" }),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready`);
      if (performance.now() - t0 > 120_000) throw new Error("the server was not ready within 120 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = performance.now() - t0;
    return { readyMs, rssMb: rssMb(child.pid!) };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

export async function run(): Promise<void> {
  // The build must be the code being measured.
  if (!existsSync(join(ROOT, "dist", "BUILT")) || statSync(join(ROOT, "dist", "BUILT")).mtimeMs < newest(join(ROOT, "src"))) {
    const b = spawnSync(process.execPath, [join(ROOT, "scripts", "build.js")], { cwd: ROOT, stdio: "inherit" });
    if (b.status !== 0) throw new Error("npm run build failed");
  }
  const db = await benchDatabase();
  try {
    // One start of each first (the system's file cache), not counted; then the two in turn, the order alternating.
    await startOnce(db.url, false);
    await startOnce(db.url, true);
    const built: { readyMs: number; rssMb: number }[] = [];
    const loader: { readyMs: number; rssMb: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        built.push(await startOnce(db.url, false));
        loader.push(await startOnce(db.url, true));
      } else {
        loader.push(await startOnce(db.url, true));
        built.push(await startOnce(db.url, false));
      }
    }
    const r1 = (n: number) => Math.round(n * 10) / 10;
    const builtMs = r1(median(built.map((s) => s.readyMs)));
    const loaderMs = r1(median(loader.map((s) => s.readyMs)));
    const builtRss = r1(median(built.map((s) => s.rssMb)));
    const loaderRss = r1(median(loader.map((s) => s.rssMb)));
    const ratio = Math.round((builtMs / loaderMs) * 1000) / 1000;
    writeReport({
      name: "startup",
      metric: "cold start to ready, built server (median)",
      value: builtMs,
      unit: "ms",
      baseline: { name: "the same server through the tsx loader (median)", value: loaderMs },
      ratio,
      target: "the built server is ready sooner than through the loader and holds no more memory once ready",
      met: builtMs < loaderMs && builtRss <= loaderRss,
      details: {
        rounds: ROUNDS,
        database: "PostgreSQL, migrated and seeded (demo platforms) before the rounds",
        builtReadyMs: built.map((s) => r1(s.readyMs)),
        loaderReadyMs: loader.map((s) => r1(s.readyMs)),
        builtRssMb: { median: builtRss, all: built.map((s) => s.rssMb) },
        loaderRssMb: { median: loaderRss, all: loader.map((s) => s.rssMb) },
      },
    });
  } finally {
    await db.drop();
  }
}
