import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";
import { decideIntake, type IntakeInput } from "../../domain/ticket/intake.ts";
import { evolve } from "../../domain/ticket/evolve.ts";
import { type TicketActor, type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import {
  findIdempotentContact,
  insertContact,
  insertIdempotencyKey,
  insertRequesterNote,
  insertTickets,
  loadTicket,
  newTicketRecord,
  type NewTicket,
} from "../../store/repositories/ticket.repository.ts";
import { timersFor } from "../../domain/ticket/timers.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { articleById } from "../../store/repositories/knowledge.repository.ts";
import { inForce } from "../../domain/knowledge/article.ts";
import { isUuid, ticketIdAt } from "../../store/uuid.ts";
import { ticketTextOf } from "../assist/similar-tickets.ts";
import { noticesFor } from "../../domain/notices/notices.ts";
import { renderNotices } from "../notices/render-notices.ts";

/** What intake answers: the contact's decision and, when one was made, the ticket. */
export interface IntakeOutcomeView {
  readonly contactId: string;
  readonly decision: string;
  readonly rule: string;
  readonly ticket?: TicketState;
  /** True when an earlier request with the same Idempotency-Key is answered again. */
  readonly replayed: boolean;
}

/**
 * Takes one contact: validates, decides (ticket or a recorded decision without one),
 * stores the contact, the ticket and its first event in one transaction. With an
 * idempotency key, a retried request answers the first result and creates nothing.
 */
export async function intakeContact(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  input: IntakeInput,
  idempotencyKey?: string,
): Promise<Result<IntakeOutcomeView>> {
  const policy = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!policy.ok) return policy;
  const now = ctx.now();
  const decided = decideIntake(input, { policy: policy.value, calendar: ctx.calendars.forPolicy(policy.value), actor, now });
  if (!decided.ok) return decided;

  const o = input.outcome;
  if (o.decision === "direct_answer") {
    // GZ-13.1: the answer given must come from an article in force on this platform.
    const a = isUuid(o.knowledgeArticleId) ? await articleById(ctx.db, o.knowledgeArticleId) : undefined;
    const day = formatDay(dayOfInstant(now, policy.value.utcOffsetMinutes));
    if (!a || a.jurisdictionId !== jurisdictionId || !inForce(a, day)) {
      return fail(
        domainError("INVALID_ARGUMENT", "所用知识点不存在或不在有效期内", "the knowledge article does not exist or is not in force", {
          field: "outcome.knowledgeArticleId",
          rule: "GZ-13.1",
        }),
      );
    }
  }
  const linked = o.decision === "progress_notice" ? o.linkedTicketId : o.decision === "closed_by_reference" ? o.statementTicketId : undefined;
  const c = decided.value.contact;
  const contactId = randomUUID();
  const contactRow = {
    id: contactId,
    jurisdictionId,
    channel: c.channel,
    receivedAt: new Date(c.receivedAt),
    operatorId: c.operatorId,
    requesterPhone: c.requester.phone || null,
    record: c,
    decision: c.outcome.decision,
    rule: c.rule,
    ticketId: null,
    linkedTicketId: linked ?? null,
    createdAt: new Date(now),
  };
  const ticket = decided.value.ticket;
  /**
   * The new ticket around its number, with everything stored beside it. What does not need the
   * number (the search words) is worked out at once: the rest runs inside the shared write,
   * where each ticket's work delays the whole batch.
   */
  const newTicketOf = (draft: NonNullable<typeof ticket>) => {
    const text = ticketTextOf(draft);
    const id = ticketIdAt(c.receivedAt);
    return (number: string): NewTicket => {
      const created: TicketEvent = {
        ticketId: id,
        seq: 1,
        at: now,
        actor,
        command: "intake",
        rule: c.rule,
        data: { type: "TicketCreated", ticket: { ...draft, id, number, jurisdictionId } },
      };
      const state = evolve(undefined, created);
      return {
        state,
        events: [created],
        timers: timersFor(state, policy.value),
        contact: contactRow,
        text,
        messages: renderNotices(noticesFor([created], state)),
      };
    };
  };

  // Numbers come from the day's counter outside the intake transaction (held to commit, its row
  // lock would serialise every intake of the platform), taken ahead while intakes stream in
  // (store/number-reserve.ts). Numbers stay unique; a failed or replayed intake leaves a gap.
  const prefix = policy.value.ticketNumberPrefix;
  const day = formatDay(dayOfInstant(input.receivedAt, policy.value.utcOffsetMinutes)).replaceAll("-", "");

  // The common case, a new ticket without retries to guard against: numbered and stored in one
  // atomic statement, both shared with the new tickets of concurrent intakes.
  if (ticket && !idempotencyKey) {
    const made = await ctx.ticketWrites.insert(prefix, day, newTicketOf(ticket));
    return ok({ contactId, decision: c.outcome.decision, rule: c.rule, ticket: made.state, replayed: false });
  }
  const number = ticket ? await ctx.ticketWrites.number(prefix, day) : undefined;

  return ctx.db.transaction(async (tx): Promise<Result<IntakeOutcomeView>> => {
    if (idempotencyKey) {
      // Serialises retries of one key, so two copies arriving together still make one ticket.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${jurisdictionId}:${idempotencyKey}`}))`);
      const seen = await findIdempotentContact(tx, jurisdictionId, idempotencyKey);
      if (seen) {
        const ticket = seen.ticketId ? await loadTicket(tx, seen.ticketId) : undefined;
        return ok({ contactId: seen.contactId, decision: seen.decision, rule: seen.rule, ...(ticket ? { ticket } : {}), replayed: true });
      }
    }
    if (linked) {
      const t = await loadTicket(tx, linked);
      if (!t || t.jurisdictionId !== jurisdictionId)
        return fail(
          domainError("TICKET_NOT_FOUND", "关联的工单不存在", "the linked ticket does not exist", {
            field: o.decision === "progress_notice" ? "outcome.linkedTicketId" : "outcome.statementTicketId",
          }),
        );
      if (o.decision === "closed_by_reference" && !t.writtenStatement) {
        return fail(
          domainError(
            "NO_WRITTEN_STATEMENT",
            "只能引用承办单位已作书面说明的已办结工单",
            "only a concluded ticket with the unit's written statement can be referred to",
            { field: "outcome.statementTicketId", rule: c.rule },
          ),
        );
      }
      // GZ-22 closes the same requester's repeat: another person's contact is their own request, with its own handling.
      if (o.decision === "closed_by_reference" && (!c.requester.phone || c.requester.phone !== t.requester.phone)) {
        return fail(
          domainError(
            "NOT_SAME_REQUESTER",
            "只有同一诉求人的重复诉求可引用书面说明办结；其他诉求人的来电应生成工单",
            "only the same requester's repeat may be closed by reference to the written statement",
            { field: "requester.phone", rule: c.rule },
          ),
        );
      }
    }
    const made = ticket && number ? newTicketOf(ticket)(number) : undefined;
    if (made) await insertTickets(tx, [newTicketRecord(made)]);
    else await insertContact(tx, contactRow);
    if (c.outcome.decision === "abusive_invalid" && c.requester.phone) {
      await insertRequesterNote(tx, {
        jurisdictionId,
        requesterPhone: c.requester.phone,
        contactId,
        kind: c.outcome.abuseKind,
        note: c.outcome.note,
        operatorId: actor.id,
        at: new Date(now),
      });
    }
    if (idempotencyKey) await insertIdempotencyKey(tx, jurisdictionId, idempotencyKey, contactId);
    return ok({ contactId, decision: c.outcome.decision, rule: c.rule, ...(made ? { ticket: made.state } : {}), replayed: false });
  });
}
