import { type Config } from "../app/config.ts";
import { createAppContext, type AppContext } from "../app/context.ts";
import { DEMO_TICKETS, seedPlatform, type SeedReport } from "../app/seed/seed-platform.ts";
import { DEMO_PASSWORD } from "../app/seed/demo-users.ts";
import { backfillTicketTexts } from "../app/assist/similar-tickets.ts";
import { embeddedDatabaseExists, openDatabase } from "../store/database.ts";

/** An open application: its context and how to close it. */
export interface OpenApp {
  readonly ctx: AppContext;
  /** What seeding did, when it ran. */
  readonly seed?: SeedReport;
  close(): Promise<void>;
}

/**
 * Opens the database the settings name, migrates it and, on a first start (or when asked),
 * seeds it: the same steps for `serve` and for every CLI command, so they agree.
 */
export async function openApp(config: Config, opts: { seed?: "always" | "first-start" | "never"; demo?: boolean } = {}): Promise<OpenApp> {
  const firstStart = config.databaseUrl ? false : !embeddedDatabaseExists(config.dataDir);
  const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await handle.migrate();
    const ctx = await createAppContext(handle);
    const mode = opts.seed ?? "first-start";
    const needsSeed = mode === "always" || (mode === "first-start" && (firstStart || !ctx.calendars.hasNationalYears()));
    const demo = opts.demo ?? config.demo;
    const seed = needsSeed ? await seedPlatform(ctx, { demo, ...(demo ? { demoTickets: DEMO_TICKETS, demoUsers: true } : {}) }) : undefined;
    // Tickets made before the same-matter index existed get their rows once.
    await backfillTicketTexts(ctx);
    return { ctx, ...(seed ? { seed } : {}), close: () => handle.close() };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Prints what seeding did, including the one-time admin token. */
export function printSeedReport(r: SeedReport, log: (line: string) => void = console.log): void {
  if (r.calendarYearsLoaded.length) log(`已导入日历 / calendar loaded: ${r.calendarYearsLoaded.join(", ")}`);
  if (r.jurisdictionsCreated.length) log(`已创建演示平台 / demo jurisdictions: ${r.jurisdictionsCreated.join(", ")}`);
  const made = Object.entries(r.demoTickets).filter(([, n]) => n > 0);
  if (made.length) log(`已生成演示工单 / demo tickets: ${made.map(([j, n]) => `${j} ${n}`).join(", ")}`);
  if (r.demoUsers.length) log(`演示账号（仅演示模式，密码 ${DEMO_PASSWORD}）/ demo accounts (demo mode only): ${r.demoUsers.join(", ")}`);
  if (r.adminToken) {
    log("首位管理员令牌（仅显示这一次，请妥善保存）/ first admin token (shown once, keep it safe):");
    log(`  ${r.adminToken}`);
  }
}
