import { otherPlatform } from "../../domain/org/platform-scope.ts";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { exchangeTickets, jurisdictions } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";

/** One ticket version as a city sends it. */
export interface ExchangeItem {
  readonly source: string;
  readonly ticketId: string;
  readonly version: number;
  readonly state: TicketState;
}

/**
 * The region takes its cities' ticket versions (GX-5, GX-16): each (ticket, version) once,
 * the copy kept at the newest version. A city the region does not know as its child is refused.
 */
export async function receiveTickets(ctx: AppContext, items: readonly ExchangeItem[]): Promise<Result<{ received: number; duplicates: number }>> {
  const children = new Set(
    (
      await ctx.db
        .select({ id: jurisdictions.id })
        .from(jurisdictions)
        .where(sql`${jurisdictions.parentId} is not null`)
    ).map((r) => r.id),
  );
  const stranger = items.find((i) => !children.has(i.source) || i.state.id !== i.ticketId || i.state.jurisdictionId !== i.source);
  if (stranger)
    return fail(
      domainError(
        "INVALID_ARGUMENT",
        `来源平台 ${stranger.source} 不是本平台的下级平台，或数据不一致`,
        `${stranger.source} is not a platform under this one, or the item is inconsistent`,
        { field: "items" },
      ),
    );
  const at = new Date(ctx.now()).toISOString();
  return ctx.db.transaction(async (tx) => {
    let received = 0;
    for (const i of items) {
      const fresh = (await tx.execute(
        sql`insert into exchange_receipt (ticket_id, version, source_jurisdiction_id, received_at) values (${i.ticketId}, ${i.version}, ${i.source}, ${at}::timestamptz) on conflict do nothing returning 1`,
      )) as unknown as { rows: unknown[] };
      if (!fresh.rows.length) continue;
      received++;
      await tx.execute(sql`
        insert into exchange_ticket (ticket_id, source_jurisdiction_id, number, version, status, state, received_at)
        values (${i.ticketId}, ${i.source}, ${i.state.number}, ${i.version}, ${i.state.status}, ${JSON.stringify(i.state)}::jsonb, ${at}::timestamptz)
        on conflict (ticket_id) do update set version = excluded.version, status = excluded.status, state = excluded.state, received_at = excluded.received_at
        where exchange_ticket.version < excluded.version`);
    }
    return ok({ received, duplicates: items.length - received });
  });
}

/** The cities' tickets as the region sees them, read-only, newest first. */
export async function cityTickets(ctx: AppContext, actor: TicketActor, source?: string) {
  if (!can(actor, "analytics.read")) return fail(forbidden("analytics.read"));
  const q = ctx.db
    .select({
      ticketId: exchangeTickets.ticketId,
      source: exchangeTickets.sourceJurisdictionId,
      number: exchangeTickets.number,
      version: exchangeTickets.version,
      status: exchangeTickets.status,
      receivedAt: exchangeTickets.receivedAt,
    })
    .from(exchangeTickets);
  // A region's staff read the copies of its own cities' tickets; a city's staff read none.
  const cities =
    actor.jurisdictionId === undefined
      ? undefined
      : (await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.parentId, actor.jurisdictionId))).map((r) => r.id);
  if (cities && source && !cities.includes(source)) return fail(otherPlatform("source"));
  const where = and(
    ...(source ? [eq(exchangeTickets.sourceJurisdictionId, source)] : []),
    ...(cities ? [cities.length ? inArray(exchangeTickets.sourceJurisdictionId, cities) : sql`false`] : []),
  );
  const rows = await q.where(where).orderBy(desc(exchangeTickets.receivedAt)).limit(1000);
  return ok(rows.map((r) => ({ ...r, receivedAt: r.receivedAt.getTime() })));
}
