import { type Supervision, type TicketState } from "../ticket/ticket.ts";

/** States in which a unit still owes work and a limit can run out. */
const RUNNING = new Set(["awaiting_sign", "handling", "awaiting_return_decision", "awaiting_unit_review"]);

/** What the supervisor's board shows for one ticket. */
export interface BoardItem {
  readonly ticketId: string;
  readonly number: string;
  readonly title: string;
  readonly unitId: string | undefined;
  readonly dueAt: number | undefined;
  /** How long past its limit, in ms (negative: time left). */
  readonly overdueMs: number | undefined;
}

/** The supervisor's board (GZ-23, GX-27): what is overdue, what is due soon, what units have not answered. */
export interface SupervisionBoard {
  /** Overdue tickets without an overdue supervision yet: proposed for one (GZ-23). */
  readonly proposed: readonly BoardItem[];
  /** Overdue tickets already supervised. */
  readonly supervised: readonly BoardItem[];
  readonly dueSoon: readonly BoardItem[];
  /** Supervisions the unit has not answered, late ones flagged. */
  readonly unanswered: readonly (BoardItem & { readonly supervision: Supervision; readonly answerLate: boolean })[];
  /** Returns the hotline has not ruled on within its limit, longest late first (国办函〔2025〕66号). */
  readonly lateRulings: readonly (BoardItem & { readonly requestedAt: number; readonly rulingDue: number; readonly byUnitId: string })[];
}

function item(t: TicketState, now: number): BoardItem {
  const due = t.clock?.due;
  return { ticketId: t.id, number: t.number, title: t.title, unitId: t.assignment?.leadUnitId, dueAt: due, overdueMs: due === undefined ? undefined : now - due };
}

/** Sorts the open tickets onto the board; `dueSoonMs` is the policy's due-soon lead. */
export function supervisionBoard(tickets: readonly TicketState[], now: number, dueSoonMs: number): SupervisionBoard {
  const running = tickets.filter((t) => RUNNING.has(t.status) && t.clock?.due !== undefined);
  // Longest overdue first; tickets due at the same moment by number.
  const byDue = (a: TicketState, b: TicketState): number => a.clock!.due - b.clock!.due || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
  const overdue = running.filter((t) => t.clock!.due < now).sort(byDue);
  const hasOverdueSupervision = (t: TicketState): boolean => (t.supervisions ?? []).some((s) => s.reason === "overdue");
  return {
    proposed: overdue.filter((t) => !hasOverdueSupervision(t)).map((t) => item(t, now)),
    supervised: overdue.filter(hasOverdueSupervision).map((t) => item(t, now)),
    dueSoon: running
      .filter((t) => t.clock!.due >= now && t.clock!.due - now <= dueSoonMs)
      .sort(byDue)
      .map((t) => item(t, now)),
    unanswered: tickets
      .flatMap((t) => (t.supervisions ?? []).filter((s) => !s.answer).map((s) => ({ ...item(t, now), supervision: s, answerLate: s.answerDue < now })))
      .sort((a, b) => a.supervision.answerDue - b.supervision.answerDue),
    lateRulings: tickets
      .flatMap((t) => {
        const r = t.pendingReturn;
        return t.status === "awaiting_return_decision" && r?.rulingDue !== undefined && r.rulingDue < now ? [{ ...item(t, now), requestedAt: r.at, rulingDue: r.rulingDue, byUnitId: r.byUnitId }] : [];
      })
      .sort((a, b) => a.rulingDue - b.rulingDue),
  };
}
