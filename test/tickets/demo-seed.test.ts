import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { seedDemoTickets } from "../../src/app/seed/demo-tickets.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { replay } from "../../src/domain/ticket/evolve.ts";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ now: () => Date.parse("2026-11-24T10:00:00+08:00") });
});
afterAll(async () => t?.close());

describe("demo data", () => {
  it("hotline seed --demo makes tickets in every state through the real use cases, each replaying to its stored state", async () => {
    expect(await seedDemoTickets(t.ctx, "guangzhou", 80)).toBe(80);
    const r = (await t.ctx.db.execute(
      sql`select status, count(*)::int as n, array_agg(id::text) as ids from ticket where jurisdiction_id = 'guangzhou' group by status`,
    )) as unknown as { rows: { status: string; n: number; ids: string[] }[] };
    expect(r.rows.map((x) => x.status).sort()).toEqual([
      "archived",
      "awaiting_callback",
      "awaiting_dispatch",
      "awaiting_return_decision",
      "awaiting_review",
      "awaiting_sign",
      "concluded",
      "handling",
    ]);
    for (const row of r.rows) {
      const id = row.ids[0] ?? "";
      expect(replay(await loadTicketEvents(t.ctx.db, id))).toEqual(await loadTicket(t.ctx.db, id));
    }
  });
});
