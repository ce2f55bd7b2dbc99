import { clockDurationMs } from "../../domain/deadlines/clock-duration.ts";
import { sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { supervisionBoard, type SupervisionBoard } from "../../domain/supervision/board.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";
import { stateOf } from "../../store/repositories/ticket.repository.ts";

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
  // Every ticket whose current limit (any kind) ends before the due-soon lead from now, and those with unanswered supervisions:
  // each through its own index (open due, status, rating work), so the board reads few rows.
  const soon = now + dueSoonMs;
  const r = (await ctx.db.execute(sql`
    select state from ticket
    where jurisdiction_id = ${jurisdictionId}
      and ((status in ('awaiting_sign', 'handling', 'awaiting_return_decision', 'awaiting_unit_review') and due_at < ${new Date(soon).toISOString()}::timestamptz)
        or (status = 'awaiting_sign' and (state->'assignment'->>'signDue')::float8 < ${soon})
        or (status = 'awaiting_dispatch' and (state->>'dispatchDue')::float8 < ${soon})
        or exists (select 1 from jsonb_array_elements(coalesce(state->'supervisions', '[]'::jsonb)) s where s->'answer' is null)
        or (status = 'awaiting_return_decision' and (state->'pendingReturn'->>'rulingDue')::float8 < ${soon})
        or ((state->'rectification'->>'status' in ('awaiting', 'filed') or state->'ratingAppeal'->>'status' = 'pending') and (state->'rectification'->>'due')::float8 < ${soon}))
    order by due_at nulls last
    limit 2000`)) as unknown as { rows: { state: TicketState | string }[] };
  const tickets = r.rows.map((x) => stateOf(x.state));
  const board = supervisionBoard(tickets, now, dueSoonMs);
  const names = await lookupUnitNames(
    ctx.db,
    tickets.flatMap((t) => [...(t.assignment ? [t.assignment.leadUnitId] : []), ...(t.pendingReturn ? [t.pendingReturn.byUnitId] : [])]),
  );
  return ok({ ...board, unitNames: Object.fromEntries(names) });
}
