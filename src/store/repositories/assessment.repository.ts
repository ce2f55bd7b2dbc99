import { and, asc, eq, sql } from "drizzle-orm";
import { type TicketEvent } from "../../domain/ticket/ticket.ts";
import { type Database } from "../database.ts";
import { assessmentAdjustments, assessmentAppeals, assessmentPublications } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";
import { type TicketIdRanges } from "../ticket-id-ranges.ts";

/**
 * The events before `to` of every ticket of the platform that could count in `[from, to)`
 * (received before `to` and at most `lookbackDays` before `from`: long-running matters), handed
 * to `each` a chunk of tickets at a time in id order, so a year of a city's tickets (millions)
 * is never held at once; `each` keeps what it needs.
 */
export async function eachTicketForAssessment(
  db: Database,
  ids: TicketIdRanges,
  jurisdictionId: string,
  from: number,
  to: number,
  each: (events: ReadonlyMap<string, TicketEvent[]>) => void,
  opts: { lookbackDays?: number; chunk?: number } = {},
): Promise<void> {
  const since = from - (opts.lookbackDays ?? 400) * 86_400_000;
  const chunk = opts.chunk ?? 2000;
  for (let after: string | undefined; ;) {
    const page = (await db.execute(sql`
      select t.id from ticket t
      where t.jurisdiction_id = ${jurisdictionId} and ${ids.receivedIn("t", since, to)}${after ? sql` and t.id > ${after}::uuid` : sql``}
      order by t.id limit ${chunk}`)) as unknown as { rows: { id: string }[] };
    if (page.rows.length === 0) return;
    const r = (await db.execute(sql`
      select e.ticket_id, e.seq, e.at, e.actor_id, e.actor_name, e.role, e.unit_id, e.command, e.rule, e.data
      from ticket_event e
      where e.ticket_id = any(${`{${page.rows.map((x) => x.id).join(",")}}`}::uuid[]) and e.at < ${new Date(to).toISOString()}::timestamptz${ids.andWithin(sql`e.ticket_id`, since, to)}
      order by e.ticket_id, e.seq`)) as unknown as { rows: Record<string, unknown>[] };
    each(eventsByTicket(r.rows));
    if (page.rows.length < chunk) return;
    after = page.rows[page.rows.length - 1]!.id;
  }
}

function eventsByTicket(rows: readonly Record<string, unknown>[]): Map<string, TicketEvent[]> {
  const out = new Map<string, TicketEvent[]>();
  for (const x of rows) {
    const id = String(x["ticket_id"]);
    const data = typeof x["data"] === "string" ? (JSON.parse(x["data"]) as TicketEvent["data"]) : (x["data"] as TicketEvent["data"]);
    const ev: TicketEvent = {
      ticketId: id,
      seq: Number(x["seq"]),
      at: new Date(x["at"] as string | Date).getTime(),
      actor: {
        id: String(x["actor_id"]),
        name: String(x["actor_name"]),
        role: x["role"] as TicketEvent["actor"]["role"],
        ...(x["unit_id"] ? { unitId: String(x["unit_id"]) } : {}),
      },
      command: String(x["command"]),
      ...(x["rule"] ? { rule: String(x["rule"]) } : {}),
      data,
    };
    const list = out.get(id);
    if (list) list.push(ev);
    else out.set(id, [ev]);
  }
  return out;
}

/** Knowledge questions due in `[from, to)`, answered as of `to`. */
export async function questionsForAssessment(db: Database, jurisdictionId: string, from: number, to: number) {
  const r = (await db.execute(sql`
    select id, unit_id, due_at, case when answered_at < ${new Date(to).toISOString()}::timestamptz then answered_at end as answered_at
    from knowledge_question
    where jurisdiction_id = ${jurisdictionId} and due_at >= ${new Date(from).toISOString()}::timestamptz and due_at < ${new Date(to).toISOString()}::timestamptz`)) as unknown as {
    rows: { id: string; unit_id: string; due_at: string | Date; answered_at: string | Date | null }[];
  };
  return r.rows.map((q) => ({
    id: q.id,
    unitId: q.unit_id,
    dueAt: new Date(q.due_at).getTime(),
    answeredAt: q.answered_at ? new Date(q.answered_at).getTime() : null,
  }));
}

/** Adjustments of the given periods. */
export async function adjustmentsFor(db: Tx, jurisdictionId: string, periods: readonly string[]) {
  if (!periods.length) return [];
  return db
    .select()
    .from(assessmentAdjustments)
    .where(
      and(
        eq(assessmentAdjustments.jurisdictionId, jurisdictionId),
        sql`${assessmentAdjustments.period} in (${sql.join(
          periods.map((p) => sql`${p}`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(asc(assessmentAdjustments.at));
}

/** Records an adjustment. */
export async function insertAdjustment(db: Tx, row: typeof assessmentAdjustments.$inferInsert): Promise<string> {
  const [r] = await db.insert(assessmentAdjustments).values(row).returning({ id: assessmentAdjustments.id });
  return r!.id;
}

/** Records an appeal. */
export async function insertAppeal(db: Tx, row: typeof assessmentAppeals.$inferInsert): Promise<string> {
  const [r] = await db.insert(assessmentAppeals).values(row).returning({ id: assessmentAppeals.id });
  return r!.id;
}

/** One appeal, locked for its decision. */
export async function appealForUpdate(tx: Tx, id: string) {
  const [r] = await tx.select().from(assessmentAppeals).where(eq(assessmentAppeals.id, id)).for("update");
  return r;
}

/** Stores the decision on an appeal. */
export async function decideAppealRow(tx: Tx, id: string, status: string, by: string, at: Date, note: string): Promise<void> {
  await tx.update(assessmentAppeals).set({ status, decidedBy: by, decidedAt: at, decisionNote: note }).where(eq(assessmentAppeals.id, id));
}

/** Appeals of a period (a unit: its own). */
export async function listAppeals(db: Database, jurisdictionId: string, period: string | undefined, unitId: string | undefined) {
  return db
    .select()
    .from(assessmentAppeals)
    .where(
      and(
        eq(assessmentAppeals.jurisdictionId, jurisdictionId),
        ...(period ? [eq(assessmentAppeals.period, period)] : []),
        ...(unitId ? [eq(assessmentAppeals.unitId, unitId)] : []),
      ),
    )
    .orderBy(asc(assessmentAppeals.filedAt));
}

/** A period's publication, if it was published. */
export async function publicationOf(db: Tx, jurisdictionId: string, period: string) {
  const [r] = await db
    .select()
    .from(assessmentPublications)
    .where(and(eq(assessmentPublications.jurisdictionId, jurisdictionId), eq(assessmentPublications.period, period)));
  return r;
}

/** Records a publication; false when the period was published already (by another, at the same time). */
export async function insertPublication(db: Tx, row: typeof assessmentPublications.$inferInsert): Promise<boolean> {
  const r = await db.insert(assessmentPublications).values(row).onConflictDoNothing().returning({ id: assessmentPublications.id });
  return r.length === 1;
}

/** How many appeals of a period wait for their decision. */
export async function pendingAppealCount(db: Tx, jurisdictionId: string, period: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(assessmentAppeals)
    .where(and(eq(assessmentAppeals.jurisdictionId, jurisdictionId), eq(assessmentAppeals.period, period), eq(assessmentAppeals.status, "pending")));
  return r?.n ?? 0;
}
