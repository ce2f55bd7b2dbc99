import { describe, expect, it } from "vitest";
import { maskedEvents, maskedTicket, maskName, maskPhone, mayReveal, revealRequester } from "./requester-privacy.ts";
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

  it("GZ-25 GX-22 every ticket and its history are shown masked; a whistle-blower's identity never reaches the unit, in the ticket or in its history", () => {
    const t = {
      ...base,
      type: "report",
      id: "t",
      mergedTickets: [{ id: "m", number: "GZ1", at: 0, requester: { kind: "person", name: "李四", phone: "13900001111" } }],
    } as unknown as TicketState;
    const shown = maskedTicket(t);
    expect(shown.requester).toMatchObject({ name: "张**", phone: "138****5678", kind: "person" });
    expect(JSON.stringify(shown)).not.toContain("13900001111");
    const ev = [
      { ticketId: "t", seq: 1, at: 0, actor: { id: "o", name: "o", role: "operator" }, command: "intake", data: { type: "TicketCreated", ticket: t } },
    ] as unknown as TicketEvent[];
    expect(JSON.stringify(maskedEvents(ev))).not.toContain("13812345678");
    const unit = revealRequester(t, "unit_handler", { purpose: "contact" });
    expect(unit.ok).toBe(false);
    if (!unit.ok) expect(unit.error).toMatchObject({ code: "FORBIDDEN", rule: "GX-22" });
  });

  it('GZ-25 a reveal needs a purpose the log can show; "other" needs the person\'s words; merged requesters come with it', () => {
    const t = {
      ...base,
      id: "t",
      mergedTickets: [{ id: "m", number: "GZ1", at: 0, requester: { kind: "person", name: "李四", phone: "13900001111" } }],
    } as unknown as TicketState;
    const r = revealRequester(t, "reviewer", { purpose: "callback" });
    expect(r.ok && r.value).toMatchObject({
      requester: { phone: "13812345678" },
      merged: [{ number: "GZ1", requester: { phone: "13900001111" } }],
      purpose: "回访 / callback",
    });
    const other = revealRequester(t, "reviewer", { purpose: "other", note: "  " });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.error).toMatchObject({ code: "INVALID_ARGUMENT", field: "note" });
    const withNote = revealRequester(t, "reviewer", { purpose: "other", note: "市长批示核查" });
    expect(withNote.ok && withNote.value.purpose).toBe("其他 / other：市长批示核查");
    expect(revealRequester(t, "analyst", { purpose: "verify" }).ok).toBe(false);
  });
});
