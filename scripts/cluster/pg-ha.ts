// A three-node PostgreSQL cluster managed by Patroni with etcd, behind HAProxy, on loopback
// (Debian packages `patroni`, `etcd-server`, `haproxy`, `postgresql`). The app connects to
// HAProxy, which sends every connection to whichever node Patroni's REST API calls the primary
// (`GET /primary` answers 200 there only); node-postgres takes one host, so failover is
// HAProxy's job, not the connection string's.
//
//   npx tsx scripts/cluster/pg-ha.ts /tmp/hotline-ha     # start; prints the DATABASE_URL; Ctrl+C stops
//
// The failover drill (test/cluster/pg-failover.test.ts) uses startPgCluster from here.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";

/** One Patroni-managed PostgreSQL node. */
export interface PgNode {
  readonly name: string;
  readonly pgPort: number;
  readonly restPort: number;
  process: ChildProcess;
}

/** A running cluster: the address the app uses, its nodes, and how to stop one or all. */
export interface PgCluster {
  /** `postgres://…` through HAProxy to the current primary (database `postgres`). */
  readonly url: string;
  readonly nodes: readonly PgNode[];
  /** The node Patroni calls primary now, if any. */
  primary(): Promise<PgNode | undefined>;
  /** Stops one node's Patroni as an operator would (SIGTERM: it shuts PostgreSQL down and hands over). */
  stopNode(node: PgNode): Promise<void>;
  stop(): Promise<void>;
}

/** Ports used: base (HAProxy), base+1..3 (PostgreSQL), base+11..13 (Patroni REST), base+20/21 (etcd). */
export interface PgClusterOptions {
  readonly basePort?: number;
  readonly pgBin?: string;
  readonly log?: (line: string) => void;
}

function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** What is missing to run the cluster here, or undefined when everything is. */
export function pgClusterMissing(pgBin = defaultPgBin()): string | undefined {
  const missing = ["patroni", "etcd", "haproxy"].filter((c) => !which(c));
  if (!pgBin) missing.push("postgresql server binaries");
  return missing.length ? `missing: ${missing.join(", ")} (apt-get install patroni etcd-server haproxy postgresql)` : undefined;
}

function defaultPgBin(): string | undefined {
  const r = spawnSync("sh", ["-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1"], { encoding: "utf8" });
  return r.stdout.trim() || undefined;
}

/** Polls `check` every 250 ms until it answers true, or fails naming what it waited for. */
export async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

const status = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(1000) })).status;

/**
 * PostgreSQL refuses to run as root: as root, Patroni runs as the `postgres` user, started
 * directly (not through runuser, which would kill it two seconds after a SIGTERM, before it
 * has handed the leader lock over).
 */
function postgresUser(): { uid: number; gid: number; env: NodeJS.ProcessEnv } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g"), env: { ...process.env, HOME: "/var/lib/postgresql", USER: "postgres" } };
}

function patroniConfig(dir: string, node: PgNode, etcdPort: number, pgBin: string): string {
  return `scope: hotline
name: ${node.name}
restapi:
  listen: 127.0.0.1:${node.restPort}
  connect_address: 127.0.0.1:${node.restPort}
etcd3:
  hosts: 127.0.0.1:${etcdPort}
bootstrap:
  dcs:
    # Short timings for a loopback drill; a city would keep Patroni's defaults (30/10/10).
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    # A commit returns once a standby has it: a primary that loses power loses no acknowledged ticket.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: false
      parameters:
        wal_level: replica
        hot_standby: "on"
        max_wal_senders: 10
        max_replication_slots: 10
  initdb:
    - encoding: UTF8
    - locale: C
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:${node.pgPort}
  connect_address: 127.0.0.1:${node.pgPort}
  data_dir: ${join(dir, node.name)}
  bin_dir: ${pgBin}
  pgpass: ${join(dir, `${node.name}.pgpass`)}
  authentication:
    superuser:
      username: postgres
      password: postgres
    replication:
      username: replicator
      password: replicator
  parameters:
    unix_socket_directories: ${dir}
`;
}

function haproxyConfig(bind: number, nodes: readonly PgNode[]): string {
  return `global
    maxconn 2000
defaults
    mode tcp
    timeout connect 2s
    timeout client 30m
    timeout server 30m
listen postgres
    bind 127.0.0.1:${bind}
    option httpchk GET /primary
    http-check expect status 200
    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${nodes.map((n) => `    server ${n.name} 127.0.0.1:${n.pgPort} check port ${n.restPort}`).join("\n")}
`;
}

/** Starts etcd, three Patroni nodes and HAProxy under `dir` (emptied first); resolves once a primary and two streaming replicas are up. */
export async function startPgCluster(dir: string, opts: PgClusterOptions = {}): Promise<PgCluster> {
  const pgBin = opts.pgBin ?? defaultPgBin();
  const missing = pgClusterMissing(pgBin);
  if (missing || !pgBin) throw new Error(missing);
  const base = opts.basePort ?? 5440;
  const log = opts.log ?? (() => {});
  dir = resolve(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pgUser = postgresUser();
  if (pgUser) chownSync(dir, pgUser.uid, pgUser.gid);
  const procs: ChildProcess[] = [];
  const spawnLogged = (name: string, cmd: string, args: string[], as?: ReturnType<typeof postgresUser>) => {
    // Run inside the cluster's folder: the caller's may be closed to the postgres user (a 0700
    // checkout under /tmp), and Patroni and initdb as that user cannot start from there.
    const p = spawn(cmd, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], ...(as ?? {}) });
    p.stdout?.on("data", (d: Buffer) => log(`[${name}] ${d.toString().trimEnd()}`));
    p.stderr?.on("data", (d: Buffer) => log(`[${name}] ${d.toString().trimEnd()}`));
    procs.push(p);
    return p;
  };

  const nodes: PgNode[] = [1, 2, 3].map((i) => ({ name: `pg${i}`, pgPort: base + i, restPort: base + 10 + i, process: undefined as unknown as ChildProcess }));
  const url = `postgres://postgres:postgres@127.0.0.1:${base}/postgres`;
  try {
    const etcdClient = base + 20;
    const etcdPeer = base + 21;
    spawnLogged("etcd", "etcd", [
      "--name",
      "e1",
      "--data-dir",
      join(dir, "etcd"),
      "--listen-client-urls",
      `http://127.0.0.1:${etcdClient}`,
      "--advertise-client-urls",
      `http://127.0.0.1:${etcdClient}`,
      "--listen-peer-urls",
      `http://127.0.0.1:${etcdPeer}`,
      "--initial-advertise-peer-urls",
      `http://127.0.0.1:${etcdPeer}`,
      "--initial-cluster",
      `e1=http://127.0.0.1:${etcdPeer}`,
    ]);
    await until("etcd", async () => (await status(`http://127.0.0.1:${etcdClient}/health`)) === 200, 30_000);

    const startNode = (n: PgNode) => {
      const file = join(dir, `${n.name}.yml`);
      writeFileSync(file, patroniConfig(dir, n, etcdClient, pgBin));
      if (userInfo().uid === 0) spawnSync("chown", ["postgres:postgres", file]);
      n.process = spawnLogged(n.name, "patroni", [file], postgresUser());
    };
    // The first node bootstraps alone; the others then join as replicas.
    startNode(nodes[0]!);
    await until("the first primary", async () => (await status(`http://127.0.0.1:${nodes[0]!.restPort}/primary`)) === 200, 90_000);
    for (const n of nodes.slice(1)) startNode(n);
    for (const n of nodes.slice(1)) await until(`replica ${n.name}`, async () => (await status(`http://127.0.0.1:${n.restPort}/replica`)) === 200, 90_000);

    writeFileSync(join(dir, "haproxy.cfg"), haproxyConfig(base, nodes));
    spawnLogged("haproxy", "haproxy", ["-db", "-f", join(dir, "haproxy.cfg")]);
    // HAProxy starts with every server up until its checks say otherwise: wait until several
    // connections in a row all reach the primary, so the replicas have been marked down.
    let inARow = 0;
    await until(
      "HAProxy to send every connection to the primary",
      async () => {
        const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
        c.on("error", () => {});
        try {
          await c.connect();
          const primary = (await c.query<{ r: boolean }>("select pg_is_in_recovery() as r")).rows[0]?.r === false;
          inARow = primary ? inARow + 1 : 0;
          return inARow >= 6;
        } finally {
          await c.end().catch(() => {});
        }
      },
      30_000,
    );
  } catch (e) {
    // A half-started cluster must not outlive the attempt (its ports would block the next one).
    for (const n of nodes) n.process?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 3000));
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    throw e;
  }

  const cluster: PgCluster = {
    url,
    nodes,
    async primary() {
      for (const n of nodes) if ((await status(`http://127.0.0.1:${n.restPort}/primary`).catch(() => 0)) === 200) return n;
      return undefined;
    },
    async stopNode(n) {
      const gone = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;
      const exited = new Promise<void>((r) => (gone(n.process) ? r() : n.process.once("exit", () => r())));
      // Patroni stops PostgreSQL (which sends its last WAL to the replicas) and releases the leader lock.
      n.process.kill("SIGTERM");
      await exited;
    },
    async stop() {
      await Promise.all(nodes.map((n) => cluster.stopNode(n).catch(() => {})));
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    },
  };
  return cluster;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "/tmp/hotline-ha";
  const c = await startPgCluster(dir, { log: (l) => process.stderr.write(`${l}\n`) });
  console.log(`PostgreSQL with Patroni: DATABASE_URL=${c.url}  (primary: ${(await c.primary())?.name})`);
  const stop = () => void c.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
