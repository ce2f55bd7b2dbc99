import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";
import { type Decided } from "./decide.ts";
import { can, forbidden } from "../org/permissions.ts";
import { type TicketActor, type TicketState, type TicketStatus } from "./ticket.ts";

const MERGEABLE: readonly TicketStatus[] = ["awaiting_dispatch", "awaiting_sign", "handling"];
const OPEN_TARGET: readonly TicketStatus[] = [
  "awaiting_dispatch",
  "awaiting_sign",
  "handling",
  "awaiting_return_decision",
  "awaiting_unit_review",
  "awaiting_review",
];

/**
 * 并单: merges the source ticket into the target, one matter handled once. Returns the events
 * for each ticket; the app writes both in one transaction. Every requester stays on the target.
 */
export function decideMerge(
  source: TicketState,
  target: TicketState,
  actor: TicketActor,
  reason: string,
  now: number,
): Result<{ source: Decided[]; target: Decided[] }> {
  if (!can(actor, "tickets.merge")) return fail(forbidden("tickets.merge"));
  if (source.id === target.id) return fail(domainError("INVALID_ARGUMENT", "不能并入自身", "a ticket cannot be merged into itself", { field: "targetId" }));
  if (source.jurisdictionId !== target.jurisdictionId)
    return fail(domainError("INVALID_ARGUMENT", "只能在同一平台内并单", "tickets of different platforms cannot be merged", { field: "targetId" }));
  if (!MERGEABLE.includes(source.status))
    return fail(domainError("COMMAND_NOT_ALLOWED", "该工单当前不能被并单", "this ticket cannot be merged in its current status", { field: "status" }));
  if (!OPEN_TARGET.includes(target.status))
    return fail(domainError("COMMAND_NOT_ALLOWED", "目标工单已办结或已并单", "the target ticket is closed or merged", { field: "targetId" }));
  if (source.mergedTickets?.length)
    return fail(domainError("COMMAND_NOT_ALLOWED", "已有并入工单的工单须先拆分", "split the tickets merged into this one first", { field: "status" }));
  if (!reason.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明并单理由", "a reason is required", { field: "reason" }));
  return ok({
    source: [{ data: { type: "MergedInto", targetId: target.id, targetNumber: target.number, reason } }],
    target: [{ data: { type: "TicketMergedIn", source: { id: source.id, number: source.number, requester: source.requester, at: now }, reason } }],
  });
}

/** Splits a merged ticket off its target again; it then waits for its own dispatch. */
export function decideSplit(source: TicketState, target: TicketState, actor: TicketActor, reason: string): Result<{ source: Decided[]; target: Decided[] }> {
  if (!can(actor, "tickets.merge")) return fail(forbidden("tickets.merge"));
  if (source.status !== "merged" || source.mergedInto !== target.id)
    return fail(domainError("COMMAND_NOT_ALLOWED", "该工单并未并入此工单", "this ticket is not merged into that one", { field: "targetId" }));
  if (!reason.trim()) return fail(domainError("INVALID_ARGUMENT", "须写明拆分理由", "a reason is required", { field: "reason" }));
  return ok({ source: [{ data: { type: "SplitFrom", targetId: target.id, reason } }], target: [{ data: { type: "SplitOff", sourceId: source.id, reason } }] });
}
