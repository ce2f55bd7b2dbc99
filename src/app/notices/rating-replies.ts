import { parseRatingReply } from "../../domain/notices/rating-reply.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type Rating, type Solved } from "../../domain/ticket/ticket.ts";
import { ticketAwaitingRatingFrom } from "../../store/repositories/outbound-message.repository.ts";
import { type AppContext } from "../context.ts";
import { runTicketCommand } from "../tickets/run-ticket-command.ts";

/** A text message the gateway received from a phone. */
export interface InboundSms {
  readonly from: string;
  readonly text: string;
}

/** The phone as the messages were addressed: without the country code the gateway may add. */
function localPhone(p: string): string {
  return p.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
}

/**
 * A requester's reply to the satisfaction request (GX-27.2, 51号): rates the ticket the latest
 * request to that phone asked about, as the requester, on the five levels and, where the reply
 * says it, whether the problem was solved. A reply that is not a rating, or a phone no ticket
 * waits on, changes nothing.
 */
export async function applyRatingReply(
  ctx: AppContext,
  sms: InboundSms,
): Promise<Result<{ ticketId: string; number: string; rating: Rating; solved?: Solved }>> {
  const reply = parseRatingReply(sms.text);
  if (!reply)
    return fail(
      domainError("INVALID_ARGUMENT", "回复内容不是评价：请回复两位数字，如“21”", "the reply is not a rating: two digits such as 21", { field: "text" }),
    );
  const waiting = await ticketAwaitingRatingFrom(ctx.db, localPhone(sms.from));
  if (!waiting) return fail(domainError("TICKET_NOT_FOUND", "该号码没有待评价的工单", "no ticket waits for a rating from this phone", { field: "from" }));
  const actor = { id: `requester:${waiting.number}`, name: "诉求人（短信）", role: "requester" as const };
  const r = await runTicketCommand(ctx, actor, waiting.ticketId, undefined, {
    kind: "rate",
    rating: reply.rating,
    ...(reply.solved ? { solved: reply.solved } : {}),
    note: `短信回复：${sms.text.trim().slice(0, 100)}`,
  });
  if (!r.ok) return r;
  return ok({ ticketId: waiting.ticketId, number: waiting.number, rating: reply.rating, ...(reply.solved ? { solved: reply.solved } : {}) });
}
