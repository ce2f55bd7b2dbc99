import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { ensureMonthlyPartitions } from "./partitions.ts";
import { type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import * as schema from "./schema/index.ts";

/** Extensions the migrations create; PostgreSQL ships them in contrib, PGlite needs them loaded. */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** The typed database, the same type over PostgreSQL and PGlite. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database and how to close it. */
export interface DatabaseHandle {
  readonly db: Database;
  /**
   * The same database for statements that reach rows by their key (the ticket writes): on
   * PostgreSQL, connections of their own that never plan a sequential scan where an index serves.
   * A prepared statement keeps the plan made when a month's partition was new and nearly empty,
   * where reading the few pages beats the index; as the month fills, that plan would read the
   * whole month on every write. On the embedded database, `db` itself.
   */
  readonly byKey: Database;
  readonly kind: "postgres" | "pglite";
  /** Where the data is, for logs and messages (password removed). */
  readonly location: string;
  /** Applies pending migrations. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Connections of the PostgreSQL pool now (none for the embedded database, which has one). */
  poolUse?(): { readonly total: number; readonly idle: number; readonly waiting: number };
}

/** Where to open the database. */
export interface DatabaseOptions {
  /** `postgres://…`; when absent the embedded PGlite database in `dataDir` is used. */
  readonly url?: string | undefined;
  /** Folder of the embedded database (`HOTLINE_DATA_DIR`, default `./data`). */
  readonly dataDir?: string | undefined;
  /** PGlite in memory, for tests that have no PostgreSQL server. */
  readonly inMemory?: boolean;
}

/** Raised when another process holds the embedded data folder. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个 hotline 进程（pid ${pid}）使用；请先停止它，或使用其管理接口。\n` +
        `The data folder ${dataDir} is in use by another hotline process (pid ${pid}); stop it first or use its admin API.`,
    );
  }
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return typeof e === "object" && e !== null && "code" in e && e.code === "EPERM";
  }
}

/**
 * Takes the data folder's lock file. PGlite has no cross-process lock of its own, and two
 * processes writing one folder corrupt it, so a second server is refused here.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, "hotline.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (e) {
      if (!(typeof e === "object" && e !== null && "code" in e && e.code === "EEXIST")) throw e;
      const pid = Number(readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`cannot take the lock ${lockPath}`);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres";
  }
}

/** A pool of PostgreSQL connections (`options`: settings every connection starts with). */
function connectPool(url: string, max: number, options?: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, ...(options ? { options } : {}) });
  // An idle connection the server ends (restart, failover, admin shutdown) must not crash the process;
  // the pool drops it and the next query opens a new one.
  pool.on("error", (e: Error & { code?: string }) => {
    if (e.code !== "57P01") process.stderr.write(`database pool: idle connection error: ${e.message}\n`);
  });
  // A connection lost while checked out (between a transaction's statements, in a failover)
  // emits "error" on its client, which would end the process with no listener; the statement
  // in progress fails on its own and the pool discards the client.
  pool.on("connect", (client) => {
    client.on("error", (e: Error & { code?: string }) => {
      if (e.code !== "57P01") process.stderr.write(`database: connection lost: ${e.message}\n`);
    });
  });
  return pool;
}

/** Opens PostgreSQL at `url`, or the embedded PGlite database in `dataDir`. */
export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    const pool = connectPool(opts.url, Number(process.env["HOTLINE_DB_POOL"] ?? 10));
    // Enough for the ticket writes in flight at once (write-batches: two per kind and partition).
    const keyPool = connectPool(opts.url, Number(process.env["HOTLINE_DB_KEY_POOL"] ?? 8), "-c enable_seqscan=off");
    const db = drizzlePg(pool, { schema });
    return {
      db,
      byKey: drizzlePg(keyPool, { schema }),
      kind: "postgres",
      location: redact(opts.url),
      migrate: async () => {
        await migratePg(db, { migrationsFolder: MIGRATIONS });
        await ensureMonthlyPartitions(db, Date.now());
      },
      close: async () => {
        await Promise.all([pool.end(), keyPool.end()]);
      },
      poolUse: () => ({
        total: pool.totalCount + keyPool.totalCount,
        idle: pool.idleCount + keyPool.idleCount,
        waiting: pool.waitingCount + keyPool.waitingCount,
      }),
    };
  }
  if (opts.inMemory) {
    const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    const db = drizzlePglite(client, { schema });
    return {
      db,
      byKey: db,
      kind: "pglite",
      location: "memory",
      migrate: async () => {
        await migratePglite(db, { migrationsFolder: MIGRATIONS });
        await ensureMonthlyPartitions(db, Date.now());
      },
      close: () => client.close(),
    };
  }
  const dataDir = resolve(opts.dataDir ?? "./data");
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const client = await PGlite.create(join(dataDir, "pglite"), { extensions: PGLITE_EXTENSIONS });
    const db = drizzlePglite(client, { schema });
    return {
      db,
      byKey: db,
      kind: "pglite",
      location: join(dataDir, "pglite"),
      migrate: async () => {
        await migratePglite(db, { migrationsFolder: MIGRATIONS });
        await ensureMonthlyPartitions(db, Date.now());
      },
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** How many shipped migrations the database has not applied (0 when current). */
export async function pendingMigrations(db: Database): Promise<number> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  try {
    const r = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as { rows: { n: number }[] };
    return journal.entries.length - (r.rows[0]?.n ?? 0);
  } catch {
    return journal.entries.length;
  }
}

/** True when the embedded database folder has been created before. */
export function embeddedDatabaseExists(dataDir: string): boolean {
  return existsSync(join(resolve(dataDir), "pglite", "PG_VERSION"));
}

export { schema };
