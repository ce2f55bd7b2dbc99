import { sql } from "drizzle-orm";
import { type Database } from "../database.ts";

/**
 * The ticket a reply from this phone answers: the latest satisfaction request sent to it whose
 * ticket still waits for its rating. Undefined when none waits.
 */
export async function ticketAwaitingRatingFrom(db: Database, phone: string): Promise<{ ticketId: string; number: string } | undefined> {
  const { rows } = (await db.execute(sql`
    select t.id::text as id, t.number
    from outbound_message m join ticket t on t.id = m.ticket_id
    where m.template = 'satisfaction_request' and m.recipient = ${phone} and t.status = 'awaiting_callback' and not t.state ? 'rating'
    order by m.created_at desc
    limit 1`)) as unknown as { rows: { id: string; number: string }[] };
  return rows[0] ? { ticketId: rows[0].id, number: rows[0].number } : undefined;
}
