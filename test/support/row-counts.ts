import { sql } from "drizzle-orm";
import { type AppContext } from "../../src/app/context.ts";

/**
 * Tables a refused request writes to by design: the audit log records the attempt (failed
 * sign-ins, the deployment token's reads) and the rate limiter counts it.
 */
export const WRITTEN_BY_REFUSALS = ["audit_log", "rate_limit"] as const;

/**
 * The row count of every table of the schema (partitioned tables counted whole), read from the
 * catalogue so a new table is counted without anyone listing it: a refusal must leave them equal.
 */
export async function rowCounts(ctx: AppContext, except: readonly string[] = WRITTEN_BY_REFUSALS): Promise<Record<string, number>> {
  const tables = (
    (await ctx.db.execute(sql`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`)) as unknown as { rows: { name: string }[] }
  ).rows.map((r) => r.name);
  const out: Record<string, number> = {};
  for (const name of tables.filter((t) => !except.includes(t))) {
    const r = (await ctx.db.execute(sql`select count(*)::int as n from ${sql.identifier(name)}`)) as unknown as { rows: { n: number }[] };
    out[name] = r.rows[0]?.n ?? 0;
  }
  return out;
}
