import { clockDurationMs } from "../../domain/deadlines/clock-duration.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { supervisionBoard, type SupervisionBoard } from "../../domain/supervision/board.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";
import { boardTickets } from "../../store/repositories/supervision-board.repository.ts";

/** The supervisor's board of a platform, with unit names (GZ-23, GX-27). */
export async function loadSupervisionBoard(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
): Promise<Result<SupervisionBoard & { unitNames: Record<string, string> }>> {
  if (!can(actor, "supervision.board")) return fail(forbidden("supervision.board"));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const dueSoonMs = clockDurationMs(p.value.alerts.dueSoonBefore);
  const now = ctx.now();
  const tickets = await boardTickets(ctx.db, jurisdictionId, now + dueSoonMs);
  const board = supervisionBoard(tickets, now, dueSoonMs);
  const names = await lookupUnitNames(
    ctx.db,
    tickets.flatMap((t) => [...(t.assignment ? [t.assignment.leadUnitId] : []), ...(t.pendingReturn ? [t.pendingReturn.byUnitId] : [])]),
  );
  return ok({ ...board, unitNames: Object.fromEntries(names) });
}
