import { describe, expect, it } from "vitest";
import { findHotSpots, type TicketTerms } from "./hotspots.ts";

let n = 0;
function t(district: string, terms: string[], at = 1000, subDistrict: string | null = null): TicketTerms {
  n++;
  return { id: `t${n}`, number: `N${n}`, title: terms.join(""), at: at + n, district, subDistrict, terms };
}
const noise = (k: number, district: string): TicketTerms[] => Array.from({ length: k }, (_, i) => t(district, [`杂项${i}`, "问题"]));

describe("hot spots (GX-17, GZ-5)", () => {
  it("GX-17 groups requests of one place sharing a distinctive word, names them by their words, and marks a rising one", () => {
    const current = [
      ...Array.from({ length: 6 }, () => t("天河区", ["施工", "噪音", "夜间", "扰民"], 1000, "五山街道")),
      ...Array.from({ length: 3 }, () => t("海珠区", ["路灯", "不亮"])),
      ...noise(20, "越秀区"),
    ];
    const previous = [
      ...Array.from({ length: 2 }, () => t("天河区", ["施工", "噪音"])),
      ...Array.from({ length: 6 }, () => t("海珠区", ["路灯", "不亮"])),
      ...noise(20, "越秀区"),
    ];
    const spots = findHotSpots(current, previous);
    expect(spots.map((s) => [s.place, s.count, s.previousCount, s.trend])).toEqual([
      ["天河区五山街道", 6, 2, "rising"],
      ["海珠区", 3, 6, "falling"],
    ]);
    expect(spots[0]?.topWords.slice().sort()).toEqual(["噪音", "夜间", "扰民", "施工"].sort());
    expect(spots[0]?.examples).toHaveLength(3);
    expect(spots[0]?.examples[0]?.at).toBeGreaterThan(spots[0]?.examples[2]?.at ?? 0);
  });

  it("GX-17 words common to every request (问题) and groups below the minimum make no hot spot; the same words in two districts are two hot spots", () => {
    const current = [
      ...Array.from({ length: 3 }, () => t("白云区", ["积水", "内涝"])),
      ...Array.from({ length: 3 }, () => t("黄埔区", ["积水", "内涝"])),
      ...Array.from({ length: 2 }, () => t("番禺区", ["积水"])),
      ...noise(30, "越秀区"),
    ];
    const spots = findHotSpots(current, []);
    expect(spots.map((s) => [s.place, s.trend])).toEqual([
      ["白云区", "new"],
      ["黄埔区", "new"],
    ]);
    expect(spots.flatMap((s) => s.topWords)).not.toContain("问题");
  });

  it("GX-17 a hot spot's words say what, not where: its district and sub-district (with or without suffix) and division names are not keywords", () => {
    const current = [
      ...Array.from({ length: 4 }, () => t("天河区", ["天河", "五山街道", "五山", "广州市", "垃圾", "清运", "发臭"], 1000, "五山街道")),
      ...noise(20, "越秀区"),
    ];
    const spots = findHotSpots(current, noise(20, "越秀区"));
    expect(spots.map((s) => s.place)).toEqual(["天河区五山街道"]);
    expect(spots[0]?.topWords.slice().sort()).toEqual(["垃圾", "清运", "发臭"].sort());
  });
});
