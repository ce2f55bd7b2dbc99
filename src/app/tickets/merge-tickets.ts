import { decideMerge, decideSplit } from "../../domain/ticket/merge.ts";
import { evolve } from "../../domain/ticket/evolve.ts";
import { type Decided } from "../../domain/ticket/decide.ts";
import { timersFor } from "../../domain/ticket/timers.ts";
import { type TicketActor, type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
import { loadTicketForUpdate, saveTicket, type Tx } from "../../store/repositories/ticket.repository.ts";
import { type AppContext } from "../context.ts";

async function apply(ctx: AppContext, tx: Tx, state: TicketState, decided: Decided[], actor: TicketActor, command: string, now: number): Promise<TicketState> {
  const events: TicketEvent[] = decided.map((d, i) => ({
    ticketId: state.id,
    seq: state.version + i + 1,
    at: now,
    actor,
    command,
    ...(d.rule ? { rule: d.rule } : {}),
    data: d.data,
  }));
  const next = events.reduce<TicketState>((s, e) => evolve(s, e), state);
  const policy = ctx.policies.get(next.policyId);
  await saveTicket(tx, { expected: state.version, state: next, events, timers: policy.ok ? timersFor(next, policy.value) : [] });
  return next;
}

/** Merges (并单) or splits two tickets in one transaction, locking them in id order. */
export async function mergeOrSplit(
  ctx: AppContext,
  actor: TicketActor,
  op: "merge" | "split",
  sourceId: string,
  targetId: string,
  reason: string,
): Promise<Result<{ source: TicketState; target: TicketState }>> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [first, second] = [sourceId, targetId].sort();
    const locked = new Map<string, TicketState>();
    for (const id of [first, second]) {
      const s = id ? await loadTicketForUpdate(tx, id) : undefined;
      // Another platform's ticket does not exist for this actor.
      if (s && reachesPlatform(actor, s.jurisdictionId)) locked.set(s.id, s);
    }
    const source = locked.get(sourceId);
    const target = locked.get(targetId);
    if (!source || !target) return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: source ? "targetId" : "id" }));
    const d = op === "merge" ? decideMerge(source, target, actor, reason, now) : decideSplit(source, target, actor, reason);
    if (!d.ok) return d;
    return ok({ source: await apply(ctx, tx, source, d.value.source, actor, op, now), target: await apply(ctx, tx, target, d.value.target, actor, op, now) });
  });
}
