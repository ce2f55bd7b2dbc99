import { describe, expect, it } from "vitest";
import { type TicketEvent, type TicketState } from "../ticket/ticket.ts";
import { noticesFor, render } from "./notices.ts";

const state = { id: "t1", number: "GZ20261124000001", title: "路灯不亮", urgent: true, requester: { phone: "13800138000" } } as unknown as TicketState;
const ev = (seq: number, data: unknown): TicketEvent =>
  ({ ticketId: "t1", seq, at: 0, actor: { id: "a", name: "a", role: "operator" }, command: "x", data }) as unknown as TicketEvent;

describe("notices caused by ticket events", () => {
  it("GZ-11.1 GZ-20 GX-26.7 the requester gets the number and the satisfaction request; the unit an urgent dispatch; each once by key", () => {
    const n = noticesFor(
      [
        ev(1, { type: "TicketCreated" }),
        ev(2, { type: "Dispatched", assignment: { leadUnitId: "u1" } }),
        ev(3, { type: "FeedbackReviewed", approved: false }),
        ev(4, { type: "FeedbackReviewed", approved: true }),
      ],
      state,
    );
    expect(n.map((x) => [x.template, x.recipient, x.dedupeKey])).toEqual([
      ["ticket_received", "13800138000", "t1:1:ticket_received"],
      ["urgent_dispatch", "unit:u1", "t1:2:urgent_dispatch"],
      ["satisfaction_request", "13800138000", "t1:4:satisfaction_request"],
    ]);
    expect(noticesFor([ev(1, { type: "TicketCreated" })], { ...state, requester: {} } as TicketState)).toEqual([]);
  });

  it("fills templates, leaving an unknown slot visible", () => {
    expect(render("工单{number}，{missing}", { number: "GZ1" })).toBe("工单GZ1，{missing}");
  });
});
