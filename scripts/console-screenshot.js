#!/usr/bin/env node
// Takes the README's picture of the console: starts the demo on a fresh data folder, signs in as
// the demo dispatcher and photographs the whole ticket list at 1366×768 in Debian's Chromium.
// Usage: node scripts/console-screenshot.js [out.png]   (default docs/images/console.png)
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";

const out = process.argv[2] ?? "docs/images/console.png";
const dir = mkdtempSync(join(tmpdir(), "hotline-shot-"));
const port = 3900 + Math.floor(Math.random() * 90);
const server = spawn(process.execPath, ["bin/hotline.js", "serve"], {
  env: { ...process.env, HOTLINE_DATA_DIR: dir, PORT: String(port), DATABASE_URL: "" },
  stdio: "ignore",
});
try {
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${url}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  await page.goto(`${url}/login`);
  await page.fill("input[data-test=username]", "gz_dispatcher");
  await page.fill("input[data-test=password]", "demo12345678");
  await page.click("[data-test=login]");
  await page.waitForSelector("[data-test=logout]");
  await page.click(".el-tabs__item:has-text('全部')");
  await page.waitForSelector(".el-table__row");
  await page.waitForTimeout(500);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1500));
  rmSync(dir, { recursive: true, force: true });
}
