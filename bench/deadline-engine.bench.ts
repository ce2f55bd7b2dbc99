import { computeDeadline } from "../src/domain/deadlines/deadline-engine.ts";
import { policy, calendar, calendarYears } from "../test/support/fixtures.ts";
import { DayWalk } from "../test/support/day-walk.ts";
import { median, writeReport } from "./report.ts";

const ENGINE_N = 1_000_000;
const WALK_N = 50_000;
const ROUNDS = 5;

/** Random start instants over 2020–2026 (fixed seed, so every run counts the same work). */
function instants(n: number): Float64Array {
  const lo = Date.parse("2020-01-01T00:00:00+08:00");
  const span = Date.parse("2026-12-01T00:00:00+08:00") - lo;
  let seed = 12345;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out[i] = lo + (seed / 0x7fffffff) * span;
  }
  return out;
}

/** Engine vs the plain day-by-day walk, in the same run, on the same kind of inputs. */
export async function run(): Promise<void> {
  const gz = policy("guangzhou-2022");
  const cal = calendar(gz);
  const walk = new DayWalk(calendarYears().filter((y) => y.scope === "CN"));
  const starts = instants(ENGINE_N);
  const engineRates: number[] = [];
  const engineMs: number[] = [];
  const walkRates: number[] = [];
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved so that machine noise hits both alike.
    let t = performance.now();
    for (let i = 0; i < WALK_N; i++) sink += walk.nthWorkingDayAfter(starts[i] ?? 0, 10).length;
    walkRates.push(WALK_N / ((performance.now() - t) / 1000));

    t = performance.now();
    for (let i = 0; i < ENGINE_N; i++) {
      const r = computeDeadline(gz, cal, { rule: "handling", type: "complaint", from: starts[i] ?? 0 });
      if (r.ok) sink += r.value.due;
    }
    const ms = performance.now() - t;
    engineMs.push(ms);
    engineRates.push(ENGINE_N / (ms / 1000));
  }
  if (sink === 42) console.log("");
  const value = Math.round(median(engineRates));
  const baseline = Math.round(median(walkRates));
  const ratio = Math.round((value / baseline) * 10) / 10;
  const oneMillionMs = Math.round(median(engineMs));
  writeReport({
    name: "deadline-engine",
    metric: "deadlines_per_s",
    value,
    unit: "deadlines/s",
    baseline: { name: "day-by-day walk", value: baseline },
    ratio,
    target: "ratio >= 50 and 1 million deadlines < 2000 ms",
    met: ratio >= 50 && oneMillionMs < 2000,
    details: {
      one_million_ms_median: oneMillionMs,
      rounds: ROUNDS,
      engine_n: ENGINE_N,
      walk_n: WALK_N,
      rule: "handling, complaint, guangzhou-2022 (10 working days)",
    },
  });
}
