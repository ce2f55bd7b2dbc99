import { sql, type SQL } from "drizzle-orm";
import { type TicketState } from "../../domain/ticket/ticket.ts";
import { type Database } from "../database.ts";
import { stateOf } from "./ticket.repository.ts";

/** A supervision not yet answered: the predicate of the partial index `ticket_open_supervision_idx` (schema/tickets.ts), word for word. */
export const OPEN_SUPERVISION = "jsonb_path_exists(state, '$.supervisions[*] ? (!exists(@.answer))')";

/**
 * The tickets the supervisor's board may show (GZ-23, GX-27): every ticket whose current limit
 * (any kind) ends before `soon`, and those with a supervision not yet answered. Each arm has an
 * index of its own (open due, status, rating work, open supervision), so the board reads few rows
 * whatever the platform holds.
 */
export function boardQuery(jurisdictionId: string, soon: number): SQL {
  return sql`
    select state from ticket
    where jurisdiction_id = ${jurisdictionId}
      and ((status in ('awaiting_sign', 'handling', 'awaiting_return_decision', 'awaiting_unit_review') and due_at < ${new Date(soon).toISOString()}::timestamptz)
        or (status = 'awaiting_sign' and (state->'assignment'->>'signDue')::float8 < ${soon})
        or (status = 'awaiting_dispatch' and (state->>'dispatchDue')::float8 < ${soon})
        or ${sql.raw(OPEN_SUPERVISION)}
        or (status = 'awaiting_return_decision' and (state->'pendingReturn'->>'rulingDue')::float8 < ${soon})
        or ((state->'rectification'->>'status' in ('awaiting', 'filed') or state->'ratingAppeal'->>'status' = 'pending') and (state->'rectification'->>'due')::float8 < ${soon}))
    order by due_at nulls last
    limit 2000`;
}

/** The board's tickets, read by {@link boardQuery}. */
export async function boardTickets(db: Database, jurisdictionId: string, soon: number): Promise<TicketState[]> {
  const r = (await db.execute(boardQuery(jurisdictionId, soon))) as unknown as { rows: { state: TicketState | string }[] };
  return r.rows.map((x) => stateOf(x.state));
}
