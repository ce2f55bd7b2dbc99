import { describe, expect, it } from "vitest";
import { type TicketState } from "../ticket/ticket.ts";
import { supervisionBoard } from "./board.ts";

const NOW = Date.parse("2026-11-24T10:00:00+08:00");
const H = 3_600_000;
function t(id: string, status: string, due: number, supervisions: unknown[] = []): TicketState {
  return {
    id,
    number: `N-${id}`,
    title: id,
    status,
    clock: { due, provisional: false },
    assignment: { leadUnitId: "u1" },
    supervisions,
    flags: [],
  } as unknown as TicketState;
}

describe("the supervisor's board (GZ-23, GX-27)", () => {
  it("GZ-23 proposes supervision for overdue tickets not yet supervised, lists due-soon ones and unanswered supervisions, late first", () => {
    const sup = (id: string, answerDue: number, answered = false) => ({
      id,
      method: "phone",
      reason: "overdue",
      note: "n",
      unitId: "u1",
      at: 0,
      by: "s",
      answerDue,
      ...(answered ? { answer: { text: "ok", at: 1 } } : {}),
    });
    const board = supervisionBoard(
      [
        t("late-2d", "handling", NOW - 48 * H),
        t("late-1h", "awaiting_sign", NOW - H),
        t("late-supervised", "handling", NOW - 5 * H, [sup("s1", NOW - H)]),
        t("soon", "handling", NOW + 3 * H),
        t("later", "handling", NOW + 72 * H),
        t("done", "awaiting_review", NOW - 99 * H, [sup("s2", NOW + H, true)]),
      ],
      NOW,
      24 * H,
    );
    expect(board.proposed.map((x) => [x.ticketId, x.limit?.kind, x.limit?.state, x.limit?.leftMs])).toEqual([
      ["late-2d", "handling", "overdue", -48 * H],
      ["late-1h", "handling", "overdue", -H],
    ]);
    expect(board.supervised.map((x) => x.ticketId)).toEqual(["late-supervised"]);
    expect(board.dueSoon.map((x) => x.ticketId)).toEqual(["soon"]);
    expect(board.unanswered.map((x) => [x.ticketId, x.answerLate])).toEqual([["late-supervised", true]]);
  });
});
