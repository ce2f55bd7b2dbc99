import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../scripts/cluster/free-port.ts";
import { until } from "../scripts/cluster/pg-ha.ts";
import { Agent, request } from "node:http";
import { benchDatabase } from "./bench-database.ts";
import { median, percentile, writeReport } from "./report.ts";

/**
 * A hotline's day replayed against 1 and then 3 app instances on one PostgreSQL (issue 9):
 * 3× Guangzhou's holiday-week peak of about 9 300 contacts a day, with a hotline's arrival curve
 * (the morning and afternoon peaks), compressed into each length of BENCH_REPLAY_SECONDS. Open loop: each
 * contact is sent at its time whether or not earlier ones were answered, round robin over the
 * instances, so a saturated system shows as growing latency, not as a slower schedule.
 */
const CONTACTS = Number(process.env["BENCH_REPLAY_CONTACTS"] ?? 3 * 9_300);
/** Each day is replayed compressed into each of these lengths: the gentler one a 2-core machine keeps up with, the harder one beyond it. */
const COMPRESSIONS = (process.env["BENCH_REPLAY_SECONDS"] ?? "120,60").split(",").map(Number);
/** Share of a day's contacts by hour (0–23): quiet night, peaks 9–11 and 14–16. */
const HOURLY = [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1.0, 2.5, 6.0, 9.0, 9.5, 8.0, 5.0, 5.5, 8.0, 8.5, 8.0, 6.0, 4.0, 3.5, 3.0, 2.5, 1.8, 1.1];

async function ready(url: string): Promise<void> {
  await until(`instance ${url}`, async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200);
}

/** When each contact is sent, in ms from the start: each hour's share spread evenly over its compressed slot. */
function schedule(seconds: number): number[] {
  const total = HOURLY.reduce((a, b) => a + b, 0);
  const slot = (seconds * 1000) / 24;
  const out: number[] = [];
  HOURLY.forEach((w, h) => {
    const n = Math.round((CONTACTS * w) / total);
    for (let i = 0; i < n; i++) out.push(h * slot + ((i + 0.5) * slot) / n);
  });
  return out;
}

async function replay(
  urls: readonly string[],
  token: string,
  times: readonly number[],
  round: number,
  seconds = 1,
): Promise<{
  contacts: number;
  offeredPeakPerS: number;
  throughputPerS: number;
  p50Ms: number;
  p99Ms: number;
  peakP99Ms: number;
  finishedAfterS: number;
  errors: number;
}> {
  // A client's connection pool, as a channel gateway keeps: 64 keep-alive connections at most.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (url: string, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
            "x-act-as-role": "operator",
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const latencies: number[] = [];
  const peakLatencies: number[] = [];
  let errors = 0;
  let lastAnswer = 0;
  const start = performance.now() + 200;
  const peakFrom = (9 * seconds * 1000) / 24;
  const peakTo = (11 * seconds * 1000) / 24;
  await Promise.all(
    times.map(async (at, i) => {
      const wait = start + at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = JSON.stringify({
        channel: "phone",
        requester: { kind: "person", phone: `139${String(i % 100_000_000).padStart(8, "0")}` },
        type: i % 3 ? "complaint" : "consultation",
        content: `节假日高峰来电 ${round}-${i}：小区停水，请尽快处理。`,
        location: { district: "天河区" },
      });
      try {
        if ((await post(`${urls[i % urls.length]}/api/v1/jurisdictions/guangzhou/contacts`, body)) !== 201) errors++;
      } catch {
        errors++;
      }
      const done = performance.now();
      // Latency from the contact's scheduled time: waiting for a free connection counts too.
      const ms = done - (start + at);
      latencies.push(ms);
      if (at >= peakFrom && at < peakTo) peakLatencies.push(ms);
      lastAnswer = Math.max(lastAnswer, done - start);
    }),
  );
  agent.destroy();
  const peakPerS = (times.filter((t) => t >= peakFrom && t < peakFrom + (seconds * 1000) / 24).length * 24) / seconds;
  return {
    contacts: times.length,
    offeredPeakPerS: Math.round(peakPerS),
    throughputPerS: Math.round(times.length / (lastAnswer / 1000)),
    p50Ms: Math.round(median(latencies)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
    peakP99Ms: Math.round(percentile(peakLatencies, 0.99)),
    finishedAfterS: +(lastAnswer / 1000).toFixed(1),
    errors,
  };
}

export async function run(): Promise<void> {
  const db = await benchDatabase();
  const procs: ChildProcess[] = [];
  const results: Record<string, Awaited<ReturnType<typeof replay>>> = {};
  try {
    for (const seconds of COMPRESSIONS) {
      const times = schedule(seconds);
      for (const n of [1, 3]) {
        const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
        for (const port of ports) {
          procs.push(
            spawn(process.execPath, ["bin/hotline.js", "serve"], {
              env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: "127.0.0.1", HOTLINE_DEMO: "0", LOG_LEVEL: "silent" },
              stdio: "ignore",
            }),
          );
        }
        const urls = ports.map((p) => `http://127.0.0.1:${p}`);
        for (const u of urls) await ready(u);
        // Each instance warms up (compiled code, caches) before the day starts, as a running service is.
        await replay(
          urls,
          db.adminToken,
          Array.from({ length: 400 * n }, (_, i) => i * 2),
          -n,
        );
        results[`${seconds} s, ${n} instance${n > 1 ? "s" : ""}`] = await replay(urls, db.adminToken, times, n, seconds);
        for (const p of procs.splice(0)) p.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 1_500));
      }
    }
  } finally {
    for (const p of procs) p.kill("SIGKILL");
    await db.drop();
  }
  const first = COMPRESSIONS[0]!;
  const one = results[`${first} s, 1 instance`]!;
  const three = results[`${first} s, 3 instances`]!;
  writeReport({
    name: "day-replay",
    metric: `p99 latency of a holiday-peak day (${CONTACTS} contacts) compressed into ${first} s, on 3 instances`,
    value: three.p99Ms,
    unit: "ms",
    baseline: { name: "the same day on 1 instance", value: one.p99Ms },
    ratio: +(one.p99Ms / Math.max(1, three.p99Ms)).toFixed(2),
    target: "report throughput and p99 per instance count (issue 9); every contact answered",
    met: Object.values(results).every((r) => r.errors === 0),
    details: {
      contacts: CONTACTS,
      compressedIntoSeconds: COMPRESSIONS,
      hourlyShare: HOURLY,
      runs: results,
      machine: "app instances, load generator and PostgreSQL share the machine's cores",
    },
  });
}
