import { type SQL } from "drizzle-orm";
import { type PgDialect, type PgSession } from "drizzle-orm/pg-core";
import type { Tx } from "./repositories/ticket.repository.ts";

/**
 * Runs a statement of the write path as a named prepared statement: PostgreSQL parses and
 * plans each name once per connection instead of on every call. For the ticket writes (one
 * statement of seven inserts in CTEs) planning cost about as much as executing. drizzle's
 * `execute` sends every statement unnamed; its session's `prepareQuery` takes a name (node-postgres
 * passes it to pg as a prepared statement; PGlite runs it as usual). The name must stand for one
 * SQL text only: it is the statement's identity on the connection.
 */
export async function executeNamed<T = Record<string, unknown>>(db: Tx, name: string, query: SQL): Promise<{ rows: T[] }> {
  const { session, dialect } = db as unknown as { session: PgSession; dialect: PgDialect };
  return (await session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute()) as { rows: T[] };
}
