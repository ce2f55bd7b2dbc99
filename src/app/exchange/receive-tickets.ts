import { otherPlatform } from "../../domain/org/platform-scope.ts";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { TICKET_STATUS_LABELS, type TicketActor, type TicketState, type TicketStatus } from "../../domain/ticket/ticket.ts";
import { cappedCount, cursorMicros, LOG_TOTAL_CAP, olderThan, pageOf, type LogPageRequest } from "../../store/log-page.ts";
import { localTime, sheetOf } from "../export/sheet.ts";
import { zoneOffset } from "../org/jurisdictions.ts";
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

/** The cities' tickets a region's staff read, newest first, by city when asked (GX-16). */
export interface CityTicketFilter {
  readonly source?: string | undefined;
}

/**
 * A page of the copies of the cities' tickets, newest first, with its total: a region's staff read
 * its own cities' (another source is refused naming it), a city's staff none, the deployment all.
 */
export async function cityTicketPage(ctx: AppContext, actor: TicketActor, f: CityTicketFilter, page: LogPageRequest) {
  if (!can(actor, "analytics.read")) return fail(forbidden("analytics.read"));
  const x = exchangeTickets;
  const cities =
    actor.jurisdictionId === undefined
      ? undefined
      : (await ctx.db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.parentId, actor.jurisdictionId))).map((r) => r.id);
  if (cities && f.source && !cities.includes(f.source)) return fail(otherPlatform("source"));
  const where = [
    ...(f.source ? [eq(x.sourceJurisdictionId, f.source)] : []),
    ...(cities ? [cities.length ? inArray(x.sourceJurisdictionId, cities) : sql`false`] : []),
  ];
  const [rows, total] = await Promise.all([
    ctx.db
      .select({
        ticketId: x.ticketId,
        source: x.sourceJurisdictionId,
        number: x.number,
        version: x.version,
        status: x.status,
        receivedAt: x.receivedAt,
        micros: cursorMicros(x.receivedAt),
      })
      .from(x)
      .where(and(...where, ...olderThan(x.receivedAt, x.ticketId, page.cursor)))
      .orderBy(desc(x.receivedAt), desc(x.ticketId))
      .limit(page.limit + 1),
    cappedCount(ctx.db, x, where.length ? and(...where) : undefined),
  ]);
  const p = pageOf(rows, page.limit, (r) => r.ticketId);
  return ok({ rows: p.rows.map((r) => ({ ...r, receivedAt: r.receivedAt.getTime() })), next: p.next, total });
}

/** The same copies as .xlsx (up to the count a list shows), each time in the region's zone. */
export async function cityTicketsXlsx(ctx: AppContext, actor: TicketActor, f: CityTicketFilter): Promise<Result<Buffer>> {
  const r = await cityTicketPage(ctx, actor, f, { limit: LOG_TOTAL_CAP });
  if (!r.ok) return r;
  const offset = actor.jurisdictionId === undefined ? 0 : await zoneOffset(ctx, actor.jurisdictionId);
  const names = new Map((await ctx.db.select({ id: jurisdictions.id, name: jurisdictions.name }).from(jurisdictions)).map((j) => [j.id, j.name]));
  const rows = r.value.rows.map((t) => [
    t.number,
    names.get(t.source) ?? t.source,
    TICKET_STATUS_LABELS[t.status as TicketStatus] ?? "其他",
    t.version,
    localTime(t.receivedAt, offset),
  ]);
  return ok(
    await sheetOf(
      "下级平台工单",
      [
        { header: "工单编号", width: 18 },
        { header: "平台", width: 20 },
        { header: "状态", width: 10 },
        { header: "版本", width: 6 },
        { header: "收到时间", width: 17 },
      ],
      rows,
    ),
  );
}
