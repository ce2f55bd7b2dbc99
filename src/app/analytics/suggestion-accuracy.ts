import { monthPeriod, parseMonth } from "../../domain/assessment/period.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { suggestionSums, type SuggestionSums } from "../../store/repositories/dispatch-fact.repository.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";

/** A share with what it is made of. */
export interface Share {
  readonly numerator: number;
  readonly denominator: number;
  readonly rate: number | null;
}

/** How often the unit suggestions held in a month (派单建议准确率): overall and by category. */
export interface SuggestionAccuracy {
  readonly jurisdictionId: string;
  readonly month: string;
  readonly overall: { readonly concluded: number; readonly top1: Share; readonly top3: Share };
  readonly categories: readonly { readonly category: string; readonly concluded: number; readonly top1: Share; readonly top3: Share }[];
}

const share = (n: number, d: number): Share => ({ numerator: n, denominator: d, rate: d ? Math.round((n / d) * 10_000) / 10_000 : null });
const line = (s: SuggestionSums) => ({ concluded: s.concluded, top1: share(s.top1, s.concluded), top3: share(s.top3, s.concluded) });

/**
 * Of the tickets first dispatched in the month with suggestions shown and concluded since, the
 * share the first suggested unit concluded (top-1) and one of the three did (top-3).
 */
export async function suggestionAccuracy(ctx: AppContext, actor: TicketActor, jurisdictionId: string, month: string): Promise<Result<SuggestionAccuracy>> {
  if (!can(actor, "analytics.read") && !can(actor, "models.train")) return fail(forbidden("analytics.read"));
  const m = parseMonth(month);
  if (!m) return fail(domainError("INVALID_ARGUMENT", "月份格式应为 YYYY-MM", "month must be YYYY-MM", { field: "month" }));
  const p = await policyOfJurisdiction(ctx, jurisdictionId);
  if (!p.ok) return p;
  const period = monthPeriod(m.year, m.month, p.value.utcOffsetMinutes);
  const scope = { jurisdictionId, from: period.from, to: period.to };
  const [all, byCategory] = await Promise.all([suggestionSums(ctx.db, scope, false), suggestionSums(ctx.db, scope, true)]);
  return ok({
    jurisdictionId,
    month,
    overall: line(all[0] ?? { key: "", concluded: 0, top1: 0, top3: 0 }),
    categories: byCategory.map((c) => ({ category: c.key, ...line(c) })),
  });
}
