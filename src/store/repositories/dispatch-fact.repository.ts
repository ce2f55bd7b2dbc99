import { sql, type SQL } from "drizzle-orm";
import { type DispatchQualityBy, type FigureId, type FigureSums } from "../../domain/dispatch/dispatch-quality.ts";
import { type Database } from "../database.ts";

/** Which dispatch facts a question reads: a platform's tickets first dispatched in `[from, to)`, optionally one dispatcher's or one first unit's. */
export interface FactScope {
  readonly jurisdictionId: string;
  readonly from: number;
  readonly to: number;
  readonly dispatcherId?: string;
  readonly unitId?: string;
}

const KEY: Record<DispatchQualityBy, SQL> = {
  unit: sql`first_unit_id::text`,
  dispatcher: sql`dispatcher_id`,
  category: sql`category`,
  district: sql`district`,
};

/** The numerator's tickets of each figure, as a condition on a fact row ({@link inFigure} in SQL). */
const IN_FIGURE: Record<FigureId, SQL> = {
  firstDispatchAccuracy: sql`approved = 0 and concluded`,
  returnRate: sql`asked > 0`,
  unfoundedReturnRate: sql`refused > 0`,
  meanBounces: sql`approved > 0`,
  meanDaysLost: sql`approved > 0`,
};

function where(s: FactScope): SQL {
  return sql`jurisdiction_id = ${s.jurisdictionId} and first_at >= ${new Date(s.from).toISOString()}::timestamptz and first_at < ${new Date(s.to).toISOString()}::timestamptz${
    s.dispatcherId !== undefined ? sql` and dispatcher_id = ${s.dispatcherId}` : sql``
  }${s.unitId !== undefined ? sql` and first_unit_id = ${s.unitId}::uuid` : sql``}`;
}

type SumsRow = {
  key: string | null;
  label: string | null;
  dispatched: string;
  known: string;
  accurate: string;
  returned: string;
  ruled: string | null;
  unfounded: string | null;
  bounces: string | null;
  ms_lost: string | null;
};

function sums(r: SumsRow): FigureSums {
  return {
    dispatched: Number(r.dispatched),
    known: Number(r.known),
    accurate: Number(r.accurate),
    returned: Number(r.returned),
    ruled: Number(r.ruled ?? 0),
    unfounded: Number(r.unfounded ?? 0),
    bounces: Number(r.bounces ?? 0),
    msLost: Number(r.ms_lost ?? 0),
  };
}

/** Two groups' sums added: every count is a whole number, so the overall is exact in any order. */
function plus(a: FigureSums, b: FigureSums): FigureSums {
  return {
    dispatched: a.dispatched + b.dispatched,
    known: a.known + b.known,
    accurate: a.accurate + b.accurate,
    returned: a.returned + b.returned,
    ruled: a.ruled + b.ruled,
    unfounded: a.unfounded + b.unfounded,
    bounces: a.bounces + b.bounces,
    msLost: a.msLost + b.msLost,
  };
}

const ZERO: FigureSums = { dispatched: 0, known: 0, accurate: 0, returned: 0, ruled: 0, unfounded: 0, bounces: 0, msLost: 0 };

/**
 * The sums of the figures over the scope, overall and, where asked, by one dimension, in one
 * scan of the month's facts; the overall is the groups' sums added up (whole numbers).
 */
export async function dispatchSums(
  db: Database,
  scope: FactScope,
  by?: DispatchQualityBy,
): Promise<{ overall: FigureSums; groups: { key: string; label: string; sums: FigureSums }[] }> {
  const figures = sql`count(*) as dispatched,
      count(*) filter (where approved > 0 or concluded) as known, count(*) filter (where approved = 0 and concluded) as accurate,
      count(*) filter (where asked > 0) as returned, sum(approved + refused) as ruled, sum(refused) as unfounded, sum(approved) as bounces, sum(ms_lost) as ms_lost`;
  // The dispatcher's name is read only when the groups are dispatchers: a text aggregate per row costs.
  const label = by === "dispatcher" ? sql`max(dispatcher_name)` : sql`null`;
  const r = await db.transaction(async (tx) => {
    // Compiling the plan (JIT) costs as long as running it: a month's scan is some 100 ms.
    await tx.execute(sql`set local jit = off`);
    return (await tx.execute(
      by
        ? sql`select ${KEY[by]} as key, ${label} as label, ${figures} from dispatch_fact where ${where(scope)} group by 1`
        : sql`select null as key, null as label, ${figures} from dispatch_fact where ${where(scope)}`,
    )) as unknown as { rows: SumsRow[] };
  });
  const groups = r.rows.filter((x) => Number(x.dispatched) > 0).map((x) => ({ key: x.key ?? "", label: x.label ?? "", sums: sums(x) }));
  return { overall: groups.reduce((a, g) => plus(a, g.sums), ZERO), groups: by ? groups : [] };
}

/** A page of the tickets a figure's numerator counts (by first dispatch), with their numbers, and how many there are. */
export async function figureTickets(
  db: Database,
  scope: FactScope,
  figure: FigureId,
  group: { by: DispatchQualityBy; key: string } | undefined,
  page: { offset: number; limit: number },
): Promise<{ total: number; tickets: { id: string; number: string }[] }> {
  const cond = sql`${where(scope)} and ${IN_FIGURE[figure]}${group ? sql` and ${KEY[group.by]} = ${group.key}` : sql``}`;
  const [count, rows] = await Promise.all([
    db.execute(sql`select count(*)::int as n from dispatch_fact where ${cond}`) as unknown as Promise<{ rows: { n: number }[] }>,
    db.execute(sql`
      select f.ticket_id::text as id, t.number from (select ticket_id, first_at from dispatch_fact where ${cond} order by first_at, ticket_id offset ${page.offset} limit ${page.limit}) f
      join ticket t on t.id = f.ticket_id order by f.first_at, f.ticket_id`) as unknown as Promise<{ rows: { id: string; number: string }[] }>,
  ]);
  return { total: count.rows[0]?.n ?? 0, tickets: rows.rows };
}

/** A unit's record with a category: concluded without an approved return, the two latest of them. */
export interface TrackRecord {
  /** How many, counted up to {@link TRACK_RECORD_CAP}. */
  readonly handled: number;
  /** True when there are at least {@link TRACK_RECORD_CAP} (the count stops there). */
  readonly more: boolean;
  readonly examples: { id: string; number: string }[];
}

/**
 * Where a unit's count stops. A dispatcher weighs "none", "a few", "dozens" and "a hundred and
 * more"; counting a busy unit's 100 000 tickets on every suggestion would cost more than the
 * rest of it (counting up to 1 000 put the p99 near 9 ms in `npm run bench -- suggest`).
 */
export const TRACK_RECORD_CAP = 100;

/** How often the suggestion held, among concluded tickets first dispatched with suggestions shown. */
export interface SuggestionSums {
  readonly key: string;
  /** Concluded tickets whose first dispatch showed suggestions. */
  readonly concluded: number;
  /** Of them, those the first suggestion's unit concluded; those one of the three suggested units concluded. */
  readonly top1: number;
  readonly top3: number;
}

/** Suggestion accuracy over the scope (by first dispatch), overall (key "") and by category where asked. */
export async function suggestionSums(db: Database, scope: FactScope, byCategory: boolean): Promise<SuggestionSums[]> {
  const r = (await db.execute(sql`
    select ${byCategory ? sql`category` : sql`''`} as key, count(*)::int as concluded,
      count(*) filter (where suggested[1] = lead_unit_id)::int as top1, count(*) filter (where lead_unit_id = any(suggested))::int as top3
    from dispatch_fact where ${where(scope)} and concluded and suggested is not null
    ${byCategory ? sql`group by category order by count(*) desc, category` : sql``}`)) as unknown as { rows: SuggestionSums[] };
  return r.rows.filter((x) => x.concluded > 0).map((x) => ({ key: x.key, concluded: Number(x.concluded), top1: Number(x.top1), top3: Number(x.top3) }));
}
