import { describe, expect, it } from "vitest";
import { eventsForRole, maskName, maskPhone, mayReveal, ticketForRole } from "./requester-privacy.ts";
import { type TicketEvent, type TicketState } from "../ticket/ticket.ts";

const base = { type: "complaint", requester: { name: "张三丰", phone: "13812345678", kind: "person" } } as const;

describe("requester privacy", () => {
  it("GZ-25 masks names and phones the way screens show them", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("020-83381234")).toBe("020-******34");
  });

  it("GZ-25 GX-22 only roles that need the identity see it; units see it unless it is a report or confidential", () => {
    expect(mayReveal("operator", base)).toBe(true);
    expect(mayReveal("reviewer", base)).toBe(true);
    expect(mayReveal("unit_handler", base)).toBe(true);
    expect(mayReveal("analyst", base)).toBe(false);
    expect(mayReveal("supervisor", base)).toBe(false);
    expect(mayReveal("unit_handler", { ...base, type: "report" })).toBe(false);
    expect(mayReveal("unit_leader", { ...base, requester: { ...base.requester, confidential: true } })).toBe(false);
  });

  it("GX-22 a whistle-blower's identity never reaches the unit, in the ticket or in its history", () => {
    const t = { ...base, type: "report", id: "t", mergedTickets: [] } as unknown as TicketState;
    const seen = ticketForRole(t, "unit_handler");
    expect(seen.revealed).toBe(false);
    expect(seen.ticket.requester).toMatchObject({ name: "张**", phone: "138****5678" });
    const ev = [{ ticketId: "t", seq: 1, at: 0, actor: { id: "o", name: "o", role: "operator" }, command: "intake", data: { type: "TicketCreated", ticket: t } }] as unknown as TicketEvent[];
    expect(JSON.stringify(eventsForRole(t, ev, "unit_handler"))).not.toContain("13812345678");
  });
});
