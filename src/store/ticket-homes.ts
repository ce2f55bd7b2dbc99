import { sql } from "drizzle-orm";
import { partitionName } from "./partitions.ts";
import { idMillis } from "./uuid.ts";
import { type Tx } from "./repositories/ticket.repository.ts";

/** The partition a ticket's row is in (`ticket_y2026m12`, `ticket_default`), for the write that follows. */
export type TicketHome = string & { readonly __home: unique symbol };

/**
 * Where a ticket's row is, worked out from its id. The ticket table is partitioned by ranges of
 * id, a month each, bounded at the id floor of the month's first millisecond (store/partitions.ts),
 * so a row lies in the month its id's first 48 bits name if that month's partition exists, else in
 * the default one. That holds for any id, random legacy ones too: rows are placed by the id's
 * value. A statement on that table alone is prepared once per connection and plans nothing per
 * call; on the partitioned table, it would be planned per call (or lock every month's partition).
 *
 * The months known here are read at start and after this process makes months; one made by
 * another instance since shows as a miss, and the caller asks the partitioned table ({@link reload}).
 */
export class TicketHomes {
  constructor(private months: ReadonlySet<string>) {}

  static async load(db: Tx): Promise<TicketHomes> {
    return new TicketHomes(await monthsOf(db));
  }

  /** Reads the months again (after partitions were made, here or elsewhere). */
  async reload(db: Tx): Promise<void> {
    this.months = await monthsOf(db);
  }

  /** The table holding the ticket with this id, if it exists. */
  of(id: string): TicketHome {
    const ms = idMillis(id);
    const d = new Date(ms);
    const month = Number.isFinite(ms) ? partitionName("ticket", d.getUTCFullYear(), d.getUTCMonth() + 1) : "";
    return (this.months.has(month) ? month : this.months.has("ticket_default") ? "ticket_default" : "ticket") as TicketHome;
  }
}

async function monthsOf(db: Tx): Promise<Set<string>> {
  const { rows } = (await db.execute(
    sql`select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'ticket'::regclass`,
  )) as unknown as { rows: { relname: string }[] };
  return new Set(rows.map((r) => r.relname));
}
