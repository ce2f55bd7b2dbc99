import { and, asc, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { type TimerSpec } from "../../domain/ticket/timers.ts";
import { isUuid } from "../uuid.ts";
import { currentRequestId } from "../request-context.ts";
import { executeNamed } from "../named-statement.ts";
import { type Database } from "../database.ts";
import { type TicketIdRanges } from "../ticket-id-ranges.ts";
import { newestFirst, spanOf } from "../newest-first.ts";
import { contacts, idempotencyKeys, requesterNotes, ticketEvents, tickets } from "../schema/index.ts";

/** A transaction or the database: repositories work inside either. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

/** A rendered notice to queue with the ticket's change. */
export interface OutboundRow {
  readonly template: string;
  readonly recipient: string;
  readonly body: string;
  readonly dedupeKey: string;
}

function messagesJson(m: readonly OutboundRow[]): string {
  return JSON.stringify(m);
}

/** The searchable facts of a new ticket (table `ticket_text`): words as `simple` tsvector input, phone and place. */
export interface TicketTextRow {
  readonly words: string;
  readonly requesterPhone: string | null;
  readonly district: string | null;
  readonly subDistrict: string | null;
  readonly place: string | null;
}

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

/** Next ticket number of a platform for a local day: `PREFIX` + `YYYYMMDD` + 6-digit sequence (`TICKET_NUMBER`). */
export async function nextTicketNumber(tx: Tx, prefix: string, day: string): Promise<string> {
  const { rows } = await executeNamed<{ last: number }>(
    tx,
    "ticket_number_next_v1",
    sql`insert into ticket_number_counter (prefix, day, last) values (${prefix}, ${day}, 1) on conflict (prefix, day) do update set last = ticket_number_counter.last + 1 returning last`,
  );
  return `${prefix}${day}${String(rows[0]?.last ?? 0).padStart(6, "0")}`;
}

/** Loads a ticket's state, locking its row for the rest of the transaction. */
export async function loadTicketForUpdate(tx: Tx, id: string): Promise<TicketState | undefined> {
  if (!isUuid(id)) return undefined;
  const [r] = await tx.select({ state: tickets.state }).from(tickets).where(eq(tickets.id, id)).for("update");
  return r ? (r.state as TicketState) : undefined;
}

/**
 * Loads a ticket's state. Sent unnamed, so it is planned with the id in hand and reads one
 * partition; a prepared (generic) plan on the partitioned table would lock every month's
 * partition and index on each call, which PostgreSQL 15 does, and costs more with every month.
 */
export async function loadTicket(db: Tx, id: string): Promise<TicketState | undefined> {
  return (await loadTicketToChange(db, id))?.state;
}

/** The partition a ticket's row is in (`ticket_y2026m12`, `ticket_default`), for the write that follows. */
export type TicketHome = string & { readonly __home: unique symbol };

/** Loads a ticket's state and the partition its row is in, so the save addresses that table alone. */
export async function loadTicketToChange(db: Tx, id: string): Promise<{ state: TicketState; home: TicketHome } | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = (await db.execute(sql`select state, tableoid::regclass::text as home from ticket where id = ${id}`)) as unknown as { rows: { state: TicketState | string; home: string }[] };
  const r = rows[0];
  if (!r) return undefined;
  return { state: typeof r.state === "string" ? (JSON.parse(r.state) as TicketState) : r.state, home: r.home as TicketHome };
}

/** The table a save writes: the ticket's partition when known (one table in the plan), else the partitioned table. */
function homeTable(home: TicketHome | undefined): string {
  return home && /^ticket(_y\d{4}m\d{2}|_default)?$/.test(home) ? home : "ticket";
}

/** Finds a ticket by its number (in the months its number's day can lie in, given the id ranges). */
export async function loadTicketByNumber(db: Tx, number: string, ids?: TicketIdRanges): Promise<TicketState | undefined> {
  const [r] = await db.select({ state: tickets.state }).from(tickets).where(and(eq(tickets.number, number), ids?.ofNumber(sql`${tickets.id}`, number)));
  return r ? (r.state as TicketState) : undefined;
}

function eventsJson(events: readonly TicketEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({ ticketId: e.ticketId, seq: e.seq, type: e.data.type, at: new Date(e.at).toISOString(), actorId: e.actor.id, actorName: e.actor.name, role: e.actor.role, unitId: e.actor.unitId ?? null, command: e.command, rule: e.rule ?? null, data: e.data, requestId: currentRequestId() ?? null })),
  );
}

function timersJson(timers: readonly TimerSpec[]): string {
  return JSON.stringify(timers.map((t) => ({ kind: t.kind, dueAt: new Date(t.dueAt).toISOString() })));
}

const EVENT_COLUMNS = sql`(ticket_id, seq, type, at, actor_id, actor_name, role, unit_id, command, rule, data, request_id)`;
const EVENT_VALUES = sql`(x->>'ticketId')::uuid, (x->>'seq')::int, x->>'type', (x->>'at')::timestamptz, x->>'actorId', x->>'actorName', x->>'role', x->>'unitId', x->>'command', x->>'rule', x->'data', x->>'requestId'`;

function ts(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/**
 * Stores a new ticket, its first events and its timers in one statement (atomic without an
 * explicit transaction: one round trip on the intake path).
 */
export async function insertTicket(db: Tx, s: TicketState, events: readonly TicketEvent[], timersToSchedule: readonly TimerSpec[], contact: typeof contacts.$inferInsert, text: TicketTextRow, messages: readonly OutboundRow[] = []): Promise<void> {
  const r = row(s);
  const c = contact;
  await executeNamed(db, "ticket_insert_v2", sql`
    with t as (
      insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, category, district, lead_unit_id, unit_ids, received_at, dispatch_due, due_at, provisional, version, state, created_at, updated_at)
      values (${s.id}, ${s.jurisdictionId}, ${s.number}, ${r.status}, ${r.type}, ${r.channel}, ${r.urgent}, ${r.category}, ${r.district}, ${r.leadUnitId}, ${`{${r.unitIds.join(",")}}`}::uuid[],
              ${ts(s.receivedAt)}::timestamptz, ${ts(s.dispatchDue)}::timestamptz, ${ts(s.clock?.due)}::timestamptz, ${r.provisional}, ${r.version}, ${JSON.stringify(s)}::jsonb, ${ts(s.createdAt)}::timestamptz, ${ts(s.updatedAt)}::timestamptz)
      returning id, state
    ),
    e as (insert into ticket_event ${EVENT_COLUMNS} select ${EVENT_VALUES} from t, jsonb_array_elements(${eventsJson(events)}::jsonb) x returning 1),
    i as (insert into timer (ticket_id, kind, due_at, ticket_version) select t.id, y->>'kind', (y->>'dueAt')::timestamptz, ${s.version} from t, jsonb_array_elements(${timersJson(timersToSchedule)}::jsonb) y returning 1),
    c as (
      insert into contact (id, jurisdiction_id, channel, received_at, operator_id, requester_phone, record, decision, rule, ticket_id, linked_ticket_id, created_at)
      select ${c.id}, ${c.jurisdictionId}, ${c.channel}, ${c.receivedAt.toISOString()}::timestamptz, ${c.operatorId}, ${c.requesterPhone ?? null}, ${JSON.stringify(c.record)}::jsonb, ${c.decision}, ${c.rule}, t.id, ${c.linkedTicketId ?? null}::uuid, ${c.createdAt.toISOString()}::timestamptz
      from t returning 1
    ),
    x as (
      insert into ticket_text (ticket_id, jurisdiction_id, received_at, requester_phone, district, sub_district, place, words)
      select t.id, ${s.jurisdictionId}, ${ts(s.receivedAt)}::timestamptz, ${text.requesterPhone}, ${text.district}, ${text.subDistrict}, ${text.place}, to_tsvector('simple', ${text.words})
      from t returning 1
    ),
    m as (${outboxInsert(sql`t`, s, messages)}),
    o as (${exchangeInsert(sql`t`, s)})
    select (select count(*) from e) as events, (select count(*) from c) as contacts, (select count(*) from x) as texts, (select count(*) from m) as messages`);
}

/**
 * Writes a ticket's new state only if the stored version is still `expected`, appends the
 * events and replaces the timers, in one statement, on the ticket's partition (`home`, from
 * {@link loadTicketToChange}) where known. The timer changes hang on the update
 * (they read its result), so they wait for the ticket's row lock like every other writer.
 * Throws {@link VersionConflictError} when the version moved.
 */
export async function saveTicket(db: Tx, expected: number, s: TicketState, events: readonly TicketEvent[], timersToSchedule: readonly TimerSpec[], messages: readonly OutboundRow[] = [], home?: TicketHome): Promise<void> {
  const r = row(s);
  const name = homeTable(home);
  const table = sql.identifier(name);
  // One prepared statement per partition written to: its plan holds that table only.
  const res = (await executeNamed(db, `ticket_save_v4:${name}`, sql`
    with u as (
      update ${table} set status = ${r.status}, type = ${r.type}, channel = ${r.channel}, urgent = ${r.urgent}, category = ${r.category}, district = ${r.district},
        lead_unit_id = ${r.leadUnitId}, unit_ids = ${`{${r.unitIds.join(",")}}`}::uuid[], received_at = ${ts(s.receivedAt)}::timestamptz, dispatch_due = ${ts(s.dispatchDue)}::timestamptz,
        due_at = ${ts(s.clock?.due)}::timestamptz, provisional = ${r.provisional}, version = ${r.version}, state = ${JSON.stringify(s)}::jsonb, updated_at = ${ts(s.updatedAt)}::timestamptz
      where id = ${s.id} and version = ${expected}
      returning id, state
    ),
    e as (insert into ticket_event ${EVENT_COLUMNS} select ${EVENT_VALUES} from u, jsonb_array_elements(${eventsJson(events)}::jsonb) x returning 1),
    d as (delete from timer where ticket_id in (select id from u) returning 1),
    i as (insert into timer (ticket_id, kind, due_at, ticket_version) select u.id, y->>'kind', (y->>'dueAt')::timestamptz, ${s.version} from u, jsonb_array_elements(${timersJson(timersToSchedule)}::jsonb) y returning 1),
    m as (${outboxInsert(sql`u`, s, messages)}),
    o as (${exchangeInsert(sql`u`, s)}),
    h as (${handoverInsert(sql`u`, s, r.unitIds)})
    select (select count(*) from u)::int as updated, (select version from ${table} where id = ${s.id}) as current`)) as unknown as { rows: { updated: number; current: number | null }[] };
  const out = res.rows[0];
  if (!out || out.updated !== 1) throw new VersionConflictError(out?.current ?? -1);
}

/** Queues notices only if the ticket row was written (`source` is the CTE that wrote it); a repeated key is skipped. */
function outboxInsert(source: SQL, s: TicketState, messages: readonly OutboundRow[]): SQL {
  return sql`insert into outbound_message (jurisdiction_id, template, recipient, body, ticket_id, dedupe_key, status, attempts, next_attempt_at, created_at)
      select ${s.jurisdictionId}, z->>'template', z->>'recipient', z->>'body', ${s.id}::uuid, z->>'dedupeKey', 'queued', 0, ${ts(s.updatedAt)}::timestamptz, ${ts(s.updatedAt)}::timestamptz
      from ${source}, jsonb_array_elements(${messagesJson(messages)}::jsonb) z
      on conflict (dedupe_key) do nothing returning 1`;
}

/** Queues the new version for the region (GX-5, GX-16) when the ticket's platform has a parent; the payload is the state `source` wrote (not sent twice). */
function exchangeInsert(source: SQL, s: TicketState): SQL {
  return sql`insert into exchange_outbox (jurisdiction_id, ticket_id, ticket_version, payload, status, attempts, next_attempt_at, created_at)
      select ${s.jurisdictionId}, ${s.id}::uuid, ${s.version}, ${source}.state, 'queued', 0, ${ts(s.updatedAt)}::timestamptz, ${ts(s.updatedAt)}::timestamptz
      from ${source} join jurisdiction j on j.id = ${s.jurisdictionId} where j.parent_id is not null
      on conflict (target, ticket_id, ticket_version) do nothing returning 1`;
}

/** Queues the new version for each unit on the ticket that works in its own system (a sub-centre, GZ-7): one primary-key lookup per unit. */
function handoverInsert(source: SQL, s: TicketState, unitIds: readonly string[]): SQL {
  return sql`insert into exchange_outbox (jurisdiction_id, target, ticket_id, ticket_version, payload, status, attempts, next_attempt_at, created_at)
      select ${s.jurisdictionId}, 'unit:' || l.unit_id, ${s.id}::uuid, ${s.version}, ${source}.state, 'queued', 0, ${ts(s.updatedAt)}::timestamptz, ${ts(s.updatedAt)}::timestamptz
      from ${source} join handover_link l on l.unit_id = any(${`{${unitIds.join(",")}}`}::uuid[])
      on conflict (target, ticket_id, ticket_version) do nothing returning 1`;
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
    ...(r.requestId ? { requestId: r.requestId } : {}),
    data: r.data as TicketEvent["data"],
  }));
}

/** Tickets archived under a year (GX-28): the expression and predicate of the archive-year index. */
export function archivedInYear(year: number): SQL {
  return sql`${tickets.status} = 'archived' and ((${tickets.state}->'archive'->>'year')::int) = ${year}`;
}

/** Filters of the ticket list. */
export interface TicketFilter {
  readonly jurisdictionId?: string;
  readonly status?: string;
  readonly unitId?: string;
  /** Only tickets on any of these units (a unit role's data scope). */
  readonly unitScope?: readonly string[];
  readonly type?: string;
  readonly channel?: string;
  readonly overdueAt?: number;
  readonly receivedFrom?: number;
  readonly receivedTo?: number;
  /** Taken in this leader call-answering session (GZ-8). */
  readonly leaderSessionId?: string;
  /** Words of the request: a tsquery over the same-matter index's tokens (jieba words and character pairs). */
  readonly words?: string;
  readonly number?: string;
  /** Archived under this year (GX-28). */
  readonly archiveYear?: number;
}

/** Orders of the ticket list: newest first (default), or least time left first (queues). */
export type TicketSort = "received_desc" | "due_asc";

/**
 * One page of tickets in the chosen order, with a cursor (the last row's sort key and id) for the next.
 * With the id ranges, a newest-first page without a start date is read window by window back from
 * `ids.now` (or the cursor), so a page of recent tickets reads the recent months only; a period
 * (or a number) is bounded by its id range.
 */
export async function listTickets(db: Tx, f: TicketFilter, limit: number, cursor?: { key: number; id: string }, sort: TicketSort = "received_desc", ids?: { ranges: TicketIdRanges; now: number }) {
  const where: SQL[] = [];
  if (f.jurisdictionId) where.push(eq(tickets.jurisdictionId, f.jurisdictionId));
  if (f.status) where.push(eq(tickets.status, f.status));
  if (f.unitId) where.push(sql`${f.unitId}::uuid = any(${tickets.unitIds})`);
  if (f.unitScope) where.push(sql`${tickets.unitIds} && ${`{${f.unitScope.join(",")}}`}::uuid[]`);
  if (f.type) where.push(eq(tickets.type, f.type));
  if (f.channel) where.push(eq(tickets.channel, f.channel));
  if (f.overdueAt !== undefined) where.push(lt(tickets.dueAt, new Date(f.overdueAt)), sql`${tickets.status} not in ('concluded','archived','awaiting_callback','awaiting_review','merged')`);
  where.push(...spanOf(tickets.receivedAt, { lower: f.receivedFrom, upper: f.receivedTo }));
  if (f.leaderSessionId) where.push(sql`${tickets.state}->'leaderSession'->>'id' = ${f.leaderSessionId}`);
  if (f.number) where.push(eq(tickets.number, f.number));
  const idBounds = f.number ? ids?.ranges.ofNumber(sql`${tickets.id}`, f.number) : ids?.ranges.within(sql`${tickets.id}`, f.receivedFrom, f.receivedTo);
  if (idBounds) where.push(idBounds);
  if (f.archiveYear !== undefined) where.push(archivedInYear(f.archiveYear));
  if (f.words) where.push(sql`${tickets.id} in (select ticket_id from ticket_text x where x.words @@ to_tsquery('simple', ${f.words})${f.jurisdictionId ? sql` and x.jurisdiction_id = ${f.jurisdictionId}` : sql``})`);
  // Tickets without a running limit sort last in the queue order, as if due at the end of time.
  const dueKey = sql`coalesce(${tickets.dueAt}, 'infinity'::timestamptz)`;
  if (cursor && sort === "received_desc") where.push(sql`(${tickets.receivedAt}, ${tickets.id}) < (${new Date(cursor.key).toISOString()}::timestamptz, ${cursor.id}::uuid)`);
  if (cursor && sort === "due_asc") {
    const key = Number.isFinite(cursor.key) ? sql`${new Date(cursor.key).toISOString()}::timestamptz` : sql`'infinity'::timestamptz`;
    where.push(sql`(${dueKey}, ${tickets.id}) > (${key}, ${cursor.id}::uuid)`);
  }
  const read = (extra: readonly SQL[], n: number) =>
    db
      .select({ state: tickets.state, receivedAt: tickets.receivedAt, dueAt: tickets.dueAt, id: tickets.id })
      .from(tickets)
      .where(where.length + extra.length ? and(...where, ...extra) : undefined)
      .orderBy(...(sort === "due_asc" ? [asc(dueKey), asc(tickets.id)] : [desc(tickets.receivedAt), desc(tickets.id)]))
      .limit(n);
  // Word searches and archive years look across all time (their matches are not mostly recent): one query.
  const windowed = ids && sort === "received_desc" && f.receivedFrom === undefined && !f.number && !f.words && f.archiveYear === undefined;
  const rows = windowed
    ? await newestFirst(Math.min(cursor?.key ?? Infinity, f.receivedTo ?? Infinity, ids.now), limit + 1, ({ lower, upper }, n) => {
        const bounds = ids.ranges.within(sql`${tickets.id}`, lower, upper ?? (cursor ? cursor.key + 1 : f.receivedTo));
        return read([...spanOf(tickets.receivedAt, { lower, upper }), ...(bounds ? [bounds] : [])], n);
      })
    : await read([], limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const key = last ? (sort === "due_asc" ? (last.dueAt?.getTime() ?? Infinity) : last.receivedAt.getTime()) : 0;
  return { tickets: page.map((r) => r.state as TicketState), next: rows.length > limit && last ? { key, id: last.id } : undefined };
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

/**
 * A requester's earlier contacts and abuse notes, newest first, for the operator at the next call.
 * Contacts are read back from `now` window by window (monthly partitions: a caller from last week
 * does not make every month of five years be planned).
 */
export async function requesterHistory(db: Tx, jurisdictionId: string, phone: string, now: number) {
  const notes = await db.select().from(requesterNotes).where(and(eq(requesterNotes.jurisdictionId, jurisdictionId), eq(requesterNotes.requesterPhone, phone))).orderBy(desc(requesterNotes.at));
  const earlier = await newestFirst(now, 50, (span, n) =>
    db
      .select({ id: contacts.id, receivedAt: contacts.receivedAt, decision: contacts.decision, ticketId: contacts.ticketId, channel: contacts.channel })
      .from(contacts)
      .where(and(eq(contacts.jurisdictionId, jurisdictionId), eq(contacts.requesterPhone, phone), ...spanOf(contacts.receivedAt, span)))
      .orderBy(desc(contacts.receivedAt), desc(contacts.id))
      .limit(n),
  );
  return { notes, contacts: earlier };
}


/** Later contacts about this ticket: progress queries and requests closed by reference to it (read back from `now` as above). */
export async function contactsLinkedTo(db: Tx, ticketId: string, now: number, limit = 100) {
  return newestFirst(now, limit, (span, n) =>
    db
      .select({ id: contacts.id, channel: contacts.channel, receivedAt: contacts.receivedAt, decision: contacts.decision, rule: contacts.rule })
      .from(contacts)
      .where(and(eq(contacts.linkedTicketId, ticketId), ...spanOf(contacts.receivedAt, span)))
      .orderBy(desc(contacts.receivedAt), desc(contacts.id))
      .limit(n),
  );
}
