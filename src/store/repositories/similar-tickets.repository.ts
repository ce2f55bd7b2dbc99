import { sql, type SQL } from "drizzle-orm";
import { type Database } from "../database.ts";

/** Filters of the same-matter check. */
export interface SimilarFilter {
  readonly jurisdictionId: string;
  readonly since: Date;
  readonly phone?: string;
  readonly place?: string;
  readonly district?: string;
  readonly subDistrict?: string;
  /** tsqueries: every main word, two of them. */
  readonly all?: string;
  readonly twoOf?: string;
  readonly limit: number;
}

/** One candidate with its signals. */
export interface SimilarRow {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly title: string;
  readonly receivedAt: number;
  readonly district: string | null;
  readonly samePhone: boolean;
  readonly samePlace: boolean;
  readonly textScore: number;
  /** The request's words matched (all main words, or two of them): only then is it 内容相近. */
  readonly textMatch: boolean;
  readonly hasWrittenStatement: boolean;
  readonly score: number;
}

/** Text candidates per tier at most; the phone and place lists are short by nature. */
const CANDIDATES = 200;

/**
 * Candidates by phone, by exact place, and by words (every main word; two of them only
 * while the first found too few), each from its own index and capped; then scored once:
 * phone 2, place 1.5, text up to ~1.6, same district/sub-district 0.3 each, open 0.5.
 */
export async function similarTicketRows(db: Database, f: SimilarFilter): Promise<SimilarRow[]> {
  const base = sql`x.jurisdiction_id = ${f.jurisdictionId} and x.received_at >= ${f.since.toISOString()}::timestamptz`;
  const area = f.district ? sql` and x.district = ${f.district}` : sql``;
  const ctes: SQL[] = [];
  const names: string[] = [];
  const add = (name: string, body: SQL): void => {
    ctes.push(sql`${sql.raw(name)} as (${body})`);
    names.push(name);
  };
  if (f.phone)
    add("by_phone", sql`select x.ticket_id from ticket_text x where ${base} and x.requester_phone = ${f.phone} order by x.received_at desc limit 20`);
  if (f.place) add("by_place", sql`select x.ticket_id from ticket_text x where ${base} and x.place = ${f.place} order by x.received_at desc limit 20`);
  if (f.all) add("by_all", sql`select x.ticket_id from ticket_text x where ${base}${area} and x.words @@ to_tsquery('simple', ${f.all}) limit ${CANDIDATES}`);
  if (f.twoOf)
    add(
      "by_two",
      sql`select x.ticket_id from ticket_text x where ${base}${area} and x.words @@ to_tsquery('simple', ${f.twoOf}) and ${sql.raw(names.includes("by_all") ? "(select count(*) from by_all)" : "0")} < ${f.limit} limit ${CANDIDATES}`,
    );
  if (!ctes.length) return [];
  const tq = (t: string | undefined): SQL => (t ? sql`to_tsquery('simple', ${t})` : sql`null::tsquery`);
  const r = (await db.execute(sql`
    with ${sql.join(ctes, sql`, `)}, c as (${sql.raw(names.map((n) => `select ticket_id from ${n}`).join(" union "))}),
    s as (
      select t.id, t.number, t.status, t.state->>'title' as title, t.received_at, t.district,
        coalesce(x.requester_phone = ${f.phone ?? null}, false) as same_phone,
        coalesce(x.place = ${f.place ?? null}, false) as same_place,
        (case when x.words @@ ${tq(f.all)} then 1 else 0 end + case when x.words @@ ${tq(f.twoOf)} then 0.4 else 0 end
          + coalesce(ts_rank(x.words, ${tq(f.twoOf ?? f.all)}), 0))::float8 as text_score,
        -- ts_rank is never quite 0 (1e-20 for no match): whether the words matched is asked apart.
        coalesce(x.words @@ ${tq(f.all)}, false) or coalesce(x.words @@ ${tq(f.twoOf)}, false) as text_match,
        (t.state->'writtenStatement') is not null as has_written_statement,
        (coalesce(x.district = ${f.district ?? null}, false))::int * 0.3 + (coalesce(x.sub_district = ${f.subDistrict ?? null}, false))::int * 0.3
          + case when t.status in ('concluded', 'archived') then 0 else 0.5 end as bonus
      from c join ticket_text x on x.ticket_id = c.ticket_id join ticket t on t.id = c.ticket_id
      where t.status <> 'merged'
    )
    select *, (same_phone::int * 2 + same_place::int * 1.5 + text_score + bonus)::float8 as score
    from s
    where same_phone or same_place or text_match
    order by score desc, received_at desc
    limit ${f.limit}`)) as unknown as { rows: Record<string, unknown>[] };
  return r.rows.map((x) => ({
    id: String(x["id"]),
    number: String(x["number"]),
    status: String(x["status"]),
    title: String(x["title"] ?? ""),
    receivedAt: new Date(x["received_at"] as string | Date).getTime(),
    district: (x["district"] as string | null) ?? null,
    samePhone: Boolean(x["same_phone"]),
    samePlace: Boolean(x["same_place"]),
    textScore: Number(x["text_score"]),
    textMatch: Boolean(x["text_match"]),
    hasWrittenStatement: Boolean(x["has_written_statement"]),
    score: Number(x["score"]),
  }));
}
