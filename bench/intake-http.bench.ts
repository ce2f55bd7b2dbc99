import autocannon from "autocannon";
import Fastify from "fastify";
import pg from "pg";
import { type AddressInfo } from "node:net";
import { buildServer } from "../src/http/server.ts";
import { benchDatabase } from "./bench-database.ts";
import { median, writeReport } from "./report.ts";
import { cpuPerOp, cpuSeconds } from "./cpu.ts";

const CONNECTIONS = 50;
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);

function load(url: string, body: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: "POST", body, headers: { "content-type": "application/json", ...headers }, connections: CONNECTIONS, duration: SECONDS },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

/**
 * Intake over HTTP against PostgreSQL, 50 connections, beside a bare Fastify route that
 * inserts one row with pg, measured in the same run and alternated round by round. The ratio is
 * the median of each round's intake over the baseline round just before it: this machine's speed
 * drifts from minute to minute (the bare insert moved between 3 400 and 11 600 req/s in one
 * hour), and a pair measured together sees the same machine.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  // pool.end() answers before its connections have closed; dropping the database then ends them
  // from the server's side (57P01), which an idle pool without a listener turns into a crash.
  pool.on("error", (e: Error & { code?: string }) => {
    if (e.code !== "57P01") console.error(`baseline pool: ${e.message}`);
  });
  await pool.query("create table bench_baseline (id bigserial primary key, body jsonb not null, at timestamptz not null default now())");
  const base = Fastify();
  base.post("/baseline", async (req) => {
    const r = await pool.query("insert into bench_baseline (body) values ($1) returning id", [req.body]);
    return { id: r.rows[0].id };
  });
  await base.listen({ port: 0, host: "127.0.0.1" });
  const app = await buildServer(db.ctx, { logLevel: "silent" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const baseUrl = `http://127.0.0.1:${(base.server.address() as AddressInfo).port}/baseline`;
  const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/jurisdictions/guangzhou/contacts`;
  const body = JSON.stringify({
    channel: "web",
    requester: { name: "测试", phone: "13800138000" },
    type: "complaint",
    content: "小区门口夜间施工噪音扰民，请相关部门处理。",
    location: { district: "天河区" },
  });
  const subject: autocannon.Result[] = [];
  const baseline: autocannon.Result[] = [];
  // Where each request's CPU goes (this process: server and load generator; the database's processes).
  const cpu = { subject: [] as ReturnType<typeof cpuPerOp>[], baseline: [] as ReturnType<typeof cpuPerOp>[] };
  const measured = async (into: autocannon.Result[], cpuInto: ReturnType<typeof cpuPerOp>[], run: () => Promise<autocannon.Result>) => {
    const a = cpuSeconds();
    const r = await run();
    cpuInto.push(cpuPerOp(a, cpuSeconds(), Math.max(1, r.requests.total)));
    into.push(r);
  };
  try {
    for (let i = 0; i < ROUNDS; i++) {
      await measured(baseline, cpu.baseline, () => load(baseUrl, body, {}));
      await measured(subject, cpu.subject, () => load(appUrl, body, { authorization: `Bearer ${db.adminToken}`, "x-act-as-role": "operator" }));
    }
  } finally {
    await app.close();
    await base.close();
    await pool.end();
    await db.drop();
  }
  const errors = subject.reduce((a, r) => a + r.errors + r.non2xx, 0);
  const value = Math.round(median(subject.map((r) => r.requests.average)));
  const baseValue = Math.round(median(baseline.map((r) => r.requests.average)));
  const p99 = median(subject.map((r) => r.latency.p99));
  const pairs = subject.map((r, i) => r.requests.average / (baseline[i] as autocannon.Result).requests.average);
  const ratio = Math.round(median(pairs) * 100) / 100;
  writeReport({
    name: "intake-http",
    metric: "requests_per_s",
    value,
    unit: "req/s",
    baseline: { name: "fastify-pg-insert", value: baseValue },
    ratio,
    target: "ratio >= 0.4 and p99 < 50 ms",
    met: ratio >= 0.4 && p99 < 50 && errors === 0,
    details: {
      p50_ms: median(subject.map((r) => r.latency.p50)),
      p99_ms: p99,
      baseline_p99_ms: median(baseline.map((r) => r.latency.p99)),
      connections: CONNECTIONS,
      seconds_per_round: SECONDS,
      rounds: ROUNDS,
      errors_or_non2xx: errors,
      per_round: subject.map((r, i) => ({
        baseline: Math.round((baseline[i] as autocannon.Result).requests.average),
        intake: Math.round(r.requests.average),
        ratio: +(pairs[i] as number).toFixed(2),
        p99_ms: r.latency.p99,
      })),
      // Median CPU per request: the machine's cores bound requests/s at cores / (node + pg).
      cpu_ms_per_request: {
        intake: {
          node: median(cpu.subject.map((c) => c.node_ms)),
          postgres: cpu.subject.every((c) => c.pg_ms !== null) ? median(cpu.subject.map((c) => c.pg_ms!)) : null,
        },
        baseline: {
          node: median(cpu.baseline.map((c) => c.node_ms)),
          postgres: cpu.baseline.every((c) => c.pg_ms !== null) ? median(cpu.baseline.map((c) => c.pg_ms!)) : null,
        },
      },
    },
  });
}
