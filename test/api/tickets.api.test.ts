import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let token: string;
let TH: string;
let HZ: string;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
  token = t.seed.adminToken ?? "";
  TH = await unitId(t.ctx, "GZ-TH");
  HZ = await unitId(t.ctx, "GZ-HZ");
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

type Json = Record<string, any>;
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const as = (role: string, unit?: string) => ({ "x-act-as-role": role, ...(unit ? { "x-act-as-unit": unit } : {}) });
const contact = {
  channel: "web",
  requester: { name: "王五", phone: "13700001111" },
  type: "complaint",
  content: "路灯不亮已一周",
  location: { district: "天河区" },
};

async function contactCount(): Promise<number> {
  const r = (await t.ctx.db.execute(sql`select count(*)::int as n from contact`)) as unknown as { rows: { n: number }[] };
  return r.rows[0]?.n ?? 0;
}

describe("/api/v1 over real HTTP", () => {
  it("GZ-2 intake over HTTP makes a ticket; the same Idempotency-Key answers the same ticket", async () => {
    const a = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", contact, { ...as("operator"), "idempotency-key": "web-form-42" });
    expect(a.status).toBe(201);
    expect(a.body["ticket"]["number"]).toMatch(/^GZ20261102\d{6}$/);
    const b = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", contact, { ...as("operator"), "idempotency-key": "web-form-42" });
    expect(b.status).toBe(200);
    expect(b.body["ticket"]["id"]).toBe(a.body["ticket"]["id"]);
    expect(b.body["replayed"]).toBe(true);
  });

  it("unknown fields, malformed JSON, bad values and oversized bodies get a 4xx naming the problem, and store nothing", async () => {
    const before = await contactCount();
    const unknown = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, priority: "high" }, as("operator"));
    expect(unknown.status).toBe(400);
    expect(unknown.body["error"]).toMatchObject({ code: "INVALID_ARGUMENT", field: "priority", messageEn: "unknown field(s): priority" });
    const badType = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, type: "rumour" }, as("operator"));
    expect(badType.body["error"]).toMatchObject({ field: "type" });
    expect(badType.body["error"]["message"]).toContain("字段 type 无效");
    const malformed = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", '{"channel": "web",', as("operator"));
    expect(malformed.status).toBe(400);
    expect(malformed.body["error"]["message"]).toMatch(/^请求无效/);
    const huge = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, content: "噪".repeat(1_100_000) }, as("operator"));
    expect(huge.status).toBe(413);
    expect(await contactCount()).toBe(before);
  });

  it("10 000 Chinese characters with HTML, script and SQL fragments are stored and returned as text", async () => {
    const prefix = `<script>alert(1)</script><img src=x onerror=alert(2)>'; drop table ticket; -- 😀`;
    const nasty = prefix + "投".repeat(10_000 - [...prefix].length);
    expect([...nasty].length).toBe(10_000);
    const r = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, content: nasty }, as("operator"));
    expect(r.status).toBe(201);
    const back = await call("GET", `/api/v1/tickets/${r.body["ticket"]["id"]}`, undefined, as("dispatcher"));
    expect(back.body["ticket"]["content"]).toBe(nasty);
    const tooLong = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, content: `${nasty}投` }, as("operator"));
    expect(tooLong.body["error"]).toMatchObject({ field: "content", messageEn: "content is longer than 10000 characters" });
  });

  it("GZ-13.2 GZ-17.2 dispatch and sign over HTTP; a stale version gets 409 with the current one; the unit sees only its own tickets", async () => {
    const created = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", contact, as("operator"));
    const id = created.body["ticket"]["id"];
    const page = await call("GET", `/api/v1/tickets/${id}`, undefined, as("dispatcher"));
    expect(page.body["allowedCommands"]).toEqual(["dispatch", "addInformation"]);
    const d = await call("POST", `/api/v1/tickets/${id}/dispatch`, { version: 1, leadUnitId: TH }, as("dispatcher"));
    expect(d.status).toBe(200);
    expect(d.body["ticket"]).toMatchObject({ status: "awaiting_sign", version: 2 });
    expect(d.body["events"][0]).toMatchObject({ rule: "GZ-17.2", data: { type: "Dispatched" } });

    const stale = await call("POST", `/api/v1/tickets/${id}/dispatch`, { version: 1, leadUnitId: HZ }, as("dispatcher"));
    expect(stale.status).toBe(409);
    expect(stale.body["error"]).toMatchObject({ code: "VERSION_CONFLICT", field: "version" });
    expect(stale.body["error"]["message"]).toContain("当前版本 2");

    expect((await call("GET", `/api/v1/tickets/${id}`, undefined, as("unit_handler", HZ))).status).toBe(404);
    const mine = await call("GET", `/api/v1/tickets/${id}`, undefined, as("unit_handler", TH));
    expect(mine.body["allowedCommands"]).toEqual(["sign", "requestReturn"]);
    const s = await call("POST", `/api/v1/tickets/${id}/sign`, { version: 2 }, as("unit_handler", TH));
    expect(s.body["ticket"]["status"]).toBe("handling");
    const hist = await call("GET", `/api/v1/tickets/${id}/events`, undefined, as("dispatcher"));
    expect(hist.body["events"].map((e: Json) => e["data"]["type"])).toEqual(["TicketCreated", "Dispatched", "Signed"]);
    const forbidden = await call("POST", `/api/v1/tickets/${id}/conclude`, { version: 3 }, as("unit_handler", TH));
    expect(forbidden.status).toBe(409);
    expect(forbidden.body["error"]["code"]).toBe("COMMAND_NOT_ALLOWED");
  });

  it("lists tickets with filters and cursor pagination, newest first", async () => {
    for (let i = 0; i < 5; i++) {
      clock.value += 60_000;
      await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, channel: "mailbox", content: `信箱来信 ${i}` }, as("operator"));
    }
    const first = await call("GET", "/api/v1/tickets?jurisdiction=guangzhou&channel=mailbox&limit=3", undefined, as("dispatcher"));
    expect(first.body["tickets"].map((x: Json) => x["content"])).toEqual(["信箱来信 4", "信箱来信 3", "信箱来信 2"]);
    const second = await call(
      "GET",
      `/api/v1/tickets?jurisdiction=guangzhou&channel=mailbox&limit=3&cursor=${first.body["nextCursor"]}`,
      undefined,
      as("dispatcher"),
    );
    expect(second.body["tickets"].map((x: Json) => x["content"])).toEqual(["信箱来信 1", "信箱来信 0"]);
    expect(second.body["nextCursor"]).toBeNull();
    const bad = await call("GET", "/api/v1/tickets?limit=5000", undefined, as("dispatcher"));
    expect(bad.status).toBe(400);
    expect(bad.body["error"]["field"]).toBe("limit");
  });

  it("GX-28 tickets are found by their number or the words of the request, with the other filters (archived ones of a period); a unit finds only its own", async () => {
    const made: Json[] = [];
    const id = (i: number): string => made[i]?.["id"];
    for (const content of ["小区电梯长期故障，物业一直不维修", "电梯间墙面脱落", "楼道灯坏了"]) {
      clock.value += 60_000;
      made.push((await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, content }, as("operator"))).body["ticket"]);
    }
    const search = async (q: string, extra = "", role = "dispatcher", unit?: string) =>
      call("GET", `/api/v1/tickets?jurisdiction=guangzhou&q=${encodeURIComponent(q)}${extra}`, undefined, as(role, unit));
    expect((await search("电梯故障")).body["tickets"].map((x: Json) => x["id"])).toEqual([id(0)]);
    expect((await search("电梯")).body["tickets"].map((x: Json) => x["id"]).sort()).toEqual([id(0), id(1)].sort());
    expect((await search(made[2]?.["number"].toLowerCase())).body["tickets"].map((x: Json) => x["id"])).toEqual([id(2)]);
    expect((await search("电梯", "&status=archived")).body["tickets"]).toEqual([]);
    expect((await search("电梯", `&from=${encodeURIComponent(new Date(clock.value + 1).toISOString())}`)).body["tickets"]).toEqual([]);
    const bad = await search("灯");
    expect([bad.status, bad.body["error"]["field"]]).toEqual([400, "q"]);
    // A unit searches its own tickets only.
    expect((await search("电梯", "", "unit_handler", TH)).body["tickets"]).toEqual([]);
    expect(
      (await call("POST", `/api/v1/tickets/${id(1)}/dispatch`, { version: made[1]?.["version"], leadUnitId: TH, overrideReason: "测试" }, as("dispatcher")))
        .status,
    ).toBe(200);
    expect((await search("电梯", "", "unit_handler", TH)).body["tickets"].map((x: Json) => x["id"])).toEqual([id(1)]);
  });

  it("requests without a token are refused; OpenAPI is served at /docs", async () => {
    const res = await fetch(`${server.url}/api/v1/tickets`);
    expect(res.status).toBe(401);
    const doc = (await (await fetch(`${server.url}/docs/json`)).json()) as Json;
    expect(Object.keys(doc["paths"])).toEqual(expect.arrayContaining(["/api/v1/jurisdictions/{jurisdiction}/contacts", "/api/v1/tickets/{id}/dispatch"]));
  });
});

describe("private by default over HTTP", () => {
  it("GZ-25 GX-22 a whistle-blower's name and phone are masked for the unit reported to, who cannot reveal them; lists and history are masked", async () => {
    const c = await call(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      { ...contact, type: "report", requester: { name: "钱七", phone: "13911112222" } },
      as("operator"),
    );
    expect(JSON.stringify(c.body)).not.toContain("13911112222");
    const id = c.body["ticket"]["id"];
    await call("POST", `/api/v1/tickets/${id}/dispatch`, { version: 1, leadUnitId: TH, overrideReason: "测试" }, as("dispatcher"));
    const unitView = await call("GET", `/api/v1/tickets/${id}`, undefined, as("unit_handler", TH));
    expect(unitView.body["ticket"]["requester"]).toMatchObject({ name: "钱*", phone: "139****2222" });
    expect(unitView.body["mayRevealRequester"]).toBe(false);
    const refused = await call("POST", `/api/v1/tickets/${id}/requester/reveal`, { purpose: "contact" }, as("unit_handler", TH));
    expect(refused.status).toBe(403);
    expect(refused.body["error"]).toMatchObject({ code: "FORBIDDEN", rule: "GX-22" });
    const unitHistory = await call("GET", `/api/v1/tickets/${id}/events`, undefined, as("unit_handler", TH));
    expect(JSON.stringify(unitHistory.body)).not.toContain("13911112222");
    const list = await call("GET", "/api/v1/tickets?jurisdiction=guangzhou&limit=200", undefined, as("dispatcher"));
    expect(JSON.stringify(list.body)).not.toContain("13911112222");
    const log = await call("GET", `/api/v1/admin/personal-data-access?ticket=${id}`, undefined, as("admin"));
    expect(log.body["accesses"]).toEqual([]);
  });

  it("GZ-25 staff who need the requester see it only by asking with a purpose; each reveal is logged with who, ticket and why", async () => {
    const c = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, requester: { name: "孙八", phone: "13922223333" } }, as("operator"));
    const id = c.body["ticket"]["id"];
    const dispatcherView = await call("GET", `/api/v1/tickets/${id}`, undefined, as("dispatcher"));
    expect(dispatcherView.body["ticket"]["requester"]).toMatchObject({ name: "孙*", phone: "139****3333" });
    expect(dispatcherView.body["mayRevealRequester"]).toBe(true);
    const noPurpose = await call("POST", `/api/v1/tickets/${id}/requester/reveal`, {}, as("dispatcher"));
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body["error"]["field"]).toBe("purpose");
    const otherWithout = await call("POST", `/api/v1/tickets/${id}/requester/reveal`, { purpose: "other" }, as("dispatcher"));
    expect(otherWithout.body["error"]).toMatchObject({ code: "INVALID_ARGUMENT", field: "note" });
    expect((await call("GET", `/api/v1/admin/personal-data-access?ticket=${id}`, undefined, as("admin"))).body["accesses"]).toEqual([]);
    const seen = await call("POST", `/api/v1/tickets/${id}/requester/reveal`, { purpose: "dispatch" }, as("dispatcher"));
    expect(seen.status).toBe(200);
    expect(seen.body["requester"]).toMatchObject({ name: "孙八", phone: "13922223333" });
    expect((await call("POST", `/api/v1/tickets/${id}/requester/reveal`, { purpose: "verify" }, as("analyst"))).status).toBe(403);
    const log = await call("GET", `/api/v1/admin/personal-data-access?ticket=${id}`, undefined, as("admin"));
    expect(log.body["accesses"]).toEqual([
      expect.objectContaining({ role: "dispatcher", ticketId: id, requesterPhone: "139****3333", purpose: "派单核实 / check before dispatch" }),
    ]);
    // The same log by the ticket's number and a period, in words: who by name, why in Chinese.
    const number = c.body["ticket"]["number"];
    const byNumber = await call(
      "GET",
      `/api/v1/admin/personal-data-access?number=${number}&from=2000-01-01T00:00:00%2B08:00&to=2100-01-01T00:00:00%2B08:00`,
      undefined,
      as("admin"),
    );
    expect(byNumber.body["accesses"]).toEqual([
      expect.objectContaining({ ticketId: id, ticketNumber: number, purposeText: "派单核实", actorName: expect.any(String) }),
    ]);
    expect(
      (
        await call(
          "GET",
          `/api/v1/admin/personal-data-access?number=${number}&from=2000-01-01T00:00:00%2B08:00&to=2000-01-02T00:00:00%2B08:00`,
          undefined,
          as("admin"),
        )
      ).body["accesses"],
    ).toEqual([]);
    expect((await call("GET", "/api/v1/admin/personal-data-access?number=GZ20000101999999", undefined, as("admin"))).body["accesses"]).toEqual([]);
    expect((await call("GET", `/api/v1/admin/personal-data-access?ticket=${id}`, undefined, as("dispatcher"))).status).toBe(403);
  });
});

describe("request ids", () => {
  it("every answer names its request; the events a request writes carry its id, the caller's X-Request-Id when it gives one", async () => {
    const res = await fetch(`${server.url}/api/v1/jurisdictions/guangzhou/contacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-act-as-role": "operator", "x-request-id": "lb-7f3a9c21" },
      body: JSON.stringify({ ...contact, content: "请求编号-测试" }),
    });
    expect(res.headers.get("x-request-id")).toBe("lb-7f3a9c21");
    const id = ((await res.json()) as Json)["ticket"]["id"];
    const d = await fetch(`${server.url}/api/v1/tickets/${id}/dispatch`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-act-as-role": "dispatcher", "x-request-id": "<script>" },
      body: JSON.stringify({ version: 1, leadUnitId: TH, overrideReason: "测试" }),
    });
    const generated = d.headers.get("x-request-id") ?? "";
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const events = (await call("GET", `/api/v1/tickets/${id}/events`, undefined, as("reviewer"))).body["events"] as Json[];
    expect(events.map((e) => e["requestId"])).toEqual(["lb-7f3a9c21", generated]);
  });
});

describe("related tickets", () => {
  it("GZ-11.4 a ticket lists the contacts merged into it and the later progress queries about it; the merged one points to where it went", async () => {
    const a = (await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, content: "关联-主工单" }, as("operator"))).body["ticket"];
    const b = (await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, content: "关联-同一件事" }, as("operator"))).body["ticket"];
    expect((await call("POST", `/api/v1/tickets/${b.id}/merge`, { targetId: a.id, reason: "同一事项" }, as("dispatcher"))).status).toBe(200);
    const query = await call(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      { ...contact, channel: "phone", content: "问进度", outcome: { decision: "progress_notice", linkedTicketId: a.id } },
      as("operator"),
    );
    expect(query.status).toBe(201);
    const related = await call("GET", `/api/v1/tickets/${a.id}/related`, undefined, as("reviewer"));
    expect(related.body).toMatchObject({
      mergedInto: null,
      merged: [{ id: b.id, number: b.number }],
      contacts: [{ channel: "phone", decision: "progress_notice" }],
    });
    expect(JSON.stringify(related.body)).not.toContain("13700001111");
    const back = await call("GET", `/api/v1/tickets/${b.id}/related`, undefined, as("reviewer"));
    expect(back.body["mergedInto"]).toEqual({ id: a.id, number: a.number });
    expect((await call("GET", `/api/v1/tickets/${a.id}/related`, undefined, as("unit_handler", HZ))).status).toBe(404);
  });
});

describe("queues", () => {
  it("GZ-17.2 the dispatcher's queue sorts by time left, with tickets without a limit last, across pages", async () => {
    clock.set("2026-11-03T09:00:00+08:00");
    const ids: string[] = [];
    for (const [type, content] of [
      ["complaint", "队列-投诉"],
      ["consultation", "队列-咨询"],
    ] as const) {
      const c = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, type, content, channel: "gov_cn" }, as("operator"));
      ids.push(c.body["ticket"]["id"]);
      await call("POST", `/api/v1/tickets/${c.body["ticket"]["id"]}/dispatch`, { version: 1, leadUnitId: TH, overrideReason: "测试" }, as("dispatcher"));
    }
    await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, content: "队列-未派", channel: "gov_cn" }, as("operator"));
    const p1 = await call("GET", "/api/v1/tickets?jurisdiction=guangzhou&channel=gov_cn&sort=due_asc&limit=2", undefined, as("dispatcher"));
    expect(p1.body["tickets"].map((x: Json) => x["content"])).toEqual(["队列-咨询", "队列-投诉"]);
    const p2 = await call(
      "GET",
      `/api/v1/tickets?jurisdiction=guangzhou&channel=gov_cn&sort=due_asc&limit=2&cursor=${p1.body["nextCursor"]}`,
      undefined,
      as("dispatcher"),
    );
    expect(p2.body["tickets"].map((x: Json) => x["content"])).toEqual(["队列-未派"]);
  });
});

describe("operations", () => {
  it("Prometheus metrics report request latency by route, intake by channel, open tickets, timer lag and the database pool", async () => {
    await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact, channel: "wechat" }, as("operator"));
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${t.seed.adminToken}` } })).text();
    expect(text).toMatch(/hotline_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/jurisdictions\/:jurisdiction\/contacts"/);
    expect(text).toMatch(/hotline_intake_total\{channel="wechat",type="complaint",decision="ticket"\} [1-9]/);
    expect(text).toMatch(/hotline_open_tickets\{jurisdiction="guangzhou",status="awaiting_dispatch"\} [1-9]/);
    expect(text).toMatch(/hotline_timer_lag_seconds \d/);
    // On PGlite there is no pool to report.
    if (t.databaseUrl) expect(text).toMatch(/hotline_db_pool_connections\{state="idle"\} [1-9]/);
  });
});
