import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushExchange } from "../../src/jobs/exchange-sender.ts";
import { pushDown } from "../../src/app/exchange/send-down.ts";
import { signature } from "../../src/channels/sms/sms-provider.ts";
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
    await ctx.db.execute(
      sql`update exchange_outbox set status = 'queued', next_attempt_at = ${new Date(clock.value).toISOString()}::timestamptz where ticket_id = ${b.id}`,
    );
    expect(await pushExchange(ctx, target())).toEqual({ sent: 1, waiting: 0 });

    expect(await count(region, sql`select count(*)::int as n from exchange_receipt`)).toBe(3);
    const copies = (await region.ctx.db.execute(sql`select number, version, status from exchange_ticket order by number`)) as unknown as {
      rows: { number: string; version: number; status: string }[];
    };
    expect(copies.rows).toEqual([
      { number: a.number, version: 2, status: "awaiting_sign" },
      { number: b.number, version: 1, status: "awaiting_dispatch" },
    ]);
    const view = await fetch(`${regionServer.url}/api/v1/exchange/tickets?source=nanning`, {
      headers: { authorization: `Bearer ${region.seed.adminToken}`, "x-act-as-role": "supervisor" },
    });
    expect(((await view.json()) as { tickets: unknown[] }).tickets).toHaveLength(2);
    // The region's list pages, newest first, with its total (#41): one a page, then the next, then no more.
    const page = async (cursor?: string) =>
      (await (
        await fetch(`${regionServer!.url}/api/v1/exchange/tickets?source=nanning&limit=1${cursor ? `&cursor=${cursor}` : ""}`, {
          headers: { authorization: `Bearer ${region.seed.adminToken}`, "x-act-as-role": "supervisor" },
        })
      ).json()) as { tickets: { number: string }[]; nextCursor: string | null; total: { n: number; capped: boolean } };
    const first = await page();
    expect([first.tickets.length, first.total]).toEqual([1, { n: 2, capped: false }]);
    const second = await page(first.nextCursor!);
    expect(second.tickets.length).toBe(1);
    expect(second.nextCursor).toBeNull();
    expect([first.tickets[0]!.number, second.tickets[0]!.number].sort()).toEqual([a.number, b.number].sort());
  });

  it("GX-16 an unsigned push is refused and stores nothing", async () => {
    const before = await count(region, sql`select count(*)::int as n from exchange_receipt`);
    const res = await fetch(`${regionServer!.url}/api/v1/exchange/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hotline-signature": "sha256=00" },
      body: JSON.stringify({ items: [] }),
    });
    expect(res.status).toBe(401);
    expect(await count(region, sql`select count(*)::int as n from exchange_receipt`)).toBe(before);
  });
});

describe("region → city (GX-16)", () => {
  let cityServer: { url: string; close: () => Promise<void> } | undefined;
  let cityPort = 0;
  afterAll(async () => {
    await cityServer?.close();
  });

  it("GX-16 the region sends a ticket down; the city, stopped meanwhile, takes it once when it is back, and its progress comes back up", async () => {
    // Find a free port for the city, then keep it stopped while the region works.
    cityServer = await startServer(city.ctx, { exchangeSecret: SECRET });
    cityPort = Number(new URL(cityServer.url).port);
    await cityServer.close();
    cityServer = undefined;
    const targets = new Map([["nanning", { url: `http://127.0.0.1:${cityPort}`, secret: SECRET }]]);
    const send = (body: unknown, role = "supervisor") =>
      fetch(`${regionServer!.url}/api/v1/jurisdictions/guangxi/exchange/send-down`, {
        method: "POST",
        headers: { authorization: `Bearer ${region.seed.adminToken}`, "x-act-as-role": role, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const contact = {
      requester: { name: "赵六", phone: "13600136000" },
      type: "complaint",
      content: "跨市客运班车停运，乘客滞留南宁站。",
      location: { district: "兴宁区" },
    };
    expect((await send({ target: "guangzhou", note: "请办理", contact })).status).toBe(400);
    expect((await send({ target: "nanning", note: "请办理", contact }, "operator")).status).toBe(403);
    const made = await send({ target: "nanning", note: "自治区热线转办，请南宁市按时办结并反馈", contact });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };

    expect(await pushDown(region.ctx, targets)).toEqual({ sent: 0, waiting: 1 });
    cityServer = await startServer(city.ctx, { exchangeSecret: SECRET, port: cityPort });
    clock.value += 60_000;
    expect(await pushDown(region.ctx, targets)).toEqual({ sent: 1, waiting: 0 });
    const list = (await (
      await fetch(`${regionServer!.url}/api/v1/jurisdictions/guangxi/exchange/sent-down`, {
        headers: { authorization: `Bearer ${region.seed.adminToken}`, "x-act-as-role": "supervisor" },
      })
    ).json()) as { sent: { id: string; status: string; targetTicketNumber: string }[] };
    const row = list.sent.find((x) => x.id === id);
    expect(row).toMatchObject({ status: "sent", targetTicketNumber: expect.stringMatching(/^NN\d{14}$/) });
    // A lost answer makes the region push again: the city makes no second ticket.
    await region.ctx.db.execute(
      sql`update exchange_down set status = 'queued', next_attempt_at = ${new Date(clock.value).toISOString()}::timestamptz where id = ${id}`,
    );
    expect(await pushDown(region.ctx, targets)).toEqual({ sent: 1, waiting: 0 });
    const tickets = (await city.ctx.db.execute(sql`select number, channel, state->>'content' as content from ticket where channel = 'region'`)) as unknown as {
      rows: { number: string; channel: string; content: string }[];
    };
    expect(tickets.rows).toHaveLength(1);
    expect(tickets.rows[0]).toMatchObject({ number: row!.targetTicketNumber, channel: "region" });
    expect(tickets.rows[0]!.content).toContain("自治区热线转办");
    // The city's own exchange brings the ticket back up: the region follows it read-only.
    while ((await pushExchange(city.ctx, target())).sent > 0);
    expect(await count(region, sql`select count(*)::int as n from exchange_ticket where number = ${row!.targetTicketNumber}`)).toBe(1);
  });

  it("GX-16 a send-down to a city without a configured address says so on the region's list instead of waiting silently", async () => {
    const made = await fetch(`${regionServer!.url}/api/v1/jurisdictions/guangxi/exchange/send-down`, {
      method: "POST",
      headers: { authorization: `Bearer ${region.seed.adminToken}`, "x-act-as-role": "supervisor", "content-type": "application/json" },
      body: JSON.stringify({ target: "nanning", note: "无地址测试", contact: { requester: {}, type: "help", content: "测试无地址" } }),
    });
    const { id } = (await made.json()) as { id: string };
    clock.value += 3_600_000;
    expect(await pushDown(region.ctx, new Map())).toMatchObject({ sent: 0 });
    const list = (await (
      await fetch(`${regionServer!.url}/api/v1/jurisdictions/guangxi/exchange/sent-down`, {
        headers: { authorization: `Bearer ${region.seed.adminToken}`, "x-act-as-role": "supervisor" },
      })
    ).json()) as { sent: { id: string; status: string; lastError: string | null }[] };
    expect(list.sent.find((x) => x.id === id)).toMatchObject({ status: "queued", lastError: expect.stringContaining("未配置下级平台 nanning 的地址") });
  });

  it("GX-16 the city takes tickets only from its own region, signed", async () => {
    const push = (body: unknown, secret = SECRET) => {
      const text = JSON.stringify(body);
      return fetch(`${cityServer!.url}/api/v1/exchange/incoming`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hotline-signature": signature(secret, text) },
        body: text,
      });
    };
    const body = {
      source: "guangzhou",
      target: "nanning",
      reference: "00000000-0000-4000-8000-000000000001",
      note: "转办",
      contact: { requester: {}, type: "complaint", content: "测试" },
    };
    expect((await push(body)).status).toBe(403);
    expect((await push({ ...body, source: "guangxi" }, "wrong-secret-0123456789")).status).toBe(401);
    expect((await push({ ...body, source: "guangxi", contact: { ...body.contact, type: "rumour" } })).status).toBe(400);
  });
});
