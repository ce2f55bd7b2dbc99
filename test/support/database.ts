import { createAppContext, type AppContext } from "../../src/app/context.ts";
import { seedPlatform, type SeedReport } from "../../src/app/seed/seed-platform.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createFreshDatabase } from "./fresh-database.ts";

/** A migrated, seeded database of its own for one test file. */
export interface TestApp {
  readonly ctx: AppContext;
  readonly seed: SeedReport;
  /** `postgres://…` of this file's database, for spawning the CLI against it; undefined on PGlite. */
  readonly databaseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Opens a fresh database for a test file: a new database on the PostgreSQL server that
 * `npm test` found (TEST_PG_URL), or, where none answered, an in-memory PGlite.
 */
export async function openTestApp(opts: { now?: () => number } = {}): Promise<TestApp> {
  const server = process.env["TEST_PG_URL"];
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (server) {
    const fresh = await createFreshDatabase(server, process.env["TEST_DB_PREFIX"] ?? "hotline_test");
    databaseUrl = fresh.url;
    drop = fresh.drop;
  }
  const handle = await openDatabase(databaseUrl ? { url: databaseUrl } : { inMemory: true });
  await handle.migrate();
  const ctx = await createAppContext(handle, opts);
  const seed = await seedPlatform(ctx, { demo: true });
  return {
    ctx,
    seed,
    databaseUrl,
    close: async () => {
      await handle.close();
      await drop?.();
    },
  };
}
