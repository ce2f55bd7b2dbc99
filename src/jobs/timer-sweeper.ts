import { runEvery } from "./every.ts";
import { type AppContext } from "../app/context.ts";
import { applyTicketCommand } from "../app/tickets/run-ticket-command.ts";
import { type TicketActor, type TicketFlag } from "../domain/ticket/ticket.ts";
import { claimDueTimers, deleteTimer, recordFiring } from "../store/repositories/timer.repository.ts";

/** The system as a ticket actor: every timer's event names it. */
export const TIMER_ACTOR: TicketActor = { id: "system:timer", name: "系统定时任务", role: "system" };

/**
 * Fires the timers that are due, in one transaction: each becomes a command on its ticket
 * (a flag, or GX's default satisfaction) through the same use case as any person's action.
 * Returns how many fired. Safe to run from several instances at once.
 */
export async function sweepTimers(ctx: AppContext, worker: string, limit = 100): Promise<number> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const due = await claimDueTimers(tx, now, limit);
    for (const t of due) {
      const dueAt = t.dueAt.getTime();
      const r = await applyTicketCommand(
        ctx,
        tx,
        TIMER_ACTOR,
        t.ticketId,
        undefined,
        t.kind === "default_satisfied" ? { kind: "applyDefaultSatisfaction" } : { kind: "raiseFlag", flag: t.kind as TicketFlag, dueAt },
        now,
      );
      await deleteTimer(tx, t.id);
      await recordFiring(tx, { ticketId: t.ticketId, kind: t.kind, dueAt: t.dueAt, firedAt: new Date(now), worker, outcome: r.ok ? "applied" : r.error.code });
    }
    return due.length;
  });
}

/** Sweeps every `intervalMs` until stopped; returns the stop function (awaits the sweep in flight). */
export function startTimerSweeper(ctx: AppContext, worker: string, intervalMs = 5_000, log: (e: unknown) => void = console.error): () => Promise<void> {
  return runEvery(() => sweepTimers(ctx, worker), intervalMs, log);
}
