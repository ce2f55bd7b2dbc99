import { sql } from "drizzle-orm";
import { pendingMigrations } from "../../store/database.ts";
import { type AppContext } from "../context.ts";

/** Whether the database answers, and how many migrations it still lacks (readiness probes). */
export async function databaseReadiness(ctx: AppContext): Promise<{ database: "ok" | "unreachable"; migrationsPending: number }> {
  try {
    await ctx.db.execute(sql`select 1`);
    return { database: "ok", migrationsPending: await pendingMigrations(ctx.db) };
  } catch {
    return { database: "unreachable", migrationsPending: 0 };
  }
}
