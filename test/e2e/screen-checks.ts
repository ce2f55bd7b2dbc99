import { type Page } from "playwright-core";
import { CHANNELS, RATINGS, REQUEST_TYPES, SOLVED } from "../../src/domain/shared/vocabulary.ts";
import { ROLES, TICKET_FLAGS, TICKET_STATUSES } from "../../src/domain/ticket/ticket.ts";
import { LIMIT_KINDS, LIMIT_STATES } from "../../src/domain/ticket/current-limit.ts";

// What every screen is checked for when its screenshot is taken (#41): lists that fit or scroll
// visibly, and no raw codes where a user reads (ids, enum values, the browser's English).

/** Codes the API speaks that a screen must show in Chinese; matched as whole lowercase words. */
const CODES = [
  ...new Set([...TICKET_STATUSES, ...REQUEST_TYPES, ...CHANNELS, ...RATINGS, ...SOLVED, ...TICKET_FLAGS, ...LIMIT_KINDS, ...LIMIT_STATES, ...ROLES, "ok"]),
];

/** The problems a user would see on the page now; empty when it is clean. */
export async function screenProblems(page: Page): Promise<string[]> {
  return page.evaluate((codes) => {
    const problems: string[] = [];
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
    };
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(`page wider than the window: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    for (const table of Array.from(document.querySelectorAll(".el-table")).filter(visible)) {
      const wrap = table.querySelector(".el-table__body-wrapper .el-scrollbar__wrap") ?? table.querySelector(".el-table__body-wrapper");
      if (!wrap || wrap.scrollWidth <= wrap.clientWidth + 1) continue;
      // Wider than its box: fine only with a scrollbar that is always shown.
      const bar = table.querySelector(".el-table__body-wrapper .el-scrollbar__bar.is-horizontal");
      const shown = bar instanceof HTMLElement && getComputedStyle(bar).display !== "none" && getComputedStyle(bar).opacity !== "0";
      if (!shown)
        problems.push(
          `table clipped without a scrollbar (${wrap.scrollWidth} > ${wrap.clientWidth}): ${(table.querySelector("thead")?.textContent ?? "").replace(/\s+/g, " ").slice(0, 80)}`,
        );
    }
    const text = document.body.innerText;
    const uuid = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    if (uuid) problems.push(`raw id shown: ${uuid[0]}`);
    for (const code of codes) {
      const m = text.match(new RegExp(`(?<![A-Za-z0-9_.:/-])${code}(?![A-Za-z0-9_.:/-])`));
      if (m)
        problems.push(`raw code shown: ${code} in “${text.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + code.length + 20).replace(/\s+/g, " ")}”`);
    }
    const dotted = text.match(/(?<![A-Za-z0-9_./:@-])[a-z]+\.[a-z_]+(?![A-Za-z0-9_(./-])/);
    // A file's name (导入文件 catalogue.xlsx) or a host is what the user chose or typed, not a code.
    if (dotted && !/^(www|gov|com|cn)\./.test(dotted[0]) && !/\.(xlsx|xls|csv|txt|pdf|png|jpe?g|webp|json)$/.test(dotted[0]))
      problems.push(`raw code shown: ${dotted[0]}`);
    for (const english of ["Choose File", "No file chosen", "Choose Files"]) if (text.includes(english)) problems.push(`browser English shown: ${english}`);
    return problems;
  }, CODES);
}
