import { and, eq, inArray } from "drizzle-orm";
import { jurisdictions, tickets } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { runTicketCommand } from "./run-ticket-command.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";

const CALENDAR_ACTOR: TicketActor = { id: "system:calendar", name: "系统（日历导入）", role: "system" };

/**
 * After a notice is loaded, recounts every running ticket whose limit was provisional, in
 * the jurisdictions whose calendar uses that scope; each change is an event with the reason.
 */
export async function recalculateProvisionalDeadlines(ctx: AppContext, scope: string, reason: string): Promise<number> {
  const policyIds = ctx.policies
    .all()
    .filter((p) => scope === "CN" || p.calendar.region?.scope === scope)
    .map((p) => p.id);
  if (policyIds.length === 0) return 0;
  const rows = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .innerJoin(jurisdictions, eq(jurisdictions.id, tickets.jurisdictionId))
    .where(
      and(
        eq(tickets.provisional, true),
        inArray(jurisdictions.policyId, policyIds),
        inArray(tickets.status, ["awaiting_sign", "handling", "awaiting_return_decision", "awaiting_unit_review", "awaiting_review"]),
      ),
    );
  let changed = 0;
  for (const r of rows) {
    const out = await runTicketCommand(ctx, CALENDAR_ACTOR, r.id, undefined, { kind: "recalculateDeadline", reason });
    if (out.ok) changed++;
  }
  return changed;
}
