import { LRUCache } from "lru-cache";
import { type TicketState } from "../domain/ticket/ticket.ts";
import { type Database } from "./database.ts";
import { currentRequestId } from "./request-context.ts";
import {
  insertTickets,
  newTicketRecord,
  giveBackTicketNumbers,
  takeTicketNumbers,
  saveTickets,
  throwIfRefused,
  ticketChangeRecord,
  type NewTicket,
  type SaveOutcome,
  type TicketChange,
  type TicketChangeRecord,
} from "./repositories/ticket.repository.ts";
import { type TicketHome, type TicketHomes } from "./ticket-homes.ts";
import { writeBatches } from "./write-batches.ts";
import { numberReserve, type NumberReserve } from "./number-reserve.ts";
import { ticketNumber } from "../domain/ticket/ticket-number.ts";

/** The ticket writes that concurrent requests share (group commit, {@link writeBatches}). */
export interface TicketWrites {
  /** The next number of a platform's day (`prefix`, `YYYYMMDD`): unique and increasing in the order taken. */
  number(prefix: string, day: string): Promise<string>;
  /**
   * Numbers a new ticket (`make` builds it around its number) and stores it with its first
   * events, timers, contact, search text and notices; resolves with it once committed.
   */
  insert(prefix: string, day: string, make: (number: string) => NewTicket): Promise<NewTicket>;
  /**
   * Writes a ticket's change if its stored version is still the one it was decided on; resolves
   * once committed, throws `VersionConflictError` when the version moved. `home` is the
   * ticket's partition, read with its state.
   */
  save(change: TicketChange, home: TicketHome): Promise<void>;
  /**
   * The ticket at `version` as this process last wrote it, if it still holds it. A state at a
   * version never changes (every write moves the version), so a command whose caller names the
   * version it saw may be decided on it without reading the row; its save checks the row still is
   * that state ({@link TicketChange.priorUpdatedAt}).
   */
  recent(id: string, version: number): { state: TicketState; home: TicketHome } | undefined;
  /** Drops what is held of a ticket (its save found the row otherwise). */
  forget(id: string): void;
  /** Gives back the numbers taken ahead and not used (a stopping process), where no one took numbers after them. */
  release(): Promise<void>;
}

/**
 * Under a burst a write starts once this many wait, while the process still reads the rest of
 * the burst (intake at 50 connections, rounds interleaved: 2 700 → 3 400–3 800 requests/s
 * against waiting for the end of the turn; 20–32 did alike, 8 and 36 less). Large enough that a
 * statement's fixed cost stays small beside its rows'.
 */
const START_AT = 24;

interface NumberRequest {
  readonly prefix: string;
  readonly day: string;
}

/**
 * Ticket writes over one database. New tickets arriving while others are being written are
 * stored together in one statement, their numbers taken from the day's counter in runs (ahead of
 * need while intakes stream in, {@link numberReserve}), and commands' changes saved together
 * (each still checked against its own version): under load each commit carries many tickets (a
 * busy hotline's peak), at rest a ticket is written alone at once. Writes inside a caller's own
 * transaction (intake with an idempotency key, bulk commands, the timer sweep) do not come here.
 */
export function ticketWrites(db: Database, homes: TicketHomes, opts: { recentTickets?: number } = {}): TicketWrites {
  // The tickets being worked on now: a hotline's open tickets of the last days, a few MB.
  const recent = new LRUCache<string, { state: TicketState; home: TicketHome }>({ max: opts.recentTickets ?? 5000 });
  // Under load a batch's numbers are mostly taken already (while the previous batch was written):
  // a batch then waits for its own commit only. Two batches' worth is held at most.
  const reserve = numberReserve(
    {
      take: (prefix, day, count) => takeTicketNumbers(db, prefix, day, count),
      giveBack: (prefix, day, first, last) => giveBackTicketNumbers(db, prefix, day, first, last),
    },
    { busyWithinMs: 50, maxAhead: 128, now: Date.now },
  );
  const inserts = writeBatches<NumberedTicket, NewTicket>(
    async (asks) => {
      const taken = await takeNumbers(reserve, asks);
      const made = asks.map((a, i) => a.make(taken[i] as string));
      await insertTickets(
        db,
        made.map((m, i) => newTicketRecord(m, asks[i]?.requestId)),
      );
      return made;
    },
    { maxBatch: 64, maxInFlight: 2, startAt: START_AT, itemFault },
  );
  // Changes are written per partition (the statement names it, {@link saveTickets}); most go to
  // this month's and last month's.
  const saves = new Map<TicketHome, (c: TicketChangeRecord) => Promise<SaveOutcome>>();
  const savesIn = (home: TicketHome) => {
    let submit = saves.get(home);
    if (!submit) {
      submit = writeBatches<TicketChangeRecord, SaveOutcome>((changes) => saveTickets(db, changes, home), {
        maxBatch: 64,
        maxInFlight: 2,
        startAt: START_AT,
        keyOf: (c) => c.id,
        itemFault,
      });
      saves.set(home, submit);
    }
    return submit;
  };
  return {
    number: async (prefix, day) => ticketNumber(prefix, day, (await reserve.take(prefix, day, 1))[0] as number),
    insert: async (prefix, day, make) => {
      const made = await inserts({ prefix, day, make, requestId: currentRequestId() });
      recent.set(made.state.id, { state: made.state, home: homes.of(made.state.id) });
      return made;
    },
    save: async (change, home) => {
      throwIfRefused(await savesIn(home)(ticketChangeRecord(change)));
      recent.set(change.state.id, { state: change.state, home });
    },
    recent: (id, version) => {
      const r = recent.get(id);
      return r && r.state.version === version ? r : undefined;
    },
    forget: (id) => void recent.delete(id),
    release: () => reserve.release(),
  };
}

/**
 * A statement refused for what one of its rows holds (SQLSTATE class 22, data exception, or 23,
 * integrity constraint violation): its rows are written again one by one. Anything else (a lost
 * connection, a shutdown) fails the whole call: its answer may have been lost after the commit.
 */
function itemFault(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

/** A new ticket to be numbered and stored, with the request that asked for it. */
interface NumberedTicket extends NumberRequest {
  readonly make: (number: string) => NewTicket;
  readonly requestId: string | undefined;
}

/** Numbers for each ask, in order; mostly one platform and day, and a batch spanning midnight or platforms takes each day's once. */
async function takeNumbers(reserve: NumberReserve, asks: readonly NumberRequest[]): Promise<string[]> {
  const out = new Array<string>(asks.length);
  const groups = new Map<string, number[]>();
  asks.forEach((a, i) => {
    const k = `${a.prefix}\u0000${a.day}`;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  await Promise.all(
    [...groups.values()].map(async (at) => {
      const first = asks[at[0] as number] as NumberRequest;
      const taken = await reserve.take(first.prefix, first.day, at.length);
      at.forEach((i, j) => (out[i] = ticketNumber(first.prefix, first.day, taken[j] as number)));
    }),
  );
  return out;
}
