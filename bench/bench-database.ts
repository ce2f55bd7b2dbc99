import { createFreshDatabase } from "../test/support/fresh-database.ts";
import { createAppContext, type AppContext } from "../src/app/context.ts";
import { seedPlatform } from "../src/app/seed/seed-platform.ts";
import { openDatabase, type DatabaseHandle } from "../src/store/database.ts";

/**
 * A fresh, seeded PostgreSQL database for one benchmark (DATABASE_URL's server, else the
 * local one); dropped afterwards. Benchmarks that measure the database need a real server.
 */
export async function benchDatabase(): Promise<{ url: string; handle: DatabaseHandle; ctx: AppContext; adminToken: string; drop: () => Promise<void> }> {
  const server = process.env["DATABASE_URL"] || "postgres://postgres@127.0.0.1:5432/postgres";
  const fresh = await createFreshDatabase(server, "hotline_bench");
  const handle = await openDatabase({ url: fresh.url });
  await handle.migrate();
  const ctx = await createAppContext(handle);
  const seed = await seedPlatform(ctx, { demo: true });
  return {
    url: fresh.url,
    handle,
    ctx,
    adminToken: seed.adminToken ?? "",
    drop: async () => {
      await handle.close();
      await fresh.drop();
    },
  };
}
