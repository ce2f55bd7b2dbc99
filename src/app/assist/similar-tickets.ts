import { sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { TICKET_STATUS_LABELS, type TicketActor, type TicketState, type TicketStatus } from "../../domain/ticket/ticket.ts";
import { stateOf, type TicketTextRow } from "../../store/repositories/ticket.repository.ts";
import { similarTicketRows } from "../../store/repositories/similar-tickets.repository.ts";
import { similarityTiers, ticketTokens, tsvectorInput } from "../../text/knowledge-text.ts";
import { type AppContext } from "../context.ts";

/** An address reduced to its letters and digits, so 五山路1号 and 五山路 1 号 are one place. */
export function normalisePlace(address: string | undefined): string | null {
  const p = (address ?? "").toLowerCase().replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, "");
  return p.length >= 4 ? p : null;
}

/** The searchable facts of a ticket, written with it. */
export function ticketTextOf(t: Pick<TicketState, "title" | "content" | "requester" | "location">): TicketTextRow {
  return {
    // A title found in the content (intake's default title is the content's start) adds no words
    // the content lacks; cutting it again was half of the words' cost.
    words: tsvectorInput(ticketTokens(t.content.includes(t.title) ? t.content : `${t.title} ${t.content}`)),
    requesterPhone: t.requester.phone || null,
    district: t.location.district || null,
    subDistrict: t.location.subDistrict || null,
    place: normalisePlace(t.location.address),
  };
}

/** What the operator has typed so far. */
export interface SimilarQuery {
  readonly text: string;
  readonly phone?: string;
  readonly district?: string;
  readonly subDistrict?: string;
  readonly address?: string;
}

/** Why a ticket is shown as possibly the same matter. */
export type SimilarReason = "same_phone" | "same_place" | "similar_text";

/** A ticket that may be the same matter, with what the operator needs to link it. */
export interface SimilarTicket {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly status: TicketStatus;
  readonly statusLabel: string;
  readonly receivedAt: number;
  readonly district: string | null;
  readonly reasons: readonly SimilarReason[];
  /** GZ-22: the unit's written statement exists, so a repeat can be closed by reference. */
  readonly hasWrittenStatement: boolean;
  readonly score: number;
}

/** How far back the check looks: open tickets of any age are rare past this; concluded ones matter for repeats. */
const WINDOW_DAYS = 180;

/**
 * Same matter again (GZ-11.4, GZ-22, GX-12): tickets of the same phone, the same place or
 * similar words within the last 180 days, best first, so the operator can link a progress
 * query or close a repeat by reference instead of opening a new ticket. Requester names
 * and phones are not in the answer.
 */
export async function findSimilarTickets(ctx: AppContext, actor: TicketActor, jurisdictionId: string, q: SimilarQuery): Promise<Result<SimilarTicket[]>> {
  if (!can(actor, "assist.use")) return fail(forbidden("assist.use"));
  if (!q.text.trim() && !q.phone && !q.address)
    return fail(domainError("INVALID_ARGUMENT", "请至少提供诉求内容、电话或地址之一", "give at least the text, the phone or the address", { field: "text" }));
  const tiers = similarityTiers(q.text);
  const place = normalisePlace(q.address);
  const rows = await similarTicketRows(ctx.db, {
    jurisdictionId,
    since: new Date(ctx.now() - WINDOW_DAYS * 86_400_000),
    ...(q.phone ? { phone: q.phone } : {}),
    ...(place ? { place } : {}),
    ...(q.district ? { district: q.district } : {}),
    ...(q.subDistrict ? { subDistrict: q.subDistrict } : {}),
    ...(tiers.all ? { all: tiers.all } : {}),
    ...(tiers.twoOf ? { twoOf: tiers.twoOf } : {}),
    limit: 8,
  });
  return ok(
    rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status as TicketStatus,
      statusLabel: TICKET_STATUS_LABELS[r.status as TicketStatus] ?? r.status,
      receivedAt: r.receivedAt,
      district: r.district,
      reasons: [
        ...(r.samePhone ? ["same_phone" as const] : []),
        ...(r.samePlace ? ["same_place" as const] : []),
        ...(r.textMatch ? ["similar_text" as const] : []),
      ],
      hasWrittenStatement: r.hasWrittenStatement,
      score: r.score,
    })),
  );
}

/** Writes the missing `ticket_text` rows of tickets made before the table existed, 1 000 at a time. */
export async function backfillTicketTexts(ctx: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const r = (await ctx.db.execute(
      sql`select t.id, t.jurisdiction_id, t.received_at, t.state from ticket t where not exists (select 1 from ticket_text x where x.ticket_id = t.id) limit 1000`,
    )) as unknown as { rows: { id: string; jurisdiction_id: string; received_at: Date | string; state: TicketState | string }[] };
    if (!r.rows.length) return total;
    for (const row of r.rows) {
      const s = stateOf(row.state);
      const x = ticketTextOf(s);
      await ctx.db.execute(sql`insert into ticket_text (ticket_id, jurisdiction_id, received_at, requester_phone, district, sub_district, place, words)
        values (${row.id}, ${row.jurisdiction_id}, ${new Date(row.received_at).toISOString()}::timestamptz, ${x.requesterPhone}, ${x.district}, ${x.subDistrict}, ${x.place}, to_tsvector('simple', ${x.words})) on conflict do nothing`);
    }
    total += r.rows.length;
  }
}
