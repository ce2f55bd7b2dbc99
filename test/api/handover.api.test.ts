import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessMonth } from "../../src/app/assessment/assess.ts";
import { pushHandover } from "../../src/app/handover/push-handover.ts";
import { signature } from "../../src/channels/sms/sms-provider.ts";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const SECRET = "tax-subcentre-secret-0123";
const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let app: TestApp;
let server: { url: string; close: () => Promise<void> };
let taxId = "";

/** The sub-centre's own system: takes signed pushes (or refuses while "down"), keeps what it got. */
const subcentre = { down: false, received: [] as { number: string; version: number; ticket: TicketState }[], badSignatures: 0 };
let subcentreServer: Server;
let subcentreUrl = "";

beforeAll(async () => {
  app = await openTestApp({ now: clock.now });
  server = await startServer(app.ctx);
  taxId = await unitId(app.ctx, "GZ-SC-SW");
  subcentreServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (subcentre.down) return res.writeHead(503).end("down");
      if (req.headers["x-hotline-signature"] !== signature(SECRET, body)) {
        subcentre.badSignatures++;
        return res.writeHead(401).end();
      }
      subcentre.received.push(...(JSON.parse(body) as { items: { number: string; version: number; ticket: TicketState }[] }).items);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => subcentreServer.listen(0, "127.0.0.1", r));
  subcentreUrl = `http://127.0.0.1:${(subcentreServer.address() as AddressInfo).port}/hotline/push`;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => subcentreServer?.close(r));
  await server?.close();
  await app?.close();
});

function asStaff(role: string, init: { method?: string; body?: unknown } = {}): RequestInit {
  return {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${app.seed.adminToken}`,
      "x-act-as-role": role,
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  };
}

/** What the sub-centre's system posts: a signed batch of items. */
async function handOver(items: unknown[], opts: { secret?: string; unitCode?: string } = {}) {
  const body = JSON.stringify({ items });
  const res = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/handover/${opts.unitCode ?? "GZ-SC-SW"}/items`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hotline-signature": signature(opts.secret ?? SECRET, body) },
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      items: {
        id: string;
        ok: boolean;
        ticketId?: string;
        number?: string;
        version?: number;
        status?: string;
        replayed?: boolean;
        error?: { code: string; field?: string; rule?: string };
      }[];
    } & { error?: { code: string; field?: string } },
  };
}

async function ticketCount(): Promise<number> {
  const r = (await app.ctx.db.execute(sql`select count(*)::int as n from ticket`)) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]!.n);
}

const contact = {
  requester: { name: "钱七", phone: "13900139000" },
  type: "consultation",
  category: "税务",
  content: "个人所得税专项附加扣除如何填报？",
  location: { district: "天河区" },
};

describe("sub-centres and dual-number units hand over through the interface (GZ-7, GZ-28)", () => {
  it("GZ-7 only an admin connects a unit's system, and only a sub-centre's or dual-number unit's", async () => {
    const put = (role: string, id: string, body: unknown) =>
      fetch(`${server.url}/api/v1/jurisdictions/guangzhou/handover-links/${id}`, asStaff(role, { method: "PUT", body }));
    expect((await put("supervisor", taxId, { url: subcentreUrl, secret: SECRET })).status).toBe(403);
    const handling = await put("admin", await unitId(app.ctx, "GZ-TH"), { url: subcentreUrl, secret: SECRET });
    expect(handling.status).toBe(400);
    expect(((await handling.json()) as { error: unknown }).error).toMatchObject({ field: "unitId", rule: "GZ-7" });
    expect(((await (await put("admin", taxId, { url: "ftp://x", secret: SECRET })).json()) as { error: unknown }).error).toMatchObject({ field: "url" });
    expect(((await (await put("admin", taxId, { url: subcentreUrl, secret: "short" })).json()) as { error: unknown }).error).toMatchObject({ field: "secret" });
    expect((await put("admin", taxId, { url: subcentreUrl, secret: SECRET })).status).toBe(200);
    const links = (await (await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/handover-links`, asStaff("admin"))).json()) as {
      links: Record<string, unknown>[];
    };
    expect(links.links).toEqual([expect.objectContaining({ code: "GZ-SC-SW", url: subcentreUrl, queued: 0 })]);
    expect(JSON.stringify(links)).not.toContain(SECRET);
  });

  it("GZ-7 a contact of the sub-centre's own line becomes its ticket once, by the sub-centre channel, dispatched to and signed by itself", async () => {
    const before = await ticketCount();
    const first = await handOver([{ id: "SW-2026-0001", kind: "contact", contact }]);
    expect(first.status).toBe(200);
    expect(first.body.items[0]).toMatchObject({
      id: "SW-2026-0001",
      ok: true,
      replayed: false,
      status: "handling",
      number: expect.stringMatching(/^GZ\d{14}$/),
    });
    // Resent (the answer was lost): the same ticket, nothing new.
    const again = await handOver([{ id: "SW-2026-0001", kind: "contact", contact }]);
    expect(again.body.items[0]).toMatchObject({ ok: true, replayed: true, ticketId: first.body.items[0]!.ticketId });
    expect(await ticketCount()).toBe(before + 1);
    const [row] = (
      (await app.ctx.db.execute(
        sql`select channel, lead_unit_id, state->>'ownLineUnitId' as own from ticket where id = ${first.body.items[0]!.ticketId!}`,
      )) as unknown as { rows: { channel: string; lead_unit_id: string; own: string }[] }
    ).rows;
    expect(row).toEqual({ channel: "subcentre", lead_unit_id: taxId, own: taxId });
    const events = (await app.ctx.db.execute(
      sql`select command, actor_id from ticket_event where ticket_id = ${first.body.items[0]!.ticketId!} order by seq`,
    )) as unknown as { rows: { command: string; actor_id: string }[] };
    expect(events.rows).toEqual(["intake", "dispatch", "sign"].map((command) => ({ command, actor_id: "handover:GZ-SC-SW" })));
  });

  it("GZ-7 the sub-centre handles, reviews, calls back and concludes its own line's ticket through the interface; a stale version changes nothing", async () => {
    const made = await handOver([{ id: "SW-2026-0002", kind: "contact", contact: { ...contact, content: "发票丢失如何补开？" } }]);
    const t = made.body.items[0]!;
    const stale = await handOver([
      {
        id: "SW-2026-0002-c",
        kind: "command",
        ticket: t.number,
        command: { kind: "contactRequester", version: t.version! - 1, method: "phone", note: "已电话联系" },
      },
    ]);
    expect(stale.body.items[0]).toMatchObject({ ok: false, error: { code: "VERSION_CONFLICT", field: "version" } });
    let v = t.version!;
    const step = async (id: string, command: Record<string, unknown>) => {
      const r = await handOver([{ id, kind: "command", ticket: t.number, command: { ...command, version: v } }]);
      expect(r.body.items?.[0], `${id} ${JSON.stringify(r.body)}`).toMatchObject({ ok: true });
      v = r.body.items[0]!.version!;
      return r.body.items[0]!;
    };
    await step("SW-2026-0002-c", { kind: "contactRequester", method: "phone", note: "已电话联系纳税人" });
    await step("SW-2026-0002-f", {
      kind: "submitFeedback",
      handledAt: new Date(clock.value).toISOString(),
      process: "电话指导纳税人通过电子税务局申请补开。",
      result: "已告知补开流程，纳税人表示清楚。",
      requesterInformedBy: "phone",
    });
    expect((await step("SW-2026-0002-r", { kind: "reviewFeedback", approved: true, reason: "" })).status).toBe("awaiting_callback");
    await step("SW-2026-0002-s", { kind: "rate", rating: "satisfied", solved: "resolved" });
    expect((await step("SW-2026-0002-e", { kind: "conclude" })).status).toBe("concluded");
    // A resent step answers what it did, and does not run again.
    const resent = await handOver([{ id: "SW-2026-0002-e", kind: "command", ticket: t.number, command: { kind: "conclude", version: 1 } }]);
    expect(resent.body.items[0]).toMatchObject({ ok: true, replayed: true, status: "concluded" });
  });

  it("GZ-7 a ticket the hotline dispatches to the sub-centre is pushed to its system until it answers; the hotline keeps review and callback", async () => {
    clock.value += 60_000;
    await pushHandover(app.ctx); // what the earlier tests queued
    subcentre.received.length = 0;
    let t = await newTicket(app.ctx, "guangzhou", complaint(clock.value, { type: "complaint", content: "办税服务厅排队时间过长。", category: "税务" }));
    t = await must(app.ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: taxId });
    subcentre.down = true;
    expect(await pushHandover(app.ctx)).toEqual({ sent: 0, waiting: 1 });
    const waiting = (await (await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/handover-links`, asStaff("admin"))).json()) as {
      links: { queued: number; lastError: string }[];
    };
    expect(waiting.links[0]).toMatchObject({ queued: 1, lastError: expect.stringContaining("503") });
    subcentre.down = false;
    clock.value += 60_000;
    expect(await pushHandover(app.ctx)).toEqual({ sent: 1, waiting: 0 });
    expect(subcentre.received).toHaveLength(1);
    expect(subcentre.received[0]).toMatchObject({
      number: t.number,
      version: t.version,
      ticket: { status: "awaiting_sign", requester: { name: "张三", phone: "13800138000" } },
    });
    // The unit's system now holds the requester: that is a logged view of personal data.
    const logged = (await app.ctx.db.execute(sql`select actor_id, purpose from personal_data_access where ticket_id = ${t.id}`)) as unknown as {
      rows: { actor_id: string; purpose: string }[];
    };
    expect(logged.rows).toEqual([expect.objectContaining({ actor_id: "handover:GZ-SC-SW" })]);

    const sign = await handOver([{ id: "SW-IN-1", kind: "command", ticket: t.number, command: { kind: "sign", version: t.version } }]);
    expect(sign.body.items[0]).toMatchObject({ ok: true, status: "handling" });
    const fb = await handOver([
      {
        id: "SW-IN-2",
        kind: "command",
        ticket: t.number,
        command: {
          kind: "submitFeedback",
          version: sign.body.items[0]!.version,
          handledAt: new Date(clock.value).toISOString(),
          process: "增开窗口。",
          result: "已增开两个窗口并告知诉求人。",
          requesterInformedBy: "phone",
        },
      },
    ]);
    expect(fb.body.items[0]).toMatchObject({ ok: true, status: "awaiting_review" });
    // Review belongs to the hotline on a ticket it dispatched.
    const review = await handOver([
      { id: "SW-IN-3", kind: "command", ticket: t.number, command: { kind: "reviewFeedback", version: fb.body.items[0]!.version, approved: true, reason: "" } },
    ]);
    expect(review.body.items[0]).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const now = (await app.ctx.db.execute(sql`select status, version from ticket where id = ${t.id}`)) as unknown as {
      rows: { status: string; version: number }[];
    };
    expect(now.rows[0]).toEqual({ status: "awaiting_review", version: fb.body.items[0]!.version });
  });

  it("GX-22 a whistle-blower's report reaches the sub-centre's system with the requester masked, and no access is logged", async () => {
    await pushHandover(app.ctx); // the steps of the test before
    subcentre.received.length = 0;
    let t = await newTicket(app.ctx, "guangzhou", complaint(clock.value, { type: "report", content: "举报某企业虚开发票。", category: "税务" }));
    t = await must(app.ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: taxId });
    expect(await pushHandover(app.ctx)).toEqual({ sent: 1, waiting: 0 });
    expect(subcentre.received[0]!.ticket.requester).toMatchObject({ name: "张*", phone: "138****8000" });
    const logged = (await app.ctx.db.execute(sql`select count(*)::int as n from personal_data_access where ticket_id = ${t.id}`)) as unknown as {
      rows: { n: number }[];
    };
    expect(Number(logged.rows[0]!.n)).toBe(0);
  });

  it("GZ-7 the interface refuses a wrong signature, an unknown unit, another unit's ticket and a malformed item, changing nothing", async () => {
    const before = await ticketCount();
    expect((await handOver([{ id: "X-1", kind: "contact", contact }], { secret: "not-the-secret-012345" })).status).toBe(401);
    expect((await handOver([{ id: "X-1", kind: "contact", contact }], { unitCode: "GZ-SC-HG" })).status).toBe(401);
    const bad = await handOver([{ id: "X-2", kind: "contact", contact: { ...contact, type: "rumour" } }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.field).toMatch(/^items\.0\.contact\.type/);
    const other = await newTicket(app.ctx, "guangzhou", complaint(clock.value));
    const foreign = await handOver([{ id: "X-3", kind: "command", ticket: other.number, command: { kind: "addInformation", version: 1, text: "x" } }]);
    expect(foreign.body.items[0]).toMatchObject({ ok: false, error: { code: "TICKET_NOT_FOUND" } });
    // The sub-centre cannot use its own-line powers to send its ticket to another unit.
    const own = await handOver([{ id: "X-4", kind: "contact", contact: { ...contact, content: "海关通关咨询（非本单位事项）", handleSelf: false } }]);
    expect(own.body.items[0]).toMatchObject({ ok: true, status: "awaiting_dispatch" });
    const away = await handOver([
      {
        id: "X-5",
        kind: "command",
        ticket: own.body.items[0]!.number,
        command: { kind: "dispatch", version: own.body.items[0]!.version, leadUnitId: await unitId(app.ctx, "GZ-TH") },
      },
    ]);
    expect(away.body.items[0]).toMatchObject({ ok: false, error: { field: "leadUnitId", rule: "GZ-7" } });
    expect(await ticketCount()).toBe(before + 2);
  });

  it("GZ-28 a dual-number unit's staff record a call of its own line in the console: its ticket, handled by itself; other units' staff take no calls", async () => {
    const gd = await unitId(app.ctx, "GZ-DN-GD");
    const post = (unit: string, body: unknown) =>
      fetch(`${server.url}/api/v1/jurisdictions/guangzhou/contacts`, {
        method: "POST",
        headers: { authorization: `Bearer ${app.seed.adminToken}`, "x-act-as-role": "unit_handler", "x-act-as-unit": unit, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const call = {
      channel: "dual_number",
      requester: { name: "孙八", phone: "13700137000" },
      type: "help",
      content: "小区停电两小时，何时恢复？",
      location: { district: "海珠区" },
    };
    const me = (await (
      await fetch(`${server.url}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${app.seed.adminToken}`, "x-act-as-role": "unit_handler", "x-act-as-unit": gd },
      })
    ).json()) as { user: { ownLineUnitKind: string | null } };
    expect(me.user.ownLineUnitKind).toBe("dual_number_unit");
    const r = await post(gd, call);
    expect(r.status).toBe(201);
    const body = (await r.json()) as { ticket: { id: string; status: string; channel: string; ownLineUnitId: string; requester: { phone: string } } };
    expect(body.ticket).toMatchObject({ status: "handling", channel: "dual_number", ownLineUnitId: gd, requester: { phone: "137****7000" } });
    expect(((await (await post(gd, { ...call, outcome: { decision: "out_of_jurisdiction" } })).json()) as { error: unknown }).error).toMatchObject({
      field: "outcome.decision",
      rule: "GZ-7",
    });
    expect((await post(await unitId(app.ctx, "GZ-TH"), { ...call, channel: "phone" })).status).toBe(403);
  });

  it("GZ-7 GZ-24 the sub-centre is assessed like a unit, ranked among sub-centres, down to its tickets", async () => {
    const r = await assessMonth(app.ctx, actors.supervisor, "guangzhou", "2026-11");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const line = r.value.units.find((u) => u.unitCode === "GZ-SC-SW");
    expect(line).toMatchObject({ unitClass: "分中心", rankInClass: 1 });
    const concluded = line!.indicators.find((i) => i.id === "satisfaction");
    expect(concluded?.countedNumbers.length).toBeGreaterThanOrEqual(1);
  });
});
