import { and, eq, sql } from "drizzle-orm";
import { type Database } from "../database.ts";
import { labelCorrections } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

/** One ticket event that shows the models a wrong label, waiting for an admin's decision. */
export interface CorrectionItem {
  readonly ticketId: string;
  readonly seq: number;
  readonly number: string;
  readonly kind: "intake_override" | "suggestion_override" | "return_approved";
  readonly at: number;
  readonly by: string;
  /** The unit the suggestion or the dispatch named, which was wrong. */
  readonly wrongUnitId: string | null;
  /** The unit the correction proposes: the one chosen over the suggestion, or the ticket's lead now. */
  readonly proposedUnitId: string | null;
  readonly category: string | null;
  /** The category the intake model suggested first, where the operator chose another. */
  readonly wrongCategory?: string;
  readonly reason: string;
  readonly text: string;
}

/**
 * Events that belong on the queue: a ticket created after the operator passed over the intake's
 * first unit or category, a dispatch that passed over the first suggestion, a return the hotline approved.
 */
const QUEUED = sql`(e.type = 'ReturnApproved'
  or (e.type = 'Dispatched' and e.data ? 'suggestion' and coalesce((e.data->'suggestion'->>'chosenRank')::int, 0) <> 1)
  or (e.type = 'TicketCreated' and exists (select 1 from suggestion_choice c where c.ticket_id = e.ticket_id and c.target in ('unit', 'category') and not c.accepted)))`;

type Choice = { suggested: string[]; chosen: string; accepted: boolean };
type Row = {
  ticket_id: string;
  seq: number;
  number: string;
  type: string;
  at: string | Date;
  actor_name: string;
  data: Record<string, unknown> & { assignment?: { leadUnitId?: string } };
  category: string | null;
  text: string;
  lead: string | null;
  wrong: string | null;
  choices: Record<string, Choice> | null;
};

function intakeItem(r: Row): CorrectionItem {
  const unit = r.choices?.["unit"];
  const category = r.choices?.["category"];
  const unitOverridden = unit && !unit.accepted;
  return {
    ticketId: r.ticket_id,
    seq: Number(r.seq),
    number: r.number,
    kind: "intake_override",
    at: new Date(r.at).getTime(),
    by: r.actor_name,
    wrongUnitId: unitOverridden ? (unit.suggested[0] ?? null) : null,
    // The operator's unit, or where the ticket went since.
    proposedUnitId: unitOverridden ? unit.chosen : r.lead,
    category: r.category,
    ...(category && !category.accepted && category.suggested[0] ? { wrongCategory: category.suggested[0] } : {}),
    reason: "受理时未采用建议",
    text: r.text,
  };
}

function item(r: Row): CorrectionItem {
  if (r.type === "TicketCreated") return intakeItem(r);
  const override = r.type === "Dispatched";
  const s = r.data["suggestion"] as { shown?: string[]; overrideReason?: string } | undefined;
  return {
    ticketId: r.ticket_id,
    seq: Number(r.seq),
    number: r.number,
    kind: override ? "suggestion_override" : "return_approved",
    at: new Date(r.at).getTime(),
    by: r.actor_name,
    wrongUnitId: override ? (s?.shown?.[0] ?? null) : r.wrong,
    proposedUnitId: override ? String(r.data["assignment"]?.["leadUnitId"] ?? "") || null : r.lead !== r.wrong ? r.lead : null,
    category: r.category,
    reason: override ? (s?.overrideReason ?? "") : String(r.data["reason"] ?? ""),
    text: r.text,
  };
}

const SELECT = sql`
  select e.ticket_id::text as ticket_id, e.seq, t.number, e.type, e.at, e.actor_name, e.data, t.category, t.lead_unit_id::text as lead,
    concat_ws('。', t.state->>'title', t.state->>'content') as text,
    (select d.data->'assignment'->>'leadUnitId' from ticket_event d where d.ticket_id = e.ticket_id and d.type = 'Dispatched' and d.seq < e.seq order by d.seq desc limit 1) as wrong,
    case when e.type = 'TicketCreated' then
      (select jsonb_object_agg(c.target, jsonb_build_object('suggested', c.suggested, 'chosen', c.chosen, 'accepted', c.accepted)) from suggestion_choice c where c.ticket_id = e.ticket_id)
    end as choices
  from ticket_event e join ticket t on t.id = e.ticket_id`;

/** The queue of a platform, newest first: the items not decided yet. */
export async function pendingCorrections(
  db: Database,
  jurisdictionId: string,
  limit: number,
  offset: number,
): Promise<{ total: number; items: CorrectionItem[] }> {
  const where = sql`t.jurisdiction_id = ${jurisdictionId} and ${QUEUED} and not exists (select 1 from label_correction c where c.ticket_id = e.ticket_id and c.seq = e.seq)`;
  const [count, rows] = await Promise.all([
    db.execute(sql`select count(*)::int as n from ticket_event e join ticket t on t.id = e.ticket_id where ${where}`) as unknown as Promise<{
      rows: { n: number }[];
    }>,
    db.execute(sql`${SELECT} where ${where} order by e.at desc, e.ticket_id, e.seq limit ${limit} offset ${offset}`) as unknown as Promise<{ rows: Row[] }>,
  ]);
  return { total: count.rows[0]?.n ?? 0, items: rows.rows.map(item) };
}

/** One item of the queue (decided or not), or undefined if the event does not belong on it. */
export async function correctionItem(db: Tx, jurisdictionId: string, ticketId: string, seq: number): Promise<CorrectionItem | undefined> {
  const r = (await db.execute(
    sql`${SELECT} where t.jurisdiction_id = ${jurisdictionId} and e.ticket_id = ${ticketId}::uuid and e.seq = ${seq} and ${QUEUED}`,
  )) as unknown as { rows: Row[] };
  return r.rows[0] ? item(r.rows[0]) : undefined;
}

/** Records a decision; false when the item was decided already (the key exists). */
export async function insertCorrection(db: Tx, row: typeof labelCorrections.$inferInsert): Promise<boolean> {
  const r = await db.insert(labelCorrections).values(row).onConflictDoNothing().returning({ seq: labelCorrections.seq });
  return r.length === 1;
}

/** A platform's accepted corrections: text and corrected label, for training. */
export async function acceptedCorrections(
  db: Database,
  jurisdictionId: string,
): Promise<{ ticketId: string; text: string; unitId: string | null; category: string | null }[]> {
  return db
    .select({ ticketId: labelCorrections.ticketId, text: labelCorrections.text, unitId: labelCorrections.unitId, category: labelCorrections.category })
    .from(labelCorrections)
    .where(and(eq(labelCorrections.jurisdictionId, jurisdictionId), eq(labelCorrections.accepted, true)));
}
