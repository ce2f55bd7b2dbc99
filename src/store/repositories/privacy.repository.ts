import { and, desc, eq, type SQL } from "drizzle-orm";
import { personalDataAccess } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

/** Records one view of personal data. */
export async function logPersonalDataAccess(db: Tx, row: typeof personalDataAccess.$inferInsert): Promise<void> {
  await db.insert(personalDataAccess).values(row);
}

/** The access log, newest first, by platform, ticket or actor. */
export async function listPersonalDataAccess(db: Tx, f: { jurisdictionId?: string; ticketId?: string; actorId?: string }, limit = 200) {
  const where: SQL[] = [];
  if (f.jurisdictionId !== undefined) where.push(eq(personalDataAccess.jurisdictionId, f.jurisdictionId));
  if (f.ticketId) where.push(eq(personalDataAccess.ticketId, f.ticketId));
  if (f.actorId) where.push(eq(personalDataAccess.actorId, f.actorId));
  return db.select().from(personalDataAccess).where(where.length ? and(...where) : undefined).orderBy(desc(personalDataAccess.at)).limit(limit);
}
