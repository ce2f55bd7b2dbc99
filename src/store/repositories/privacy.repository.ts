import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { personalDataAccess, tickets } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

/** Records one view of personal data. */
export async function logPersonalDataAccess(db: Tx, row: typeof personalDataAccess.$inferInsert): Promise<void> {
  await db.insert(personalDataAccess).values(row);
}

/** The access log, newest first, by platform, ticket or actor. */
export async function listPersonalDataAccess(db: Tx, f: { jurisdictionId?: string; ticketId?: string; actorId?: string; from?: number; to?: number }, limit = 200) {
  const where: SQL[] = [];
  if (f.jurisdictionId !== undefined) where.push(eq(personalDataAccess.jurisdictionId, f.jurisdictionId));
  if (f.ticketId) where.push(eq(personalDataAccess.ticketId, f.ticketId));
  if (f.actorId) where.push(eq(personalDataAccess.actorId, f.actorId));
  if (f.from !== undefined) where.push(gte(personalDataAccess.at, new Date(f.from)));
  if (f.to !== undefined) where.push(lt(personalDataAccess.at, new Date(f.to)));
  return db
    .select({ access: personalDataAccess, ticketNumber: tickets.number })
    .from(personalDataAccess)
    .leftJoin(tickets, eq(tickets.id, personalDataAccess.ticketId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(personalDataAccess.at))
    .limit(limit)
    .then((rows) => rows.map((r) => ({ ...r.access, ticketNumber: r.ticketNumber })));
}
