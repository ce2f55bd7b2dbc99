import { currentLimit, type CurrentLimit, type LimitKind } from "../ticket/current-limit.ts";
import { type Supervision, type TicketState } from "../ticket/ticket.ts";

/** The limits a unit owes: the ones an overdue supervision is about (GZ-23). */
const UNIT_LIMITS: ReadonlySet<LimitKind> = new Set(["sign", "handling"]);

/** What the supervisor's board shows for one ticket. */
export interface BoardItem {
  readonly ticketId: string;
  readonly number: string;
  readonly title: string;
  readonly unitId: string | undefined;
  /** The ticket's clock as every screen shows it (domain/ticket/current-limit.ts). */
  readonly limit: CurrentLimit | null;
}

/** The supervisor's board (GZ-23, GX-27): what is overdue, what is due soon, what units have not answered. */
export interface SupervisionBoard {
  /** Tickets past a limit their unit owes, without an overdue supervision yet: proposed for one (GZ-23). */
  readonly proposed: readonly BoardItem[];
  /** Overdue tickets already supervised. */
  readonly supervised: readonly BoardItem[];
  /** Tickets whose current limit, whichever it is, is due soon: what the lists tag 即将超期. */
  readonly dueSoon: readonly BoardItem[];
  /** Supervisions the unit has not answered, late ones flagged. */
  readonly unanswered: readonly (BoardItem & { readonly supervision: Supervision; readonly answerLate: boolean })[];
  /** Returns the hotline has not ruled on within its limit, longest late first (国办函〔2025〕66号). */
  readonly lateRulings: readonly (BoardItem & { readonly requestedAt: number; readonly rulingDue: number; readonly byUnitId: string })[];
}

function item(t: TicketState, limit: CurrentLimit | undefined): BoardItem {
  return { ticketId: t.id, number: t.number, title: t.title, unitId: t.assignment?.leadUnitId, limit: limit ?? null };
}

/** Sorts the open tickets onto the board by each one's current limit; `dueSoonMs` is the policy's due-soon lead. */
export function supervisionBoard(tickets: readonly TicketState[], now: number, dueSoonMs: number): SupervisionBoard {
  const withLimit = tickets.map((t) => ({ t, limit: currentLimit(t, now, dueSoonMs) }));
  // Least time left (longest overdue) first; tickets due at the same moment by number.
  const byDue = (a: { t: TicketState; limit?: CurrentLimit | undefined }, b: { t: TicketState; limit?: CurrentLimit | undefined }): number =>
    a.limit!.due - b.limit!.due || (a.t.number < b.t.number ? -1 : a.t.number > b.t.number ? 1 : 0);
  const overdue = withLimit.filter((x) => x.limit?.state === "overdue" && UNIT_LIMITS.has(x.limit.kind)).sort(byDue);
  const hasOverdueSupervision = (t: TicketState): boolean => (t.supervisions ?? []).some((s) => s.reason === "overdue");
  return {
    proposed: overdue.filter((x) => !hasOverdueSupervision(x.t)).map((x) => item(x.t, x.limit)),
    supervised: overdue.filter((x) => hasOverdueSupervision(x.t)).map((x) => item(x.t, x.limit)),
    dueSoon: withLimit
      .filter((x) => x.limit?.state === "due_soon")
      .sort(byDue)
      .map((x) => item(x.t, x.limit)),
    unanswered: withLimit
      .flatMap((x) => (x.t.supervisions ?? []).filter((s) => !s.answer).map((s) => ({ ...item(x.t, x.limit), supervision: s, answerLate: s.answerDue < now })))
      .sort((a, b) => a.supervision.answerDue - b.supervision.answerDue),
    lateRulings: withLimit
      .flatMap(({ t, limit }) => {
        const r = t.pendingReturn;
        return limit?.kind === "return_ruling" && limit.state === "overdue" && r
          ? [{ ...item(t, limit), requestedAt: r.at, rulingDue: limit.due, byUnitId: r.byUnitId }]
          : [];
      })
      .sort((a, b) => a.rulingDue - b.rulingDue),
  };
}
