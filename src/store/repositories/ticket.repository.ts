import { and, asc, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { type RatingWork } from "../../domain/shared/vocabulary.ts";
import { type ListedOutcome } from "../../domain/assessment/outcome-counts.ts";
import { OUTCOME_SQL } from "../outcome-sql.ts";
import { type TimerSpec } from "../../domain/ticket/timers.ts";
import { isUuid } from "../uuid.ts";
import { currentRequestId } from "../request-context.ts";
import { executeNamed } from "../named-statement.ts";
import { type Database } from "../database.ts";
import { type TicketIdRanges } from "../ticket-id-ranges.ts";
import { newestFirst, spanOf } from "../newest-first.ts";
import { type TicketHome, type TicketHomes } from "../ticket-homes.ts";
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

/** Takes the next `count` sequence numbers of a platform's day from its counter; answers the last one taken. */
export async function takeTicketNumbers(db: Tx, prefix: string, day: string, count: number): Promise<number> {
  const { rows } = await executeNamed<{ last: number }>(
    db,
    "ticket_number_next_v2",
    sql`insert into ticket_number_counter (prefix, day, last) values (${prefix}, ${day}, ${count}::int) on conflict (prefix, day) do update set last = ticket_number_counter.last + excluded.last returning last`,
  );
  return Number(rows[0]?.last ?? 0);
}

/** Puts the counter back before `first` if `first`…`last` are still the day's last numbers taken; answers whether they were. */
export async function giveBackTicketNumbers(db: Tx, prefix: string, day: string, first: number, last: number): Promise<boolean> {
  const { rows } = await executeNamed<{ last: number }>(
    db,
    "ticket_number_give_back_v1",
    sql`update ticket_number_counter set last = ${first - 1}::int where prefix = ${prefix} and day = ${day} and last = ${last}::int returning last`,
  );
  return rows.length === 1;
}

/** A ticket's state as a raw query returns the `state` column (parsed by node-postgres, text on some drivers). */
export function stateOf(raw: TicketState | string): TicketState {
  return typeof raw === "string" ? (JSON.parse(raw) as TicketState) : raw;
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

/**
 * Loads a ticket's state and the partition its row is in, so the save addresses that table alone.
 * With `homes`, read from the partition its id names (a prepared statement, {@link TicketHomes});
 * where that misses (a month made by another instance since), from the partitioned table.
 */
export async function loadTicketToChange(db: Tx, id: string, homes?: TicketHomes): Promise<{ state: TicketState; home: TicketHome } | undefined> {
  if (!isUuid(id)) return undefined;
  const home = homes?.of(id);
  if (home) {
    const { rows } = await executeNamed<{ state: TicketState | string }>(
      db,
      `ticket_load_v1:${home}`,
      sql`select state from ${sql.identifier(home)} where id = ${id}`,
    );
    const r = rows[0];
    if (r) return { state: stateOf(r.state), home };
  }
  const { rows } = (await db.execute(sql`select state, tableoid::regclass::text as home from ticket where id = ${id}`)) as unknown as {
    rows: { state: TicketState | string; home: string }[];
  };
  const r = rows[0];
  if (!r) return undefined;
  // Found elsewhere than its id says: a month was made since the months were read.
  if (home && homes && r.home !== home) await homes.reload(db);
  return { state: stateOf(r.state), home: r.home as TicketHome };
}

/** The table a save writes: the ticket's partition when known (one table in the plan), else the partitioned table. */
function homeTable(home: TicketHome | undefined): string {
  return home && /^ticket(_y\d{4}m\d{2}|_default)?$/.test(home) ? home : "ticket";
}

/** Finds a ticket by its number (in the months its number's day can lie in, given the id ranges). */
export async function loadTicketByNumber(db: Tx, number: string, ids?: TicketIdRanges): Promise<TicketState | undefined> {
  const [r] = await db
    .select({ state: tickets.state })
    .from(tickets)
    .where(and(eq(tickets.number, number), ids?.ofNumber(sql`${tickets.id}`, number)));
  return r ? (r.state as TicketState) : undefined;
}

function eventRecords(events: readonly TicketEvent[], requestId: string | undefined) {
  return events.map((e) => ({
    ticketId: e.ticketId,
    seq: e.seq,
    type: e.data.type,
    at: new Date(e.at).toISOString(),
    actorId: e.actor.id,
    actorName: e.actor.name,
    role: e.actor.role,
    unitId: e.actor.unitId ?? null,
    command: e.command,
    rule: e.rule ?? null,
    data: e.data,
    requestId: requestId ?? null,
  }));
}

function timerRecords(timers: readonly TimerSpec[]) {
  return timers.map((t) => ({ kind: t.kind, dueAt: new Date(t.dueAt).toISOString() }));
}

const EVENT_COLUMNS = sql`(ticket_id, seq, type, at, actor_id, actor_name, role, unit_id, command, rule, data, request_id)`;
const EVENT_VALUES = sql`(x->>'ticketId')::uuid, (x->>'seq')::int, x->>'type', (x->>'at')::timestamptz, x->>'actorId', x->>'actorName', x->>'role', x->>'unitId', x->>'command', x->>'rule', x->'data', x->>'requestId'`;

function ts(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/**
 * Queues the notices of each ticket written (`rows`: id, jurisdiction_id, updated_at and its
 * rendered `messages`); a repeated key is skipped.
 */
function queueNotices(rows: SQL, any: boolean): SQL {
  // Without notices the insert is left out: an insert that writes nothing still opens its table and five indexes.
  if (!any) return sql`select 1 where false`;
  return sql`insert into outbound_message (jurisdiction_id, template, recipient, body, ticket_id, dedupe_key, status, attempts, next_attempt_at, created_at)
      select r.jurisdiction_id, z->>'template', z->>'recipient', z->>'body', r.id, z->>'dedupeKey', 'queued', 0, r.updated_at, r.updated_at
      from ${rows} r, jsonb_array_elements(r.messages) z
      on conflict (dedupe_key) do nothing returning 1`;
}

/** Queues each ticket written (`rows`: id, jurisdiction_id, version, state, updated_at) for the region when its platform has a parent (GX-5, GX-16). */
function queueForRegion(rows: SQL): SQL {
  return sql`insert into exchange_outbox (jurisdiction_id, ticket_id, ticket_version, payload, status, attempts, next_attempt_at, created_at)
      select r.jurisdiction_id, r.id, r.version, r.state, 'queued', 0, r.updated_at, r.updated_at
      from ${rows} r join jurisdiction j on j.id = r.jurisdiction_id where j.parent_id is not null
      on conflict (target, ticket_id, ticket_version) do nothing returning 1`;
}

/** The dispatch fact row of a ticket's state (派单质量), or null before its first dispatch. */
function dispatchFactOf(s: TicketState): Record<string, unknown> | null {
  const r = s.dispatchRecord;
  if (!r) return null;
  return {
    first_at: ts(r.firstAt),
    first_unit_id: r.firstUnitId,
    dispatcher_id: r.dispatcherId,
    dispatcher_name: r.dispatcherName,
    category: s.category ?? "",
    district: s.location.district ?? "",
    asked: r.asked,
    approved: r.approved,
    refused: r.refused,
    ms_lost: r.msLost,
    concluded: s.status === "concluded" || s.status === "archived",
    suggested: r.suggested ? `{${r.suggested.join(",")}}` : null,
    lead_unit_id: s.assignment?.leadUnitId ?? null,
  };
}

/**
 * Writes the dispatch fact of each ticket written that has been dispatched (from `rows`, the
 * written tickets with their records); a row that did not change is left as it is.
 */
function writeDispatchFacts(rows: SQL, ticket: SQL, jurisdiction: SQL, fact: SQL): SQL {
  return sql`insert into dispatch_fact (ticket_id, jurisdiction_id, first_at, first_unit_id, dispatcher_id, dispatcher_name, category, district, asked, approved, refused, ms_lost, concluded, suggested, lead_unit_id)
      select ${ticket}, ${jurisdiction}, f.first_at, f.first_unit_id, f.dispatcher_id, f.dispatcher_name, f.category, f.district, f.asked, f.approved, f.refused, f.ms_lost, f.concluded, f.suggested, f.lead_unit_id
      from ${rows}, jsonb_to_record(${fact}) as f(first_at timestamptz, first_unit_id uuid, dispatcher_id text, dispatcher_name text, category text, district text, asked int, approved int, refused int, ms_lost bigint, concluded boolean, suggested uuid[], lead_unit_id uuid)
      where ${fact} is not null
      on conflict (ticket_id) do update set first_at = excluded.first_at, first_unit_id = excluded.first_unit_id, dispatcher_id = excluded.dispatcher_id, dispatcher_name = excluded.dispatcher_name,
        category = excluded.category, district = excluded.district, asked = excluded.asked, approved = excluded.approved, refused = excluded.refused, ms_lost = excluded.ms_lost, concluded = excluded.concluded, lead_unit_id = excluded.lead_unit_id
      where (dispatch_fact.asked, dispatch_fact.approved, dispatch_fact.refused, dispatch_fact.ms_lost, dispatch_fact.concluded, dispatch_fact.category, dispatch_fact.district, dispatch_fact.lead_unit_id)
        is distinct from (excluded.asked, excluded.approved, excluded.refused, excluded.ms_lost, excluded.concluded, excluded.category, excluded.district, excluded.lead_unit_id)
      returning 1`;
}

/** Whether a record of a write carries notices to queue. */
function hasNotices(r: Readonly<Record<string, unknown>>): boolean {
  return Array.isArray(r["messages"]) && r["messages"].length > 0;
}

/** A new ticket with everything written beside it: its first events, timers, contact, search text and notices. */
export interface NewTicket {
  readonly state: TicketState;
  readonly events: readonly TicketEvent[];
  readonly timers: readonly TimerSpec[];
  readonly contact: typeof contacts.$inferInsert;
  readonly text: TicketTextRow;
  readonly messages?: readonly OutboundRow[];
}

/** A new ticket as one record of the insert's input ({@link newTicketRecord}). */
export type NewTicketRecord = Readonly<Record<string, unknown>> & { readonly __newTicket: true };

/** The ticket row's columns kept beside its state (what lists filter and sort by), as a save writes them. */
function stateColumns(s: TicketState) {
  const r = row(s);
  return {
    status: r.status,
    type: r.type,
    channel: r.channel,
    urgent: r.urgent,
    category: r.category,
    district: r.district,
    lead_unit_id: r.leadUnitId,
    unit_ids: r.unitIds,
    received_at: ts(s.receivedAt),
    dispatch_due: ts(s.dispatchDue),
    due_at: ts(s.clock?.due),
    provisional: r.provisional,
    version: r.version,
    state: s,
  };
}

/**
 * One new ticket as a record of the insert's input; its events carry the id of the request that
 * made it (by default the current one), so tickets written together each keep their own.
 */
export function newTicketRecord(n: NewTicket, requestId = currentRequestId()): NewTicketRecord {
  const s = n.state;
  const c = n.contact;
  return {
    id: s.id,
    jurisdiction_id: s.jurisdictionId,
    number: s.number,
    ...stateColumns(s),
    created_at: ts(s.createdAt),
    updated_at: ts(s.updatedAt),
    events: eventRecords(n.events, requestId),
    timers: timerRecords(n.timers),
    messages: n.messages ?? [],
    fact: dispatchFactOf(s),
    c_id: c.id,
    c_channel: c.channel,
    c_received_at: c.receivedAt.toISOString(),
    c_operator_id: c.operatorId,
    c_requester_phone: c.requesterPhone ?? null,
    c_record: c.record,
    c_decision: c.decision,
    c_rule: c.rule,
    c_linked_ticket_id: c.linkedTicketId ?? null,
    c_created_at: c.createdAt.toISOString(),
    x_requester_phone: n.text.requesterPhone,
    x_district: n.text.district,
    x_sub_district: n.text.subDistrict,
    x_place: n.text.place,
    x_words: n.text.words,
  } as unknown as NewTicketRecord;
}

/** The records of a ticket insert, as `jsonb_to_recordset` reads them ({@link newTicketRecord}). */
const NEW_TICKET_COLUMNS =
  sql.raw(`id uuid, jurisdiction_id text, number text, status text, type text, channel text, urgent boolean, category text, district text,
  lead_unit_id uuid, unit_ids uuid[], received_at timestamptz, dispatch_due timestamptz, due_at timestamptz, provisional boolean, version int,
  state jsonb, created_at timestamptz, updated_at timestamptz, events jsonb, timers jsonb, messages jsonb, fact jsonb,
  c_id uuid, c_channel text, c_received_at timestamptz, c_operator_id text, c_requester_phone text, c_record jsonb, c_decision text, c_rule text, c_linked_ticket_id uuid, c_created_at timestamptz,
  x_requester_phone text, x_district text, x_sub_district text, x_place text, x_words text`);

/**
 * Stores new tickets, each with its first events, timers, contact, search text and notices, in
 * one statement (atomic without an explicit transaction: one round trip). The tickets travel as
 * one JSON array, so any number of them is the same prepared statement; concurrent intakes are
 * written together this way ({@link ../ticket-writes.ts}).
 */
export async function insertTickets(db: Tx, tickets: readonly NewTicketRecord[]): Promise<void> {
  if (tickets.length === 0) return;
  const notices = tickets.some(hasNotices);
  await executeNamed(
    db,
    `ticket_insert_v6${notices ? "" : ":quiet"}`,
    sql`
    with s as (select * from jsonb_to_recordset(${JSON.stringify(tickets)}::jsonb) as r(${NEW_TICKET_COLUMNS})),
    t as (
      insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, category, district, lead_unit_id, unit_ids, received_at, dispatch_due, due_at, provisional, version, state, created_at, updated_at)
      select id, jurisdiction_id, number, status, type, channel, urgent, category, district, lead_unit_id, coalesce(unit_ids, '{}'), received_at, dispatch_due, due_at, provisional, version, state, created_at, updated_at from s
      returning id
    ),
    e as (insert into ticket_event ${EVENT_COLUMNS} select ${EVENT_VALUES} from s, jsonb_array_elements(s.events) x returning 1),
    i as (insert into timer (ticket_id, kind, due_at, ticket_version) select s.id, y->>'kind', (y->>'dueAt')::timestamptz, s.version from s, jsonb_array_elements(s.timers) y returning 1),
    c as (
      insert into contact (id, jurisdiction_id, channel, received_at, operator_id, requester_phone, record, decision, rule, ticket_id, linked_ticket_id, created_at)
      select c_id, jurisdiction_id, c_channel, c_received_at, c_operator_id, c_requester_phone, c_record, c_decision, c_rule, id, c_linked_ticket_id, c_created_at from s returning 1
    ),
    x as (
      insert into ticket_text (ticket_id, jurisdiction_id, received_at, requester_phone, district, sub_district, place, words)
      select id, jurisdiction_id, received_at, x_requester_phone, x_district, x_sub_district, x_place, to_tsvector('simple', x_words) from s returning 1
    ),
    m as (${queueNotices(sql`s`, notices)}),
    o as (${queueForRegion(sql`s`)}),
    f as (${writeDispatchFacts(sql`s`, sql`s.id`, sql`s.jurisdiction_id`, sql`s.fact`)})
    select (select count(*) from t) as tickets, (select count(*) from e) as events, (select count(*) from c) as contacts, (select count(*) from x) as texts, (select count(*) from m) as messages, (select count(*) from o) as exchanged`,
  );
}

/** A ticket's new state to write if its stored version is still `expected`, with the events, timers and notices of the change. */
export interface TicketChange {
  readonly expected: number;
  /**
   * When the change was decided on a state kept in memory rather than read: the stored row must
   * also still carry that state's time of change, so a memory that no longer matches the
   * database (a restore, a failover that lost commits) refuses instead of writing over it.
   */
  readonly priorUpdatedAt?: number;
  readonly state: TicketState;
  readonly events: readonly TicketEvent[];
  readonly timers: readonly TimerSpec[];
  readonly messages?: readonly OutboundRow[];
}

/** A change as one record of the save's input ({@link ticketChangeRecord}). */
export type TicketChangeRecord = Readonly<Record<string, unknown>> & { readonly id: string; readonly __ticketChange: true };

/** One change as a record of the save's input; built in the caller's request, like {@link newTicketRecord}. */
export function ticketChangeRecord(c: TicketChange): TicketChangeRecord {
  const s = c.state;
  return {
    id: s.id,
    expected: c.expected,
    prior_updated_at: ts(c.priorUpdatedAt),
    ...stateColumns(s),
    updated_at: ts(s.updatedAt),
    events: eventRecords(c.events, currentRequestId()),
    timers: timerRecords(c.timers),
    messages: c.messages ?? [],
    fact: dispatchFactOf(s),
  } as unknown as TicketChangeRecord;
}

const TICKET_CHANGE_COLUMNS =
  sql.raw(`id uuid, expected int, prior_updated_at timestamptz, status text, type text, channel text, urgent boolean, category text, district text, lead_unit_id uuid,
  unit_ids uuid[], received_at timestamptz, dispatch_due timestamptz, due_at timestamptz, provisional boolean, version int, state jsonb,
  updated_at timestamptz, events jsonb, timers jsonb, messages jsonb, fact jsonb`);

/** What a save found for one change: written, or the version the ticket is at instead. */
export interface SaveOutcome {
  readonly saved: boolean;
  /** The stored version before this statement (the one a refused change ran into); null if no such ticket. */
  readonly current: number | null;
}

/**
 * Writes tickets' new states, each only if its stored version is still the one it was decided
 * on, appends their events and replaces their timers, in one statement, on the partition `home`
 * (from {@link loadTicketToChange}; all changes of a call in that one) where known. The timer
 * changes hang on the update (they read its result), so they wait for the ticket's row lock like
 * every other writer. One change per ticket in a call (a second one would meet the first's
 * update of the same row). Answers each change's outcome, in order.
 */
export async function saveTickets(db: Tx, changes: readonly TicketChangeRecord[], home?: TicketHome): Promise<SaveOutcome[]> {
  if (changes.length === 0) return [];
  const name = homeTable(home);
  const table = sql.identifier(name);
  // One prepared statement per partition written to: its plan holds that table only.
  const notices = changes.some(hasNotices);
  const res = await executeNamed<{ id: string; saved: boolean; current: number | null }>(
    db,
    `ticket_save_v8:${name}${notices ? "" : ":quiet"}`,
    sql`
    with s as (select * from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as r(${TICKET_CHANGE_COLUMNS})),
    u as (
      update ${table} t set status = s.status, type = s.type, channel = s.channel, urgent = s.urgent, category = s.category, district = s.district,
        lead_unit_id = s.lead_unit_id, unit_ids = coalesce(s.unit_ids, '{}'), received_at = s.received_at, dispatch_due = s.dispatch_due,
        due_at = s.due_at, provisional = s.provisional, version = s.version, state = s.state, updated_at = s.updated_at
      -- The ids again as an array, so the key's index can reach the rows; on the ticket writes'
      -- connections (database.ts, byKey) the plan always does, however empty the month was when planned.
      from s where t.id = s.id and t.version = s.expected and (s.prior_updated_at is null or t.updated_at = s.prior_updated_at) and t.id = any(${`{${changes.map((c) => c.id).join(",")}}`}::uuid[])
      returning t.id, t.jurisdiction_id, t.version, t.state, t.unit_ids, t.updated_at
    ),
    e as (insert into ticket_event ${EVENT_COLUMNS} select ${EVENT_VALUES} from u join s on s.id = u.id, jsonb_array_elements(s.events) x returning 1),
    d as (delete from timer where ticket_id in (select id from u) returning 1),
    i as (insert into timer (ticket_id, kind, due_at, ticket_version) select u.id, y->>'kind', (y->>'dueAt')::timestamptz, u.version from u join s on s.id = u.id, jsonb_array_elements(s.timers) y returning 1),
    w as (select u.id, u.jurisdiction_id, u.version, u.state, u.unit_ids, u.updated_at, s.messages from u join s on s.id = u.id),
    m as (${queueNotices(sql`w`, notices)}),
    o as (${queueForRegion(sql`w`)}),
    f as (${writeDispatchFacts(sql`u join s on s.id = u.id`, sql`u.id`, sql`u.jurisdiction_id`, sql`s.fact`)}),
    h as (
      -- Each unit on the ticket that works in its own system (a sub-centre, GZ-7) gets the new version.
      insert into exchange_outbox (jurisdiction_id, target, ticket_id, ticket_version, payload, status, attempts, next_attempt_at, created_at)
      select w.jurisdiction_id, 'unit:' || l.unit_id, w.id, w.version, w.state, 'queued', 0, w.updated_at, w.updated_at
      from w join handover_link l on l.unit_id = any(w.unit_ids)
      on conflict (target, ticket_id, ticket_version) do nothing returning 1
    )
    select s.id, u.id is not null as saved, (select version from ${table} c where c.id = s.id) as current
    from s left join u on u.id = s.id`,
  );
  const byId = new Map(res.rows.map((r) => [r.id, { saved: r.saved, current: r.current === null ? null : Number(r.current) }]));
  return changes.map((c) => byId.get(c.id) ?? { saved: false, current: null });
}

/** Throws {@link VersionConflictError} unless the change was saved. */
export function throwIfRefused(out: SaveOutcome | undefined): void {
  if (!out?.saved) throw new VersionConflictError(out?.current ?? -1);
}

/**
 * Writes one ticket's change if its stored version is still the one it was decided on
 * ({@link saveTickets}). Throws {@link VersionConflictError} when the version moved.
 */
export async function saveTicket(db: Tx, change: TicketChange, home?: TicketHome): Promise<void> {
  throwIfRefused((await saveTickets(db, [ticketChangeRecord(change)], home))[0]);
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
  /** Waiting on work a bad rating brought: a rectification to file or to review, an appeal to decide. */
  readonly ratingWork?: RatingWork;
  /** With this outcome, as the rate formulas count it: the tickets behind a rate's numbers. */
  readonly outcome?: ListedOutcome;
  /** In this district (a force-majeure adjustment picks an area). */
  readonly district?: string;
}

const RATING_WORK_WHERE: Record<RatingWork, SQL> = {
  rectification: sql`${tickets.state}->'rectification'->>'status' = 'awaiting'`,
  rectification_review: sql`${tickets.state}->'rectification'->>'status' = 'filed'`,
  rating_appeal: sql`${tickets.state}->'ratingAppeal'->>'status' = 'pending'`,
};
/** The condition of the partial index the queues read: repeated beside each queue's own so the planner can use it. */
const ANY_RATING_WORK = sql`(${tickets.state}->'rectification'->>'status' in ('awaiting', 'filed') or ${tickets.state}->'ratingAppeal'->>'status' = 'pending')`;

/** Orders of the ticket list: newest first (default), or least time left first (queues). */
export type TicketSort = "received_desc" | "due_asc";

/** The conditions of a ticket filter (without any page's cursor). */
function filterConditions(f: TicketFilter, ids?: { ranges: TicketIdRanges; now: number }): SQL[] {
  const where: SQL[] = [];
  if (f.jurisdictionId) where.push(eq(tickets.jurisdictionId, f.jurisdictionId));
  if (f.status) where.push(eq(tickets.status, f.status));
  if (f.unitId) where.push(sql`${f.unitId}::uuid = any(${tickets.unitIds})`);
  if (f.unitScope) where.push(sql`${tickets.unitIds} && ${`{${f.unitScope.join(",")}}`}::uuid[]`);
  if (f.type) where.push(eq(tickets.type, f.type));
  if (f.channel) where.push(eq(tickets.channel, f.channel));
  if (f.district) where.push(eq(tickets.district, f.district));
  if (f.overdueAt !== undefined)
    where.push(lt(tickets.dueAt, new Date(f.overdueAt)), sql`${tickets.status} not in ('concluded','archived','awaiting_callback','awaiting_review','merged')`);
  where.push(...spanOf(tickets.receivedAt, { lower: f.receivedFrom, upper: f.receivedTo }));
  if (f.leaderSessionId) where.push(sql`${tickets.state}->'leaderSession'->>'id' = ${f.leaderSessionId}`);
  if (f.number) where.push(eq(tickets.number, f.number));
  const idBounds = f.number ? ids?.ranges.ofNumber(sql`${tickets.id}`, f.number) : ids?.ranges.within(sql`${tickets.id}`, f.receivedFrom, f.receivedTo);
  if (idBounds) where.push(idBounds);
  if (f.archiveYear !== undefined) where.push(archivedInYear(f.archiveYear));
  if (f.ratingWork) where.push(ANY_RATING_WORK, RATING_WORK_WHERE[f.ratingWork]);
  if (f.outcome) where.push(OUTCOME_SQL[f.outcome](sql`${tickets.state}`), sql`${tickets.status} <> 'merged'`);
  if (f.words)
    where.push(
      sql`${tickets.id} in (select ticket_id from ticket_text x where x.words @@ to_tsquery('simple', ${f.words})${f.jurisdictionId ? sql` and x.jurisdiction_id = ${f.jurisdictionId}` : sql``})`,
    );
  return where;
}

/** How many tickets a filter finds, counted up to `cap` (a list says "10000+" rather than count millions). */
export async function countListed(
  db: Tx,
  f: TicketFilter,
  cap: number,
  ids?: { ranges: TicketIdRanges; now: number },
): Promise<{ n: number; capped: boolean }> {
  const where = filterConditions(f, ids);
  const inner = db
    .select({ one: sql`1` })
    .from(tickets)
    .where(where.length ? and(...where) : undefined)
    .limit(cap + 1);
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(inner.as("x"));
  const n = r?.n ?? 0;
  return n > cap ? { n: cap, capped: true } : { n, capped: false };
}

/**
 * One page of tickets in the chosen order, with a cursor (the last row's sort key and id) for the next.
 * With the id ranges, a newest-first page without a start date is read window by window back from
 * `ids.now` (or the cursor), so a page of recent tickets reads the recent months only; a period
 * (or a number) is bounded by its id range.
 */
export async function listTickets(
  db: Tx,
  f: TicketFilter,
  limit: number,
  cursor?: { key: number; id: string },
  sort: TicketSort = "received_desc",
  ids?: { ranges: TicketIdRanges; now: number },
) {
  const where = filterConditions(f, ids);
  // Tickets without a running limit sort last in the queue order, as if due at the end of time.
  const dueKey = sql`coalesce(${tickets.dueAt}, 'infinity'::timestamptz)`;
  if (cursor && sort === "received_desc")
    where.push(sql`(${tickets.receivedAt}, ${tickets.id}) < (${new Date(cursor.key).toISOString()}::timestamptz, ${cursor.id}::uuid)`);
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
  const windowed = ids && sort === "received_desc" && f.receivedFrom === undefined && !f.number && !f.words && f.archiveYear === undefined && !f.ratingWork;
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
  const notes = await db
    .select()
    .from(requesterNotes)
    .where(and(eq(requesterNotes.jurisdictionId, jurisdictionId), eq(requesterNotes.requesterPhone, phone)))
    .orderBy(desc(requesterNotes.at));
  const earlier = await newestFirst(now, 50, (span, n) =>
    db
      .select({
        id: contacts.id,
        receivedAt: contacts.receivedAt,
        decision: contacts.decision,
        ticketId: contacts.ticketId,
        channel: contacts.channel,
        number: tickets.number,
        status: tickets.status,
        title: sql<string | null>`${tickets.state}->>'title'`,
        emergencyLine: sql<string | null>`${contacts.record}->'outcome'->>'emergencyLine'`,
      })
      .from(contacts)
      .leftJoin(tickets, eq(tickets.id, contacts.ticketId))
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
