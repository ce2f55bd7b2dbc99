import { TICKET_NUMBER } from "../domain/ticket/ticket-number.ts";
import { sql, type SQL } from "drizzle-orm";
import { type Database } from "./database.ts";
import { ticketIdFloor } from "./uuid.ts";
import { spanOf } from "./newest-first.ts";

const HOUR = 3_600_000;

/**
 * Periods of receipt as ranges of ticket ids. The ticket table and its events are partitioned by
 * month on the ticket's id, which carries the millisecond the ticket was received (a constraint
 * keeps it so, migration 20261201185653); a query that names the id range of its period is planned
 * on the months it covers only, instead of on every month of every year.
 *
 * Tickets made before the ids carried the time have random ids and were received by a cut-off
 * (`ticket_id_legacy`): a period that reaches back to the cut-off gets no id bounds, so they are
 * still found (the query is then planned on every month, as before).
 */
export class TicketIdRanges {
  constructor(
    /** Received time of the last ticket with a random id; null when there are none. */
    readonly legacyUntil: number | null,
  ) {}

  /** Reads the cut-off once (it is written by the migration and never changes). */
  static async load(db: Database): Promise<TicketIdRanges> {
    const { rows } = (await db.execute(sql`select received_until from ticket_id_legacy`)) as unknown as { rows: { received_until: Date | string | null }[] };
    const until = rows[0]?.received_until;
    return new TicketIdRanges(until === undefined || until === null ? null : new Date(until).getTime());
  }

  /** Whether ids are exact for tickets received at or after `from` (undefined: since ever). */
  private exactFrom(from: number | undefined): boolean {
    return this.legacyUntil === null || (from !== undefined && from > this.legacyUntil);
  }

  /**
   * The id bounds of tickets received in [from, to) (either end open), as a condition on `id`
   * to add beside the `received_at` condition; undefined when the ids would not be exact.
   */
  within(id: SQL, from: number | undefined, to: number | undefined): SQL | undefined {
    if (!this.exactFrom(from) || (from === undefined && to === undefined)) return undefined;
    const lo = from !== undefined ? sql`${id} >= ${ticketIdFloor(from)}::uuid` : undefined;
    const hi = to !== undefined ? sql`${id} < ${ticketIdFloor(to)}::uuid` : undefined;
    return lo && hi ? sql`(${lo} and ${hi})` : (lo ?? hi);
  }

  /** {@link within} as ` and …` to append to a condition, or nothing. */
  andWithin(id: SQL, from: number | undefined, to: number | undefined): SQL {
    const b = this.within(id, from, to);
    return b ? sql` and ${b}` : sql``;
  }

  /**
   * Tickets received in [from, to), `alias` naming the ticket table in the query: the condition on
   * the time received, with the id range beside it where it is exact. The one way period queries
   * on tickets say their period.
   */
  receivedIn(alias: string | undefined, from: number, to: number): SQL {
    const col = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
    const ids = this.within(col("id"), from, to);
    return sql.join([...spanOf(col("received_at"), { lower: from, upper: to }), ...(ids ? [ids] : [])], sql` and `);
  }

  /**
   * The id bounds of a ticket number: numbers carry the local day received (`GZ20261124000123`);
   * 14 hours either side of the UTC day cover every platform's zone.
   */
  ofNumber(id: SQL, number: string): SQL | undefined {
    const m = TICKET_NUMBER.exec(number);
    if (!m) return undefined;
    const day = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]));
    return Number.isFinite(day) ? this.within(id, day - 14 * HOUR, day + 38 * HOUR) : undefined;
  }
}
