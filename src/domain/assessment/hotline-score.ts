import { bounceTimeline } from "../ticket/bounces.ts";
import { HOTLINE_INDICATOR_NAMES, type HotlineIndicatorId } from "./indicators.ts";
import { type Period } from "./period.ts";
import { type IndicatorResult, type TicketAsOf } from "./score.ts";

/** One of the hotline's indicators, figured as a unit's are; a ticket dispatched twice in the period counts twice. */
export type HotlineIndicatorResult = Omit<IndicatorResult, "id"> & { readonly id: HotlineIndicatorId };

/** The hotline's own score for a period: who pays for a bounce when the dispatch was wrong. */
export interface HotlineScore {
  readonly indicators: readonly HotlineIndicatorResult[];
  readonly score: number;
}

const within = (p: Period, at: number | undefined): boolean => at !== undefined && at >= p.from && at < p.to;

/** Whether a ticket (as of the period's end) counts in the hotline's indicators: dispatched, or a ruling due, in the period. */
export function countsForHotline(period: Period, x: TicketAsOf): boolean {
  return x.events.some(
    (e) => (e.data.type === "Dispatched" && within(period, e.at)) || (e.data.type === "ReturnRequested" && within(period, e.data.request.rulingDue)),
  );
}

/**
 * Scores the hotline's dispatch (GZ-15, 国办函〔2025〕66号). 派单准确率: of the dispatches made in
 * the period, those not ended by a return the hotline approved (its own finding that the dispatch
 * was wrong) by the period's end. 退回裁定及时率: of the returns whose ruling fell due in the
 * period, those ruled by then. Exempted tickets are left out, as for the units. Pure.
 */
export function scoreHotline(
  period: Period,
  indicators: readonly { id: HotlineIndicatorId; weight: number }[],
  tickets: readonly TicketAsOf[],
  exempt: ReadonlySet<string>,
  scale: number,
): HotlineScore {
  const dispatched: string[] = [];
  const accurate: string[] = [];
  const due: string[] = [];
  const ruledInTime: string[] = [];
  for (const x of tickets) {
    if (exempt.has(x.state.id)) continue;
    for (const visit of bounceTimeline(x.events)) {
      if (within(period, visit.from)) {
        dispatched.push(x.state.id);
        if (!visit.returns.some((r) => r.ruling?.finding === "dispatch_wrong")) accurate.push(x.state.id);
      }
      for (const r of visit.returns) {
        if (!within(period, r.rulingDue)) continue;
        due.push(x.state.id);
        if (r.ruling && r.ruling.at <= r.rulingDue!) ruledInTime.push(x.state.id);
      }
    }
  }
  const figures: Record<HotlineIndicatorId, [string[], string[]]> = { dispatchAccuracy: [accurate, dispatched], returnRulingOnTime: [ruledInTime, due] };
  const results = indicators.map(({ id, weight }): HotlineIndicatorResult => {
    const [met, counted] = figures[id];
    const rate = counted.length ? met.length / counted.length : null;
    return { id, name: HOTLINE_INDICATOR_NAMES[id], weight, met, counted, rate, points: Math.round(weight * (rate ?? 1) * 100) / 100 };
  });
  const raw = results.reduce((s, r) => s + r.points, 0);
  return { indicators: results, score: Math.round(Math.min(scale, Math.max(0, raw)) * 100) / 100 };
}
