import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type DomainError, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type AppContext } from "../context.ts";
import { analysisReport, type AnalysisReport } from "./analysis-report.ts";
import { countTickets, type CountFilter, type Counts, type GroupBy } from "./counts.ts";
import { hotSpots } from "./hotspots.ts";
import { summary, type Summary } from "./summary.ts";

// The dashboard's questions as the screens ask them (GZ-9): who may ask, over which period.

/** The longest period a figure covers: a year and a little, to compare with the same days last year. */
const MAX_PERIOD_DAYS = 400;

function refused(actor: TicketActor, from?: number, to?: number): DomainError | undefined {
  if (!can(actor, "analytics.read")) return forbidden("analytics.read");
  if (from !== undefined && to !== undefined && (to <= from || to - from > MAX_PERIOD_DAYS * 86_400_000)) {
    return domainError("INVALID_ARGUMENT", `统计区间应为 1 天至 ${MAX_PERIOD_DAYS} 天`, `the period must be 1 to ${MAX_PERIOD_DAYS} days`, { field: "to" });
  }
  return undefined;
}

/** The dashboard's figures over a period. */
export async function dashboardSummary(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  from: number,
  to: number,
  opts: { live?: boolean } = {},
): Promise<Result<Summary>> {
  const no = refused(actor, from, to);
  return no ? fail(no) : ok(await summary(ctx, jurisdictionId, from, to, opts));
}

/** Counts and rates by one dimension, filtered. */
export async function dashboardCounts(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  from: number,
  to: number,
  groupBy: GroupBy,
  f: CountFilter,
  opts: { live?: boolean } = {},
): Promise<Result<Counts>> {
  const no = refused(actor, from, to);
  return no ? fail(no) : ok(await countTickets(ctx, jurisdictionId, from, to, groupBy, f, opts));
}

/** Hot spots of the last days, with their trend. */
export async function dashboardHotSpots(ctx: AppContext, actor: TicketActor, jurisdictionId: string, days: number, to: number) {
  const no = refused(actor);
  return no ? fail(no) : ok(await hotSpots(ctx, jurisdictionId, days, to));
}

/** The analysis report over a period. */
export async function dashboardReport(ctx: AppContext, actor: TicketActor, jurisdictionId: string, from: number, to: number): Promise<Result<AnalysisReport>> {
  const no = refused(actor, from, to);
  return no ? fail(no) : ok(await analysisReport(ctx, jurisdictionId, from, to));
}
