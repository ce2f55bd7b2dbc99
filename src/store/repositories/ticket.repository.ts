import { and, asc, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { type Database } from "../database.ts";
import { contacts, idempotencyKeys, requesterNotes, ticketEvents, ticketNumberCounters, tickets } from "../schema/index.ts";

/** A transaction or the database: repositories work inside either. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

/** Raised inside a transaction when the stored version moved: rolls everything back. */
export class VersionConflictError extends Error {
  constructor(readonly current: number) {
    super(`version conflict: ticket is at version ${current}`);
  }
}

function row(s: TicketState) {
  const a = s.assignment;
  const unitIds = a ? [a.leadUnitId, ...a.assistingUnitIds, ...(a.executingUnitId ? [a.executingUnitId] : [])] : [];
  return {
    status: s.status,
    type: s.type,
    channel: s.channel,
    urgent: s.urgent,
    category: s.category ?? null,
    district: s.location.district ?? null,
    leadUnitId: a?.leadUnitId ?? null,
    unitIds,
    receivedAt: new Date(s.receivedAt),
    dispatchDue: s.dispatchDue !== undefined ? new Date(s.dispatchDue) : null,
    dueAt: s.clock ? new Date(s.clock.due) : null,
    provisional: s.clock?.provisional ?? false,
    version: s.version,
    state: s,
    updatedAt: new Date(s.updatedAt),
  };
}

function eventRow(e: TicketEvent) {
  return {
    ticketId: e.ticketId,
    seq: e.seq,
    type: e.data.type,
    at: new Date(e.at),
    actorId: e.actor.id,
    actorName: e.actor.name,
    role: e.actor.role,
    unitId: e.actor.unitId ?? null,
    command: e.command,
    rule: e.rule ?? null,
    data: e.data,
  };
}

/** Next ticket number of a platform for a local day: `PREFIX` + `YYYYMMDD` + 6-digit sequence. */
export async function nextTicketNumber(tx: Tx, prefix: string, day: string): Promise<string> {
  const [r] = await tx
    .insert(ticketNumberCounters)
    .values({ prefix, day, last: 1 })
    .onConflictDoUpdate({ target: [ticketNumberCounters.prefix, ticketNumberCounters.day], set: { last: sql`${ticketNumberCounters.last} + 1` } })
    .returning({ last: ticketNumberCounters.last });
  return `${prefix}${day}${String(r?.last ?? 0).padStart(6, "0")}`;
}

/** Stores a new ticket with its first events. */
export async function insertTicket(tx: Tx, s: TicketState, events: readonly TicketEvent[]): Promise<void> {
  await tx.insert(tickets).values({ id: s.id, jurisdictionId: s.jurisdictionId, number: s.number, createdAt: new Date(s.createdAt), ...row(s) });
  await tx.insert(ticketEvents).values(events.map(eventRow));
}

/** Loads a ticket's state, locking its row for the rest of the transaction. */
export async function loadTicketForUpdate(tx: Tx, id: string): Promise<TicketState | undefined> {
  const [r] = await tx.select({ state: tickets.state }).from(tickets).where(eq(tickets.id, id)).for("update");
  return r ? (r.state as TicketState) : undefined;
}

/** Loads a ticket's state. */
export async function loadTicket(db: Tx, id: string): Promise<TicketState | undefined> {
  const [r] = await db.select({ state: tickets.state }).from(tickets).where(eq(tickets.id, id));
  return r ? (r.state as TicketState) : undefined;
}

/** Finds a ticket by its number. */
export async function loadTicketByNumber(db: Tx, number: string): Promise<TicketState | undefined> {
  const [r] = await db.select({ state: tickets.state }).from(tickets).where(eq(tickets.number, number));
  return r ? (r.state as TicketState) : undefined;
}

/**
 * Writes the new state only if the stored version is still `expected`, and appends the
 * events, in the caller's transaction. Throws {@link VersionConflictError} otherwise.
 */
export async function saveTicket(tx: Tx, expected: number, s: TicketState, events: readonly TicketEvent[]): Promise<void> {
  const updated = await tx
    .update(tickets)
    .set(row(s))
    .where(and(eq(tickets.id, s.id), eq(tickets.version, expected)))
    .returning({ id: tickets.id });
  if (updated.length === 0) {
    const [cur] = await tx.select({ version: tickets.version }).from(tickets).where(eq(tickets.id, s.id));
    throw new VersionConflictError(cur?.version ?? -1);
  }
  if (events.length) await tx.insert(ticketEvents).values(events.map(eventRow));
}

/** A ticket's history in order. */
export async function loadTicketEvents(db: Tx, id: string): Promise<TicketEvent[]> {
  const rows = await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(asc(ticketEvents.seq));
  return rows.map((r) => ({
    ticketId: r.ticketId,
    seq: r.seq,
    at: r.at.getTime(),
    actor: { id: r.actorId, name: r.actorName, role: r.role as TicketEvent["actor"]["role"], ...(r.unitId ? { unitId: r.unitId } : {}) },
    command: r.command,
    ...(r.rule ? { rule: r.rule } : {}),
    data: r.data as TicketEvent["data"],
  }));
}

/** Filters of the ticket list. */
export interface TicketFilter {
  readonly jurisdictionId?: string;
  readonly status?: string;
  readonly unitId?: string;
  readonly type?: string;
  readonly channel?: string;
  readonly overdueAt?: number;
  readonly receivedFrom?: number;
  readonly receivedTo?: number;
}

/** One page of tickets, newest first, with a cursor (`receivedAt|id`) for the next. */
export async function listTickets(db: Tx, f: TicketFilter, limit: number, cursor?: { receivedAt: number; id: string }) {
  const where: SQL[] = [];
  if (f.jurisdictionId) where.push(eq(tickets.jurisdictionId, f.jurisdictionId));
  if (f.status) where.push(eq(tickets.status, f.status));
  if (f.unitId) where.push(sql`${f.unitId}::uuid = any(${tickets.unitIds})`);
  if (f.type) where.push(eq(tickets.type, f.type));
  if (f.channel) where.push(eq(tickets.channel, f.channel));
  if (f.overdueAt !== undefined) where.push(lt(tickets.dueAt, new Date(f.overdueAt)), sql`${tickets.status} not in ('concluded','archived','awaiting_callback','awaiting_review')`);
  if (f.receivedFrom !== undefined) where.push(sql`${tickets.receivedAt} >= ${new Date(f.receivedFrom).toISOString()}`);
  if (f.receivedTo !== undefined) where.push(lt(tickets.receivedAt, new Date(f.receivedTo)));
  if (cursor) where.push(sql`(${tickets.receivedAt}, ${tickets.id}) < (${new Date(cursor.receivedAt).toISOString()}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db
    .select({ state: tickets.state, receivedAt: tickets.receivedAt, id: tickets.id })
    .from(tickets)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(tickets.receivedAt), desc(tickets.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { tickets: page.map((r) => r.state as TicketState), next: rows.length > limit && last ? { receivedAt: last.receivedAt.getTime(), id: last.id } : undefined };
}

/** Stores a contact record. */
export async function insertContact(tx: Tx, c: typeof contacts.$inferInsert): Promise<void> {
  await tx.insert(contacts).values(c);
}

/** The contact an idempotency key already produced, if any. */
export async function findIdempotentContact(tx: Tx, jurisdictionId: string, key: string) {
  const [r] = await tx
    .select({ contactId: idempotencyKeys.contactId, decision: contacts.decision, rule: contacts.rule, ticketId: contacts.ticketId })
    .from(idempotencyKeys)
    .innerJoin(contacts, eq(contacts.id, idempotencyKeys.contactId))
    .where(and(eq(idempotencyKeys.jurisdictionId, jurisdictionId), eq(idempotencyKeys.key, key)));
  return r;
}

/** Remembers which contact a key produced. */
export async function insertIdempotencyKey(tx: Tx, jurisdictionId: string, key: string, contactId: string): Promise<void> {
  await tx.insert(idempotencyKeys).values({ jurisdictionId, key, contactId });
}

/** Records abusive conduct against the requester's number (GZ-12, GZ-27). */
export async function insertRequesterNote(tx: Tx, n: typeof requesterNotes.$inferInsert): Promise<void> {
  await tx.insert(requesterNotes).values(n);
}

/** A requester's earlier contacts and abuse notes, newest first, for the operator at the next call. */
export async function requesterHistory(db: Tx, jurisdictionId: string, phone: string) {
  const notes = await db.select().from(requesterNotes).where(and(eq(requesterNotes.jurisdictionId, jurisdictionId), eq(requesterNotes.requesterPhone, phone))).orderBy(desc(requesterNotes.at));
  const earlier = await db
    .select({ id: contacts.id, receivedAt: contacts.receivedAt, decision: contacts.decision, ticketId: contacts.ticketId, channel: contacts.channel })
    .from(contacts)
    .where(and(eq(contacts.jurisdictionId, jurisdictionId), eq(contacts.requesterPhone, phone)))
    .orderBy(desc(contacts.receivedAt))
    .limit(50);
  return { notes, contacts: earlier };
}

