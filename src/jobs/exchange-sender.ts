import { runEvery } from "./every.ts";
import { sql } from "drizzle-orm";
import { type AppContext } from "../app/context.ts";
import { exchangeRetryDelayMs } from "../app/exchange/retry-delay.ts";
import { postSigned } from "../app/exchange/post-signed.ts";

/** Where a city pushes (the region's server) and the secret both sign with. */
export interface ExchangeTarget {
  readonly url: string;
  readonly secret: string;
}

/**
 * Pushes queued ticket versions to the region in batches, oldest first, claimed with
 * `FOR UPDATE SKIP LOCKED`. Marked sent only when the region answered 2xx; otherwise retried
 * with growing waits. The region deduplicates by (ticket, version), so a lost answer that
 * makes us send again does no harm: every version arrives exactly once.
 */
export async function pushExchange(ctx: AppContext, target: ExchangeTarget, limit = 100): Promise<{ sent: number; waiting: number }> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const due = (await tx.execute(sql`
      select id, jurisdiction_id, ticket_id, ticket_version, payload, attempts from exchange_outbox
      where status = 'queued' and target = 'parent' and next_attempt_at <= ${new Date(now).toISOString()}::timestamptz
      order by created_at, ticket_version limit ${limit} for update skip locked`)) as unknown as {
      rows: { id: string; jurisdiction_id: string; ticket_id: string; ticket_version: number; payload: unknown; attempts: number }[];
    };
    if (!due.rows.length) return { sent: 0, waiting: 0 };
    const body = JSON.stringify({
      items: due.rows.map((r) => ({
        source: r.jurisdiction_id,
        ticketId: r.ticket_id,
        version: Number(r.ticket_version),
        state: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
      })),
    });
    const sent = await postSigned(`${target.url.replace(/\/$/, "")}/api/v1/exchange/tickets`, target.secret, body);
    const error = sent.ok ? undefined : sent.error;
    const ids = due.rows.map((r) => r.id);
    const list = sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    if (error === undefined) {
      await tx.execute(
        sql`update exchange_outbox set status = 'sent', sent_at = ${new Date(now).toISOString()}::timestamptz, attempts = attempts + 1, last_error = null where id in (${list})`,
      );
      return { sent: ids.length, waiting: 0 };
    }
    const attempts = Math.max(...due.rows.map((r) => Number(r.attempts))) + 1;
    const wait = exchangeRetryDelayMs(attempts);
    await tx.execute(
      sql`update exchange_outbox set attempts = attempts + 1, last_error = ${error}, next_attempt_at = ${new Date(now + wait).toISOString()}::timestamptz where id in (${list})`,
    );
    return { sent: 0, waiting: ids.length };
  });
}

/** Pushes every `intervalMs` until stopped; returns the stop function. */
export function startExchangeSender(ctx: AppContext, target: ExchangeTarget, intervalMs: number, log: (e: unknown) => void): () => Promise<void> {
  return runEvery(() => pushExchange(ctx, target), intervalMs, log);
}
