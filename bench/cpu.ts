import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU seconds used so far by this process and by every local `postgres` process (from
 * /proc). Benchmarks compare two readings to say where a request's CPU time goes; on a
 * machine without /proc, or with the database elsewhere, `pg` is undefined.
 */
export function cpuSeconds(): { node: number; pg: number | undefined } {
  const u = process.cpuUsage();
  const node = (u.user + u.system) / 1e6;
  let pg = 0;
  let seen = false;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return { node, pg: undefined };
  }
  // Clock ticks per second is 100 on Linux.
  for (const d of entries) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, "utf8").trim() !== "postgres") continue;
      const f = readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ");
      pg += (Number(f[11]) + Number(f[12])) / 100;
      seen = true;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return { node, pg: seen ? pg : undefined };
}

/** CPU milliseconds per operation between two readings. */
export function cpuPerOp(a: ReturnType<typeof cpuSeconds>, b: ReturnType<typeof cpuSeconds>, ops: number): { node_ms: number; pg_ms: number | null } {
  return {
    node_ms: +(((b.node - a.node) * 1000) / ops).toFixed(3),
    pg_ms: a.pg !== undefined && b.pg !== undefined ? +(((b.pg - a.pg) * 1000) / ops).toFixed(3) : null,
  };
}
