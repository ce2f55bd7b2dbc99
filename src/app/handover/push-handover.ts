import { sql } from "drizzle-orm";
import { postSigned } from "../exchange/post-signed.ts";
import { maskedTicket, mayReveal } from "../../domain/privacy/requester-privacy.ts";
import { type TicketState } from "../../domain/ticket/ticket.ts";
import { type Tx } from "../../store/repositories/ticket.repository.ts";
import { logPersonalDataAccess } from "../../store/repositories/privacy.repository.ts";
import { type AppContext } from "../context.ts";
import { exchangeRetryDelayMs } from "../exchange/retry-delay.ts";

interface Due {
  id: string;
  target: string;
  ticket_id: string;
  ticket_version: number;
  payload: unknown;
  attempts: number;
  url: string | null;
  secret: string | null;
  code: string | null;
}

/** The ticket as a handling unit may have it: the requester in clear unless a whistle-blower's or confidential one (GX-22). */
function unitView(t: TicketState): { ticket: TicketState; revealed: boolean } {
  return mayReveal("unit_handler", t) ? { ticket: t, revealed: true } : { ticket: maskedTicket(t), revealed: false };
}

async function pushOne(tx: Tx, now: number, rows: Due[]): Promise<boolean> {
  const first = rows[0]!;
  const ids = sql.join(
    rows.map((r) => sql`${r.id}::uuid`),
    sql`, `,
  );
  if (!first.url || !first.secret) {
    // Disconnected since: nothing to push to; the unit works in the console.
    await tx.execute(sql`update exchange_outbox set status = 'dropped', last_error = 'link removed' where id in (${ids})`);
    return false;
  }
  const views = rows.map((r) => ({ row: r, ...unitView((typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as TicketState) }));
  const body = JSON.stringify({
    unit: first.code,
    items: views.map((v) => ({ ticketId: v.row.ticket_id, number: v.ticket.number, version: Number(v.row.ticket_version), ticket: v.ticket })),
  });
  const sent = await postSigned(first.url, first.secret, body);
  const error = sent.ok ? undefined : sent.error;
  if (error === undefined) {
    await tx.execute(
      sql`update exchange_outbox set status = 'sent', sent_at = ${new Date(now).toISOString()}::timestamptz, attempts = attempts + 1, last_error = null where id in (${ids})`,
    );
    // The unit's system now holds the requester: logged like any view of personal data (GZ-25).
    for (const v of views.filter((x) => x.revealed && x.ticket.requester.phone)) {
      await logPersonalDataAccess(tx, {
        at: new Date(now),
        actorId: `handover:${first.code}`,
        role: "unit_handler",
        unitId: first.target.slice(5),
        ticketId: v.ticket.id,
        jurisdictionId: v.ticket.jurisdictionId,
        requesterPhone: v.ticket.requester.phone ?? null,
        purpose: "推送至单位系统办理 / pushed to the unit's own system to handle",
      });
    }
    return true;
  }
  const wait = exchangeRetryDelayMs(Math.max(...rows.map((r) => Number(r.attempts))) + 1);
  await tx.execute(
    sql`update exchange_outbox set attempts = attempts + 1, last_error = ${error}, next_attempt_at = ${new Date(now + wait).toISOString()}::timestamptz where id in (${ids})`,
  );
  return false;
}

/**
 * Pushes ticket versions to the sub-centres' and dual-number units' own systems (GZ-7, GZ-28),
 * one signed batch per unit, claimed with `FOR UPDATE SKIP LOCKED`, retried with growing waits
 * like the exchange with the region. A unit's system deduplicates by (ticket, version).
 */
export async function pushHandover(ctx: AppContext, limit = 200): Promise<{ sent: number; waiting: number }> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const due = (await tx.execute(sql`
      select o.id, o.target, o.ticket_id, o.ticket_version, o.payload, o.attempts, l.url, l.secret, u.code
      from exchange_outbox o
      left join handover_link l on l.unit_id = substr(o.target, 6)::uuid
      left join unit u on u.id = l.unit_id
      where o.status = 'queued' and o.target like 'unit:%' and o.next_attempt_at <= ${new Date(now).toISOString()}::timestamptz
      order by o.created_at, o.ticket_version limit ${limit} for update of o skip locked`)) as unknown as { rows: Due[] };
    const byTarget = new Map<string, Due[]>();
    for (const r of due.rows) byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
    let sent = 0;
    let waiting = 0;
    for (const rows of byTarget.values()) {
      if (await pushOne(tx, now, rows)) sent += rows.length;
      else waiting += rows.length;
    }
    return { sent, waiting };
  });
}
