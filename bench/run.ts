/** Runs every benchmark, or the one named. */
export async function runBenchmarks(name?: string): Promise<void> {
  const all: Record<string, () => Promise<void>> = {
    "deadline-engine": async () => (await import("./deadline-engine.bench.ts")).run(),
    "intake-http": async () => (await import("./intake-http.bench.ts")).run(),
    lifecycle: async () => (await import("./lifecycle.bench.ts")).run(),
    classifier: async () => (await import("./classifier.bench.ts")).run(),
    "knowledge-search": async () => (await import("./knowledge-search.bench.ts")).run(),
    "similar-tickets": async () => (await import("./similar-tickets.bench.ts")).run(),
    dashboard: async () => (await import("./dashboard.bench.ts")).run(),
    "day-replay": async () => (await import("./day-replay.bench.ts")).run(),
    partitions: async () => (await import("./partitions.bench.ts")).run(),
    "dispatch-accuracy": async () => (await import("./dispatch-accuracy.bench.ts")).run(),
    "catalogue-dry-run": async () => (await import("./catalogue-dry-run.bench.ts")).run(),
    suggest: async () => (await import("./suggest.bench.ts")).run(),
    startup: async () => (await import("./startup.bench.ts")).run(),
  };
  const names = name ? [name] : Object.keys(all);
  for (const n of names) {
    const fn = all[n];
    if (!fn) {
      process.stderr.write(`unknown benchmark ${n} (known: ${Object.keys(all).join(", ")})\n`);
      process.exit(2);
    }
    await fn();
  }
}
