import { type DatabaseHandle, type Database } from "../store/database.ts";
import { CalendarService } from "./calendar/calendar-service.ts";
import { PolicyRegistry } from "./policies/policy-registry.ts";
import { learnStoredPolicies } from "./policies/stored-policies.ts";
import { loadPlatformWords } from "./assist/platform-dictionary.ts";
import { TicketIdRanges } from "../store/ticket-id-ranges.ts";
import { ticketWrites, type TicketWrites } from "../store/ticket-writes.ts";
import { TicketHomes } from "../store/ticket-homes.ts";

/** What every use case needs: the database, the policies, the calendars and the clock. */
export interface AppContext {
  readonly handle: DatabaseHandle;
  readonly db: Database;
  readonly policies: PolicyRegistry;
  readonly calendars: CalendarService;
  /** Periods of receipt as ranges of ticket ids, so period queries read only their months. */
  readonly ticketIds: TicketIdRanges;
  /** Ticket numbers, new tickets and commands' changes, written together with those of concurrent requests. */
  readonly ticketWrites: TicketWrites;
  /** Which month's partition holds a ticket, from its id: reads and writes of one ticket address that table. */
  readonly ticketHomes: TicketHomes;
  /** The clock, injected so tests run on any day. */
  readonly now: () => number;
}

/** Builds the context over an open, migrated database. */
export async function createAppContext(handle: DatabaseHandle, opts: { now?: () => number; policies?: PolicyRegistry } = {}): Promise<AppContext> {
  const calendars = new CalendarService(handle.db);
  await calendars.reload();
  await loadPlatformWords(handle.db);
  const ticketIds = await TicketIdRanges.load(handle.db);
  const homes = await TicketHomes.load(handle.db);
  const policies = opts.policies ?? PolicyRegistry.shipped();
  await learnStoredPolicies(handle.db, policies);
  return {
    handle,
    db: handle.db,
    policies,
    calendars,
    ticketIds,
    ticketWrites: ticketWrites(handle.byKey, homes),
    ticketHomes: homes,
    now: opts.now ?? Date.now,
  };
}
