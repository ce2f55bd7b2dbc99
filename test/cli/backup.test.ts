import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../../src/app/context.ts";
import { seedPlatform } from "../../src/app/seed/seed-platform.ts";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.ts";
import { createFreshDatabase } from "../support/fresh-database.ts";
import { actors, complaint, must, newTicket, unitId } from "../support/tickets.ts";

const dir = mkdtempSync(join(tmpdir(), "hotline-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hotline(args: string[], env: Record<string, string | undefined>) {
  const e: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: "silent", ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  const r = spawnSync(process.execPath, ["bin/hotline.js", ...args], { env: e, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

/** Every ticket with its events, as stored: what a restore must give back identically. */
async function snapshot(db: DatabaseHandle["db"]) {
  const t = (await db.execute(sql`select id, number, version, state from ticket order by number`)) as unknown as {
    rows: { id: string; number: string; version: number; state: unknown }[];
  };
  const e = (await db.execute(sql`select ticket_id, seq, type, at, data from ticket_event order by ticket_id, seq`)) as unknown as {
    rows: { ticket_id: string; seq: number; type: string; at: string | Date; data: unknown }[];
  };
  const norm = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
  return {
    tickets: t.rows.map((r) => ({ ...r, state: norm(r.state) })),
    events: e.rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), data: norm(r.data) })),
  };
}

async function work(ctx: AppContext, n: number): Promise<void> {
  const th = await unitId(ctx, "GZ-TH");
  for (let i = 0; i < n; i++) {
    const t = await newTicket(ctx, "guangzhou", complaint(Date.now(), { content: `备份演练工单 ${i}` }));
    await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th });
  }
}

describe("backup and restore drill", () => {
  const server = process.env["TEST_PG_URL"];
  it.skipIf(!server)(
    "PostgreSQL: back up, keep working, restore into a fresh database: every ticket and event of the backup present and identical; a non-empty target is refused",
    async () => {
      const a = await createFreshDatabase(server!, "hotline_test");
      const b = await createFreshDatabase(server!, "hotline_test");
      const ha = await openDatabase({ url: a.url });
      try {
        await ha.migrate();
        const ctx = await createAppContext(ha);
        await seedPlatform(ctx, { demo: true });
        await work(ctx, 3);
        const before = await snapshot(ha.db);
        const file = join(dir, "pg.dump");
        const r = hotline(["backup", file], { DATABASE_URL: a.url });
        expect(r.code, r.err).toBe(0);
        await work(ctx, 2); // keeps working after the backup
        const refused = hotline(["restore", file], { DATABASE_URL: a.url });
        expect(refused.code).toBe(2);
        expect(refused.err).toContain("not empty");
        const restored = hotline(["restore", file], { DATABASE_URL: b.url });
        expect(restored.code, restored.err).toBe(0);
        const hb = await openDatabase({ url: b.url });
        try {
          expect(await snapshot(hb.db)).toEqual(before);
          expect(before.tickets).toHaveLength(3);
        } finally {
          await hb.close();
        }
      } finally {
        await ha.close();
        await a.drop();
        await b.drop();
      }
    },
    120_000,
  );

  it("embedded database: back up the data folder, keep working, restore into a new folder: identical; an existing folder is refused", async () => {
    const folderA = join(dir, "a");
    const file = join(dir, "pglite.tar.gz");
    let h = await openDatabase({ dataDir: folderA });
    await h.migrate();
    let ctx = await createAppContext(h);
    await seedPlatform(ctx, { demo: true });
    await work(ctx, 2);
    const before = await snapshot(h.db);
    await h.close();
    const r = hotline(["backup", file], { HOTLINE_DATA_DIR: folderA, DATABASE_URL: undefined });
    expect(r.code, r.err).toBe(0);
    h = await openDatabase({ dataDir: folderA });
    ctx = await createAppContext(h);
    await work(ctx, 1);
    await h.close();
    expect(hotline(["restore", file], { HOTLINE_DATA_DIR: folderA, DATABASE_URL: undefined }).code).toBe(2);
    const folderB = join(dir, "b");
    const restored = hotline(["restore", file], { HOTLINE_DATA_DIR: folderB, DATABASE_URL: undefined });
    expect(restored.code, restored.err).toBe(0);
    const hb = await openDatabase({ dataDir: folderB });
    try {
      expect(await snapshot(hb.db)).toEqual(before);
    } finally {
      await hb.close();
    }
  }, 120_000);
});
