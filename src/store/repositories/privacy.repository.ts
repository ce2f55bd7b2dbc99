import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { personalDataAccess, tickets } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";
import { cappedCount, cursorMicros, olderThan, pageOf, type LogPageRequest } from "../log-page.ts";

/** Records one view of personal data. */
export async function logPersonalDataAccess(db: Tx, row: typeof personalDataAccess.$inferInsert): Promise<void> {
  await db.insert(personalDataAccess).values(row);
}

/** What the access log is filtered by. */
export interface AccessFilter {
  readonly jurisdictionId?: string;
  readonly ticketId?: string;
  readonly actorId?: string;
  readonly from?: number;
  readonly to?: number;
}

function conditions(f: AccessFilter): SQL[] {
  const where: SQL[] = [];
  if (f.jurisdictionId !== undefined) where.push(eq(personalDataAccess.jurisdictionId, f.jurisdictionId));
  if (f.ticketId) where.push(eq(personalDataAccess.ticketId, f.ticketId));
  if (f.actorId) where.push(eq(personalDataAccess.actorId, f.actorId));
  if (f.from !== undefined) where.push(gte(personalDataAccess.at, new Date(f.from)));
  if (f.to !== undefined) where.push(lt(personalDataAccess.at, new Date(f.to)));
  return where;
}

/** A page of the access log, newest first, by platform, ticket, actor or period, with its total. */
export async function personalDataAccessPage(db: Tx, f: AccessFilter, page: LogPageRequest) {
  const where = conditions(f);
  const [rows, total] = await Promise.all([
    db
      .select({ access: personalDataAccess, ticketNumber: tickets.number, micros: cursorMicros(personalDataAccess.at) })
      .from(personalDataAccess)
      .leftJoin(tickets, eq(tickets.id, personalDataAccess.ticketId))
      .where(and(...where, ...olderThan(personalDataAccess.at, personalDataAccess.id, page.cursor)))
      .orderBy(desc(personalDataAccess.at), desc(personalDataAccess.id))
      .limit(page.limit + 1),
    cappedCount(db, personalDataAccess, where.length ? and(...where) : undefined),
  ]);
  return {
    ...pageOf(
      rows.map((r) => ({ ...r.access, ticketNumber: r.ticketNumber, micros: r.micros })),
      page.limit,
    ),
    total,
  };
}
