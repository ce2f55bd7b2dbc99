import { describe, expect, it } from "vitest";
import { ticketTextOf } from "./similar-tickets.ts";

const base = { requester: { kind: "person" as const, phone: "13800138000" }, location: { district: "天河区" } };
const words = (title: string, content: string) => new Set(ticketTextOf({ ...base, title, content }).words.split(" "));

describe("a ticket's words for the same-matter index", () => {
  it("a title taken from the content's start adds nothing: the words are the content's", () => {
    // The 30th character cuts 休息 in two: cut again on its own, the title would add the stray 休.
    const content = "我家楼下的烧烤店每天晚上营业到凌晨两点，油烟和噪音严重影响休息，希望有关部门管理。";
    const w = words(content.slice(0, 30), content);
    expect(w).toEqual(words(content, content));
    expect(w).not.toContain("休");
    expect(w).toContain("烧烤");
  });

  it("a title of its own is indexed beside the content", () => {
    const w = words("电梯长期故障", "小区门口夜间施工噪音扰民");
    expect(w).toContain("电梯");
    expect(w).toContain("噪音");
  });
});
