import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { lockDataDir, PGLITE_EXTENSIONS } from "./database.ts";

/** A backup or restore that cannot go ahead, with the reason in both languages. */
export class BackupRefusal extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", (e) =>
      fail(
        new BackupRefusal(
          `无法运行 ${cmd}：${e.message}（apt-get install postgresql-client）`,
          `cannot run ${cmd}: ${e.message} (apt-get install postgresql-client)`,
        ),
      ),
    );
    p.on("close", (code) => (code === 0 ? ok() : fail(new BackupRefusal(`${cmd} 失败：${err.trim()}`, `${cmd} failed: ${err.trim()}`))));
  });
}

/** PostgreSQL: `pg_dump` in its custom format (compressed, restorable table by table). */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await run("pg_dump", ["--format=custom", "--no-owner", `--file=${file}`, `--dbname=${url}`]);
}

/**
 * PostgreSQL: `pg_restore` into an empty database only: restoring over live data would mix
 * two histories, so a database with tables is refused.
 */
export async function restorePostgres(url: string, file: string): Promise<void> {
  if (!existsSync(file)) throw new BackupRefusal(`备份文件 ${file} 不存在`, `no backup file ${file}`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query("select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')");
    if (r.rows[0].n > 0)
      throw new BackupRefusal("目标数据库不是空库：请恢复到新建的空数据库", "the target database is not empty: restore into a new, empty database");
  } finally {
    await c.end();
  }
  await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", `--dbname=${url}`, file]);
}

/** The embedded database: PGlite's own dump of its data folder (a gzipped tar). The server must be stopped. */
export async function backupPglite(dataDir: string, file: string): Promise<void> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, "pglite"))) throw new BackupRefusal(`数据目录 ${dir} 中没有数据库`, `there is no database in ${dir}`);
  const unlock = lockDataDir(dir);
  try {
    const client = await PGlite.create(join(dir, "pglite"), { extensions: PGLITE_EXTENSIONS });
    try {
      const blob = await client.dumpDataDir("gzip");
      writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    } finally {
      await client.close();
    }
  } finally {
    unlock();
  }
}

/** The embedded database: loads a dump into a new data folder; an existing database is never overwritten. */
export async function restorePglite(dataDir: string, file: string): Promise<void> {
  if (!existsSync(file)) throw new BackupRefusal(`备份文件 ${file} 不存在`, `no backup file ${file}`);
  const dir = resolve(dataDir);
  const target = join(dir, "pglite");
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new BackupRefusal(`数据目录 ${dir} 已有数据库：请指定新的 HOTLINE_DATA_DIR`, `${dir} already holds a database: choose a new HOTLINE_DATA_DIR`);
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    const client = await PGlite.create(target, { extensions: PGLITE_EXTENSIONS, loadDataDir: new Blob([readFileSync(file)]) });
    try {
      await client.query("select 1 from ticket limit 1");
    } finally {
      await client.close();
    }
  } finally {
    unlock();
  }
}
