import { sql } from "drizzle-orm";
import { type Tx, type OutboundRow } from "./ticket.repository.ts";

/**
 * Queues notices that no ticket change carries (alerts, warnings); a key already queued is
 * skipped. Answers how many were new.
 */
export async function queueNotices(db: Tx, jurisdictionId: string, rows: readonly OutboundRow[], at: Date): Promise<number> {
  let queued = 0;
  for (const r of rows) {
    const x =
      (await db.execute(sql`insert into outbound_message (jurisdiction_id, template, recipient, body, dedupe_key, status, attempts, next_attempt_at, created_at)
      values (${jurisdictionId}, ${r.template}, ${r.recipient}, ${r.body}, ${r.dedupeKey}, 'queued', 0, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
      on conflict (dedupe_key) do nothing returning 1`)) as unknown as { rows: unknown[] };
    queued += x.rows.length;
  }
  return queued;
}
