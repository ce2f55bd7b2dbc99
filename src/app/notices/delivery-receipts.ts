import { sql } from "drizzle-orm";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { isUuid } from "../../store/uuid.ts";
import { type AppContext } from "../context.ts";
import { runTicketCommand } from "../tickets/run-ticket-command.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";

/** The gateway's receipts act on tickets as the system. */
const RECEIPT_ACTOR: TicketActor = { id: "system:sms-receipts", name: "短信回执", role: "system" };

/** What an SMS gateway reports after sending: the phone got the message, or it gave up. */
export interface DeliveryReceipt {
  /** Our message id (sent to the gateway with each message), or the gateway's own reference. */
  readonly id?: string;
  readonly ref?: string;
  readonly status: "delivered" | "failed";
  readonly at: number;
  readonly error?: string;
}

/**
 * Records a gateway's delivery receipt on the message it names: a sent (or still queued, when
 * the receipt overtakes the sender's own record) message becomes delivered or failed. A message
 * already delivered or failed keeps its first outcome; the same receipt again changes nothing.
 * A satisfaction request that failed marks its ticket: no default satisfaction, a person calls.
 */
export async function applyDeliveryReceipt(ctx: AppContext, r: DeliveryReceipt): Promise<Result<{ id: string; status: string; changed: boolean }>> {
  if (!r.id && !r.ref) return fail(domainError("INVALID_ARGUMENT", "须给出消息编号 id 或网关回执编号 ref", "id or ref is required", { field: "id" }));
  if (r.id && !isUuid(r.id)) return fail(domainError("NOTICE_NOT_FOUND", "消息不存在", "no such message", { field: "id" }));
  const where = r.id ? sql`id = ${r.id}::uuid` : sql`provider_ref = ${r.ref}`;
  const found = (await ctx.db.execute(sql`select id::text, status, template, ticket_id::text from outbound_message where ${where} limit 1`)) as unknown as {
    rows: { id: string; status: string; template: string; ticket_id: string | null }[];
  };
  const m = found.rows[0];
  if (!m) return fail(domainError("NOTICE_NOT_FOUND", "消息不存在", "no such message", { field: r.id ? "id" : "ref" }));
  // Waits for a sender still holding the row; only a message not yet settled takes the receipt.
  const updated = (await ctx.db.execute(sql`
    update outbound_message set status = ${r.status}, receipt_at = ${new Date(r.at).toISOString()}::timestamptz,
      last_error = ${r.status === "failed" ? (r.error ?? "undeliverable") : null}
    where id = ${m.id}::uuid and status in ('queued', 'sent')
    returning status`)) as unknown as { rows: { status: string }[] };
  if (updated.rows[0]) {
    // GX-27.2 counts silence as satisfaction only when the request reached the requester.
    if (r.status === "failed" && m.template === "satisfaction_request" && m.ticket_id)
      await satisfactionRequestUndelivered(ctx, m.ticket_id, r.error ?? "undeliverable");
    return ok({ id: m.id, status: updated.rows[0].status, changed: true });
  }
  const now = (await ctx.db.execute(sql`select status from outbound_message where id = ${m.id}::uuid`)) as unknown as { rows: { status: string }[] };
  return ok({ id: m.id, status: now.rows[0]?.status ?? m.status, changed: false });
}

/**
 * A satisfaction request that never reached the requester (a failed receipt, or the gateway's
 * refusal at sending): the ticket waits for a person's callback instead of GX-27.2's default.
 */
export async function satisfactionRequestUndelivered(ctx: AppContext, ticketId: string, reason: string): Promise<void> {
  await runTicketCommand(ctx, RECEIPT_ACTOR, ticketId, undefined, { kind: "recordRequestUndelivered", reason });
}
