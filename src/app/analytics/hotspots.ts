import { sql } from "drizzle-orm";
import { findHotSpots, type HotSpot, type TicketTerms } from "../../text/hotspots.ts";
import { words } from "../../text/segmenter.ts";
import { type AppContext } from "../context.ts";

/** The most tickets read per window; a window bigger than this is sampled by recency. */
const MAX_TICKETS = 50_000;

const isWord = new Map<string, boolean>();
/** Dictionary words only: the index's character bigrams (灯不) would make poor hot-spot names. */
function wordLike(token: string): boolean {
  let v = isWord.get(token);
  if (v === undefined) {
    const cut = words(token, false);
    v = cut.length === 1 && cut[0] === token;
    if (isWord.size < 200_000) isWord.set(token, v);
  }
  return v;
}

async function window(ctx: AppContext, jurisdictionId: string, from: number, to: number): Promise<TicketTerms[]> {
  const r = (await ctx.db.execute(sql`
    select x.ticket_id, t.number, t.state->>'title' as title, x.received_at, x.district, x.sub_district, tsvector_to_array(x.words) as terms
    from ticket_text x join ticket t on t.id = x.ticket_id
    where x.jurisdiction_id = ${jurisdictionId} and x.received_at >= ${new Date(from).toISOString()}::timestamptz and x.received_at < ${new Date(to).toISOString()}::timestamptz and t.status <> 'merged'${ctx.ticketIds.andWithin(sql`t.id`, from, to)}
    order by x.received_at desc
    limit ${MAX_TICKETS}`)) as unknown as {
    rows: {
      ticket_id: string;
      number: string;
      title: string | null;
      received_at: string | Date;
      district: string | null;
      sub_district: string | null;
      terms: string[] | string;
    }[];
  };
  return r.rows.map((x) => ({
    id: x.ticket_id,
    number: x.number,
    title: x.title ?? "",
    at: new Date(x.received_at).getTime(),
    district: x.district,
    subDistrict: x.sub_district,
    // PGlite may hand back the array in its text form.
    terms: (Array.isArray(x.terms)
      ? x.terms
      : String(x.terms)
          .replace(/^\{|\}$/g, "")
          .split(",")
          .map((s) => s.replace(/^"|"$/g, ""))
    ).filter(wordLike),
  }));
}

/** Hot spots of the last `days` days against the `days` before (GX-17, GZ-5). */
export async function hotSpots(
  ctx: AppContext,
  jurisdictionId: string,
  days: number,
  to = ctx.now(),
): Promise<{ from: number; to: number; previousFrom: number; hotspots: HotSpot[] }> {
  const span = days * 86_400_000;
  const from = to - span;
  const [current, previous] = await Promise.all([window(ctx, jurisdictionId, from, to), window(ctx, jurisdictionId, from - span, from)]);
  return { from, to, previousFrom: from - span, hotspots: findHotSpots(current, previous) };
}
