import { sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { supervisionBoard, type SupervisionBoard } from "../../domain/supervision/board.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { type AppContext } from "../context.ts";
import { jurisdictionOf } from "../org/jurisdictions.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";

const MS = { hours: 3_600_000, minutes: 60_000 } as const;

/** The supervisor's board of a platform, with unit names (GZ-23, GX-27). */
export async function loadSupervisionBoard(ctx: AppContext, actor: TicketActor, jurisdictionId: string): Promise<Result<SupervisionBoard & { unitNames: Record<string, string> }>> {
  if (!can(actor, "supervision.board")) return fail(forbidden("supervision.board"));
  const j = await jurisdictionOf(ctx, jurisdictionId);
  if (!j) return fail(domainError("JURISDICTION_NOT_FOUND", `平台 ${jurisdictionId} 不存在`, `no jurisdiction ${jurisdictionId}`, { field: "jurisdiction" }));
  const p = ctx.policies.get(j.policyId);
  if (!p.ok) return p;
  const lead = p.value.alerts.dueSoonBefore;
  const dueSoonMs = lead.n * MS[lead.unit];
  const now = ctx.now();
  const r = (await ctx.db.execute(sql`
    select state from ticket
    where jurisdiction_id = ${jurisdictionId}
      and ((status in ('awaiting_sign', 'handling', 'awaiting_return_decision', 'awaiting_unit_review') and due_at < ${new Date(now + dueSoonMs).toISOString()}::timestamptz)
        or exists (select 1 from jsonb_array_elements(coalesce(state->'supervisions', '[]'::jsonb)) s where s->'answer' is null))
    order by due_at nulls last
    limit 2000`)) as unknown as { rows: { state: TicketState | string }[] };
  const tickets = r.rows.map((x) => (typeof x.state === "string" ? (JSON.parse(x.state) as TicketState) : x.state));
  const board = supervisionBoard(tickets, now, dueSoonMs);
  const names = await lookupUnitNames(ctx.db, tickets.flatMap((t) => (t.assignment ? [t.assignment.leadUnitId] : [])));
  return ok({ ...board, unitNames: Object.fromEntries(names) });
}
