import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { timerFirings, timers } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

/**
 * Claims due timers for this transaction. A ticket's timers only ever change under its row
 * lock, so the sweeper locks the tickets (`FOR UPDATE SKIP LOCKED`): several server instances
 * sweep at once, each ticket's timers are held by exactly one of them, and no one waits in a cycle.
 */
export async function claimDueTimers(tx: Tx, now: number, limit: number) {
  const at = new Date(now).toISOString();
  const locked = (await tx.execute(sql`
    select t.id from ticket t
    join (select distinct ticket_id from timer where due_at <= ${at}::timestamptz) d on d.ticket_id = t.id
    limit ${limit}
    for update of t skip locked`)) as unknown as { rows: { id: string }[] };
  const ids = locked.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(timers)
    .where(and(inArray(timers.ticketId, ids), lte(timers.dueAt, new Date(now))))
    .orderBy(asc(timers.dueAt));
}

/** Removes a fired timer. */
export async function deleteTimer(tx: Tx, id: string): Promise<void> {
  await tx.delete(timers).where(eq(timers.id, id));
}

/** Records a firing (kept for operations and for the "never twice" proof). */
export async function recordFiring(tx: Tx, f: typeof timerFirings.$inferInsert): Promise<void> {
  await tx.insert(timerFirings).values(f);
}
