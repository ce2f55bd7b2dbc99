import { randomBytes } from "node:crypto";
import pg from "pg";
import { createAppContext, type AppContext } from "../src/app/context.ts";
import { seedPlatform } from "../src/app/seed/seed-platform.ts";
import { openDatabase, type DatabaseHandle } from "../src/store/database.ts";

/**
 * A fresh, seeded PostgreSQL database for one benchmark (DATABASE_URL's server, else the
 * local one); dropped afterwards. Benchmarks that measure the database need a real server.
 */
export async function benchDatabase(): Promise<{ url: string; handle: DatabaseHandle; ctx: AppContext; adminToken: string; drop: () => Promise<void> }> {
  const server = process.env["DATABASE_URL"] || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `hotline_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ url: u.toString() });
  await handle.migrate();
  const ctx = await createAppContext(handle);
  const seed = await seedPlatform(ctx, { demo: true });
  return {
    url: u.toString(),
    handle,
    ctx,
    adminToken: seed.adminToken ?? "",
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
