import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type UnitTreeNode } from "../../domain/org/unit.ts";
import { bringUpJurisdiction } from "../org/add-jurisdiction.ts";
import { replaceCalendarYear } from "../../store/repositories/calendar.repository.ts";
import { SHIPPED_DATA_DIR, shippedCalendarYears } from "../../store/shipped-data.ts";
import { actorLabel, SYSTEM_ACTOR } from "../actor.ts";
import { hasAdminToken, issueApiToken, ADMIN_SCOPE } from "../auth/api-tokens.ts";
import { type AppContext } from "../context.ts";
import { seedDemoTickets } from "./demo-tickets.ts";
import { seedDemoKnowledge } from "./demo-knowledge.ts";
import { seedDemoArchive } from "./demo-archive.ts";
import { seedDemoLeaderSessions } from "./demo-leader-sessions.ts";
import { retrainIntakeModels } from "../assist/intake-models.ts";
import { loadPlatformWords } from "../assist/platform-dictionary.ts";
import { seedDemoUsers } from "./demo-users.ts";

/** How many demo tickets a new demo platform gets, per jurisdiction. */
export const DEMO_TICKETS: Record<string, number> = { guangzhou: 200, nanning: 120 };

/** What seeding did, for the start-up log. */
export interface SeedReport {
  readonly calendarYearsLoaded: string[];
  readonly jurisdictionsCreated: string[];
  /** Demo tickets made per jurisdiction. */
  readonly demoTickets: Record<string, number>;
  /** Demo accounts made (demo mode only). */
  readonly demoUsers: string[];
  /** The first admin token, in plain text: printed once, never stored. */
  readonly adminToken?: string;
}

interface DemoFile {
  jurisdictions: { id: string; name: string; policyId: string; parentId?: string; units: UnitTreeNode[] }[];
}

/** The shipped demo jurisdictions (Guangzhou; Guangxi with Nanning and two counties). */
export function demoJurisdictions(): DemoFile["jurisdictions"] {
  return ["guangzhou.json", "guangxi.json"].flatMap((f) => {
    const doc: DemoFile = JSON.parse(readFileSync(join(SHIPPED_DATA_DIR, "demo", f), "utf8"));
    return doc.jurisdictions;
  });
}

/**
 * Brings a database to a usable state; safe to run again. Loads the shipped calendar years
 * the database lacks (an administrator's later load of a year is never overwritten), the
 * demo jurisdictions in demo mode, and a first admin token when there is none.
 */
export async function seedPlatform(ctx: AppContext, opts: { demo: boolean; demoTickets?: Record<string, number>; demoUsers?: boolean }): Promise<SeedReport> {
  const loaded = ctx.calendars.loadedKeys();
  const calendarYearsLoaded: string[] = [];
  for (const y of shippedCalendarYears()) {
    const key = `${y.scope}-${y.year}`;
    if (loaded.has(key)) continue;
    await replaceCalendarYear(ctx.db, y, actorLabel(SYSTEM_ACTOR), "随版本发布的官方通知数据");
    calendarYearsLoaded.push(key);
  }
  if (calendarYearsLoaded.length > 0) await ctx.calendars.reload();

  const jurisdictionsCreated: string[] = [];
  const demoTickets: Record<string, number> = {};
  const demoUsers: string[] = [];
  if (opts.demo) {
    // Through the same door as a third city's file (hotline jurisdiction add), with the shipped policies by id.
    for (const j of demoJurisdictions()) {
      const file = { jurisdiction: { id: j.id, name: j.name, ...(j.parentId ? { parentId: j.parentId } : {}) }, policyId: j.policyId, units: j.units };
      const r = await bringUpJurisdiction(ctx, file, actorLabel(SYSTEM_ACTOR));
      if (!r.ok) throw new Error(`demo jurisdiction ${j.id}: ${r.error.en} ${JSON.stringify(r.error.details ?? [])}`);
      if (r.value.created) jurisdictionsCreated.push(j.id);
    }
    if (jurisdictionsCreated.length) await loadPlatformWords(ctx.db);
    if (opts.demoUsers) {
      for (const id of jurisdictionsCreated) demoUsers.push(...(await seedDemoUsers(ctx, id)));
    }
    for (const [id, n] of Object.entries(opts.demoTickets ?? {})) {
      if (!jurisdictionsCreated.includes(id)) continue;
      demoTickets[id] = await seedDemoTickets(ctx, id, n);
      await seedDemoLeaderSessions(ctx, id);
      // Demo requesters are invented: their notices are marked as handled, not sent to anyone.
      await ctx.db.execute(
        sql`update outbound_message set status = 'sent', provider = 'demo-seed', sent_at = now() where jurisdiction_id = ${id} and status = 'queued'`,
      );
      await seedDemoKnowledge(ctx, id);
      await seedDemoArchive(ctx, id);
      // The demo's operators see suggestions at once, learnt from the demo's concluded tickets.
      await retrainIntakeModels(ctx, { id: actorLabel(SYSTEM_ACTOR), name: SYSTEM_ACTOR.name, role: "admin" }, id);
    }
  }

  let adminToken: string | undefined;
  if (!(await hasAdminToken(ctx))) adminToken = (await issueApiToken(ctx, "首位管理员 / first admin", [ADMIN_SCOPE])).token;
  return { calendarYearsLoaded, jurisdictionsCreated, demoTickets, demoUsers, ...(adminToken ? { adminToken } : {}) };
}
