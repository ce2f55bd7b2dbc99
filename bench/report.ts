import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One benchmark's report, in the shape of architecture.md. */
export interface BenchReport {
  name: string;
  metric: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  ratio: number;
  target: string;
  met: boolean;
  details: Record<string, unknown>;
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The `p` quantile (0–1) of a list of numbers, nearest-rank. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

/** Writes `bench/results/NAME.json` and prints a one-line summary. */
export function writeReport(r: BenchReport): void {
  const out = join(dirname(fileURLToPath(import.meta.url)), "results");
  mkdirSync(out, { recursive: true });
  const full = { ...r, machine: `${cpus().length} cores`, date: new Date().toISOString() };
  writeFileSync(join(out, `${r.name}.json`), `${JSON.stringify(full, null, 2)}\n`);
  console.log(
    `${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline.name} ${r.baseline.value}, ratio ${r.ratio}) target "${r.target}": ${r.met ? "met" : "NOT met"}`,
  );
}
