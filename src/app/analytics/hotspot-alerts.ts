import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { dayOfInstant, formatDay } from "../../domain/calendar/local-date.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { hotspotAlerts } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { hotSpots } from "./hotspots.ts";
import { renderNotices } from "../notices/render-notices.ts";
import { queueNotices } from "../../store/repositories/notice.repository.ts";

/**
 * Raises an alert for each rising hot spot of the last 7 days (GX-17): the supervisors see it
 * on their board until one acknowledges it. Idempotent per place, words and day, so every
 * instance may run it.
 */
export async function raiseHotspotAlerts(ctx: AppContext, jurisdictionId: string): Promise<number> {
  const policy = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!policy.ok) return 0;
  const now = ctx.now();
  const day = formatDay(dayOfInstant(now, policy.value.utcOffsetMinutes));
  const { hotspots } = await hotSpots(ctx, jurisdictionId, 7, now);
  let raised = 0;
  for (const h of hotspots.filter((x) => x.trend === "rising")) {
    const key = `${day}|${h.place}|${[...h.topWords].slice(0, 2).sort().join("+")}`;
    const r = (await ctx.db.execute(sql`
      insert into hotspot_alert (jurisdiction_id, dedupe_key, place, top_words, count, previous_count, ticket_ids, raised_at)
      values (${jurisdictionId}, ${key}, ${h.place}, ${JSON.stringify(h.topWords)}::jsonb, ${h.count}, ${h.previousCount}, ${JSON.stringify(h.ticketIds)}::jsonb, ${new Date(now).toISOString()}::timestamptz)
      on conflict (jurisdiction_id, dedupe_key) do nothing returning id`)) as unknown as { rows: { id: string }[] };
    raised += r.rows.length;
    const alert = r.rows[0];
    if (alert) {
      // The supervisors of the platform are told through the notice interface too.
      const notice = {
        template: "hotspot_rising" as const,
        recipient: `role:supervisor@${jurisdictionId}`,
        params: { place: h.place, words: h.topWords.slice(0, 3).join("、"), count: String(h.count), previous: String(h.previousCount) },
        dedupeKey: `hotspot:${alert.id}`,
      };
      await queueNotices(ctx.db, jurisdictionId, renderNotices([notice]), new Date(now));
    }
  }
  return raised;
}

/** Open (unacknowledged) alerts first, newest first. */
export async function listHotspotAlerts(ctx: AppContext, actor: TicketActor, jurisdictionId: string, openOnly: boolean) {
  if (!can(actor, "analytics.read")) return fail(forbidden("analytics.read"));
  const rows = await ctx.db
    .select()
    .from(hotspotAlerts)
    .where(and(eq(hotspotAlerts.jurisdictionId, jurisdictionId), ...(openOnly ? [isNull(hotspotAlerts.acknowledgedAt)] : [])))
    .orderBy(sql`${hotspotAlerts.acknowledgedAt} is not null`, desc(hotspotAlerts.raisedAt))
    .limit(100);
  return ok(rows.map((r) => ({ ...r, raisedAt: r.raisedAt.getTime(), acknowledgedAt: r.acknowledgedAt?.getTime() ?? null })));
}

/** A supervisor takes note of an alert. */
export async function acknowledgeHotspotAlert(ctx: AppContext, actor: TicketActor, id: string): Promise<Result<{ id: string }>> {
  if (!["supervisor", "admin"].includes(actor.role))
    return fail(domainError("FORBIDDEN", "只有督办员或管理员可以确认热点预警", "only supervisors and admins acknowledge hot-spot alerts"));
  const r = await ctx.db
    .update(hotspotAlerts)
    .set({ acknowledgedAt: new Date(ctx.now()), acknowledgedBy: actor.id })
    .where(
      and(
        eq(hotspotAlerts.id, id),
        isNull(hotspotAlerts.acknowledgedAt),
        ...(actor.jurisdictionId !== undefined ? [eq(hotspotAlerts.jurisdictionId, actor.jurisdictionId)] : []),
      ),
    )
    .returning({ id: hotspotAlerts.id });
  if (!r.length) return fail(domainError("HOTSPOT_ALERT_NOT_FOUND", "预警不存在或已确认", "no such open alert", { field: "id" }));
  return ok({ id });
}
