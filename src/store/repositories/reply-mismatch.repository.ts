import { sql } from "drizzle-orm";
import { type Database } from "../database.ts";

/** One flagged reply (疑似不实反馈) as the supervisors' board lists it. */
export interface FlaggedReply {
  readonly ticketId: string;
  readonly number: string;
  readonly title: string;
  readonly status: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly at: number;
  /** What the unit wrote as its result, beside what the requester answered. */
  readonly feedbackResult: string;
  readonly feedbackSolved: string;
  readonly requesterSolved: string;
  readonly flag: "open" | "cleared" | "misconduct";
  readonly decision?: { at: number; by: string; reason: string; misconductId?: string };
}

type Row = {
  id: string;
  number: string;
  title: string;
  status: string;
  unit_id: string;
  unit_name: string | null;
  flag: { at: number; feedbackSolved: string; requesterSolved: string; status: FlaggedReply["flag"]; decision?: FlaggedReply["decision"] };
  result: string | null;
};

const FLAG = sql`t.state->'replyMismatch'`;
const FLAGGED_AT = sql`((t.state->'replyMismatch'->>'at')::bigint)`;

/** A page of a platform's flagged replies, newest first; `status` narrows to open, cleared or misconduct ones. */
export async function flaggedReplies(
  db: Database,
  jurisdictionId: string,
  status: FlaggedReply["flag"] | undefined,
  limit: number,
  offset: number,
): Promise<{ total: number; items: FlaggedReply[] }> {
  const where = sql`t.jurisdiction_id = ${jurisdictionId} and t.state ? 'replyMismatch' ${status ? sql`and ${FLAG}->>'status' = ${status}` : sql``}`;
  const [count, rows] = await Promise.all([
    db.execute(sql`select count(*)::int as n from ticket t where ${where}`) as unknown as Promise<{ rows: { n: number }[] }>,
    db.execute(sql`
      select t.id::text as id, t.number, t.state->>'title' as title, t.status, ${FLAG}->>'unitId' as unit_id, u.name as unit_name, ${FLAG} as flag, t.state->'feedback'->>'result' as result
      from ticket t left join unit u on u.id = (${FLAG}->>'unitId')::uuid
      where ${where}
      order by ${FLAGGED_AT} desc, t.id
      limit ${limit} offset ${offset}`) as unknown as Promise<{ rows: Row[] }>,
  ]);
  return {
    total: count.rows[0]?.n ?? 0,
    items: rows.rows.map((r) => ({
      ticketId: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      unitId: r.unit_id,
      unitName: r.unit_name ?? r.unit_id,
      at: Number(r.flag["at"]),
      feedbackResult: r.result ?? "",
      feedbackSolved: String(r.flag["feedbackSolved"]),
      requesterSolved: String(r.flag["requesterSolved"]),
      flag: r.flag["status"],
      ...(r.flag["decision"] ? { decision: r.flag["decision"] } : {}),
    })),
  };
}

/** Per unit, the replies flagged in `[from, to)` and what became of them. */
export interface FlaggedByUnit {
  readonly unitId: string;
  readonly unitName: string;
  readonly flagged: number;
  readonly open: number;
  readonly cleared: number;
  readonly misconduct: number;
}

export async function flaggedRepliesByUnit(db: Database, jurisdictionId: string, from: number, to: number): Promise<FlaggedByUnit[]> {
  const { rows } = (await db.execute(sql`
    select ${FLAG}->>'unitId' as unit_id, min(u.name) as unit_name, count(*)::int as flagged,
      (count(*) filter (where ${FLAG}->>'status' = 'open'))::int as open,
      (count(*) filter (where ${FLAG}->>'status' = 'cleared'))::int as cleared,
      (count(*) filter (where ${FLAG}->>'status' = 'misconduct'))::int as misconduct
    from ticket t left join unit u on u.id = (${FLAG}->>'unitId')::uuid
    where t.jurisdiction_id = ${jurisdictionId} and t.state ? 'replyMismatch' and ${FLAGGED_AT} >= ${from} and ${FLAGGED_AT} < ${to}
    group by 1
    order by 3 desc, 2`)) as unknown as {
    rows: { unit_id: string; unit_name: string | null; flagged: number; open: number; cleared: number; misconduct: number }[];
  };
  return rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.unit_name ?? r.unit_id,
    flagged: r.flagged,
    open: r.open,
    cleared: r.cleared,
    misconduct: r.misconduct,
  }));
}
