import { runEvery } from "./every.ts";
import { sql } from "drizzle-orm";
import { type AppContext } from "../app/context.ts";
import { type SmsProvider } from "../channels/sms/sms-provider.ts";
import { satisfactionRequestUndelivered } from "../app/notices/delivery-receipts.ts";

/** Attempts before a notice is given up as failed. */
export const MAX_ATTEMPTS = 5;

/**
 * Sends the queued notices that are due, claimed with `FOR UPDATE SKIP LOCKED` so several
 * instances share the work and none sends a notice twice. A failure is retried after
 * 1, 2, 4, 8 minutes, then marked failed with its last error.
 */
export async function sendDueNotices(ctx: AppContext, provider: SmsProvider, limit = 50): Promise<{ sent: number; failed: number; retrying: number }> {
  const counts = { sent: 0, failed: 0, retrying: 0 };
  // Satisfaction requests given up: their tickets are told once the sends are recorded.
  const undelivered: { ticketId: string; reason: string }[] = [];
  await ctx.db.transaction(async (tx) => {
    const now = new Date(ctx.now()).toISOString();
    const due = (await tx.execute(sql`
      select id, recipient, body, attempts, template, ticket_id::text as ticket_id from outbound_message
      where status = 'queued' and next_attempt_at <= ${now}::timestamptz
      order by next_attempt_at limit ${limit} for update skip locked`)) as unknown as {
      rows: { id: string; recipient: string; body: string; attempts: number; template: string; ticket_id: string | null }[];
    };
    for (const m of due.rows) {
      const r = await provider.send({ id: m.id, recipient: m.recipient, body: m.body });
      const attempts = Number(m.attempts) + 1;
      if (r.ok) {
        counts.sent++;
        await tx.execute(
          sql`update outbound_message set status = 'sent', attempts = ${attempts}, sent_at = ${new Date(ctx.now()).toISOString()}::timestamptz, provider = ${provider.name}, provider_ref = ${r.ref ?? null}, last_error = null where id = ${m.id}`,
        );
      } else if (!r.retry || attempts >= MAX_ATTEMPTS) {
        counts.failed++;
        await tx.execute(
          sql`update outbound_message set status = 'failed', attempts = ${attempts}, provider = ${provider.name}, last_error = ${r.error} where id = ${m.id}`,
        );
        if (m.template === "satisfaction_request" && m.ticket_id) undelivered.push({ ticketId: m.ticket_id, reason: r.error ?? "refused" });
      } else {
        counts.retrying++;
        const next = new Date(ctx.now() + 60_000 * 2 ** (attempts - 1)).toISOString();
        await tx.execute(
          sql`update outbound_message set attempts = ${attempts}, next_attempt_at = ${next}::timestamptz, provider = ${provider.name}, last_error = ${r.error} where id = ${m.id}`,
        );
      }
    }
  });
  // GX-27.2: silence counts as satisfaction only when the request reached the requester, whether the gateway said so at sending or by receipt.
  for (const u of undelivered) await satisfactionRequestUndelivered(ctx, u.ticketId, u.reason);
  return counts;
}

/** Sends every `intervalMs` until stopped; returns the stop function. */
export function startNoticeSender(ctx: AppContext, provider: SmsProvider, intervalMs: number, log: (e: unknown) => void): () => Promise<void> {
  return runEvery(() => sendDueNotices(ctx, provider), intervalMs, log);
}
