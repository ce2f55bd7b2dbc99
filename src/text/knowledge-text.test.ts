import { describe, expect, it } from "vitest";
import { ticketSearchQuery, ticketTokens } from "./knowledge-text.ts";

describe("ticket search words", () => {
  it("every word typed is required, as its character pairs, so a ticket is found whatever jieba cut", () => {
    const q = ticketSearchQuery("电梯故障");
    expect(q?.split(" & ").sort()).toEqual(["'故障'", "'电梯'"]);
    // The ticket's tokens hold each pair of its text: every required pair is there.
    const tokens = new Set(ticketTokens("小区电梯长期故障，物业不维修"));
    for (const t of q!.split(" & ")) expect(tokens.has(t.slice(1, -1))).toBe(true);
    expect(ticketSearchQuery("人民政府")?.split(" & ").sort()).toEqual(["'人民'", "'政府'", "'民政'"]);
  });

  it("nothing searchable typed (one character, punctuation) gives no query", () => {
    expect(ticketSearchQuery("灯")).toBeUndefined();
    expect(ticketSearchQuery("，。！")).toBeUndefined();
  });
});
