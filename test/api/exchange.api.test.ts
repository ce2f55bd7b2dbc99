import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushExchange } from "../../src/jobs/exchange-sender.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const SECRET = "exchange-secret-0123456789";
const clock = new TestClock(Date.parse("2026-11-24T09:00:00+08:00"));
let city: TestApp;
let region: TestApp;
let regionServer: { url: string; close: () => Promise<void> } | undefined;
let port = 0;

beforeAll(async () => {
  city = await openTestApp({ now: clock.now });
  region = await openTestApp({ now: clock.now });
  regionServer = await startServer(region.ctx, { exchangeSecret: SECRET });
  port = Number(new URL(regionServer.url).port);
}, 60_000);
afterAll(async () => {
  await regionServer?.close();
  await city?.close();
  await region?.close();
});

const target = () => ({ url: `http://127.0.0.1:${port}`, secret: SECRET });
async function count(db: TestApp, q: ReturnType<typeof sql>): Promise<number> {
  const r = (await db.ctx.db.execute(q)) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n ?? 0);
}

describe("city → region exchange (GX-5, GX-16)", () => {
  it("GX-16 the receiver is stopped while the city works; restarted, it gets every ticket version exactly once", async () => {
    const ctx = city.ctx;
    // A Guangzhou ticket stays home: its platform has no parent.
    await newTicket(ctx, "guangzhou", complaint(clock.value));
    const cg = await unitId(ctx, "NN-D-CG");
    let a = await newTicket(ctx, "nanning", complaint(clock.value, { content: "南宁某路段积水。" }));
    expect(await pushExchange(ctx, target())).toEqual({ sent: 1, waiting: 0 });

    await regionServer!.close();
    a = await must(ctx, actors.dispatcher, a, { kind: "dispatch", leadUnitId: cg });
    const b = await newTicket(ctx, "nanning", complaint(clock.value, { content: "南宁某小区停水。" }));
    expect(await pushExchange(ctx, target())).toEqual({ sent: 0, waiting: 2 });
    // Nothing is due again until the wait has passed.
    expect(await pushExchange(ctx, target())).toEqual({ sent: 0, waiting: 0 });

    regionServer = await startServer(region.ctx, { exchangeSecret: SECRET, port });
    clock.value += 60_000;
    expect(await pushExchange(ctx, target())).toEqual({ sent: 2, waiting: 0 });

    // A lost answer makes the city send again: the region takes nothing twice.
    await ctx.db.execute(sql`update exchange_outbox set status = 'queued', next_attempt_at = ${new Date(clock.value).toISOString()}::timestamptz where ticket_id = ${b.id}`);
    expect(await pushExchange(ctx, target())).toEqual({ sent: 1, waiting: 0 });

    expect(await count(region, sql`select count(*)::int as n from exchange_receipt`)).toBe(3);
    const copies = (await region.ctx.db.execute(sql`select number, version, status from exchange_ticket order by number`)) as unknown as { rows: { number: string; version: number; status: string }[] };
    expect(copies.rows).toEqual([
      { number: a.number, version: 2, status: "awaiting_sign" },
      { number: b.number, version: 1, status: "awaiting_dispatch" },
    ]);
    const view = await fetch(`${regionServer.url}/api/v1/exchange/tickets?source=nanning`, { headers: { authorization: `Bearer ${region.seed.adminToken}`, "x-act-as-role": "supervisor" } });
    expect(((await view.json()) as { tickets: unknown[] }).tickets).toHaveLength(2);
  });

  it("GX-16 an unsigned push is refused and stores nothing", async () => {
    const before = await count(region, sql`select count(*)::int as n from exchange_receipt`);
    const res = await fetch(`${regionServer!.url}/api/v1/exchange/tickets`, { method: "POST", headers: { "content-type": "application/json", "x-hotline-signature": "sha256=00" }, body: JSON.stringify({ items: [] }) });
    expect(res.status).toBe(401);
    expect(await count(region, sql`select count(*)::int as n from exchange_receipt`)).toBe(before);
  });
});
