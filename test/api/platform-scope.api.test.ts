import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { unitId } from "../support/tickets.ts";
import { DEMO_PASSWORD, seedDemoUsers } from "../../src/app/seed/demo-users.ts";

// One deployment, two cities: nothing of Nanning reaches Guangzhou's staff or the tokens
// Guangzhou's admin makes, on any list, export, record or write route; and within Guangzhou,
// one unit's staff see nothing of another unit's tickets.

let t: TestApp;
let server: { url: string; close: () => Promise<void> };
type Json = Record<string, any>;
interface Session {
  cookie: string;
  csrf: string;
}
const s: Record<string, Session> = {};
let TH: string;
let HZ: string;
let NN_QX: string;
const nn: Record<string, string> = {};
let thTicket = "";
let hzTicket = "";

async function req(method: string, path: string, session?: Session, body?: unknown, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) };
  if (session) {
    h["cookie"] = session.cookie;
    h["x-csrf-token"] = session.csrf;
  }
  const res = await fetch(`${server.url}${path}`, { method, headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = res.headers.get("content-type")?.includes("json") ? await res.text() : "";
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json, raw: text };
}

async function login(username: string): Promise<Session> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const b = (await res.json()) as Json;
  if (res.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(b)}`);
  return { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "", csrf: b["csrfToken"] };
}

const contact = (district: string) => ({
  channel: "phone",
  requester: { name: "邕州甲", phone: "13977112345" },
  type: "complaint",
  content: "小区门口夜间施工噪音扰民，请处理。",
  location: { district },
});

beforeAll(async () => {
  t = await openTestApp();
  await seedDemoUsers(t.ctx, "guangzhou");
  await seedDemoUsers(t.ctx, "nanning");
  server = await startServer(t.ctx);
  [TH, HZ, NN_QX] = (await Promise.all(["GZ-TH", "GZ-HZ", "NN-QX"].map((c) => unitId(t.ctx, c)))) as [string, string, string];
  for (const u of ["gz_admin", "gz_supervisor", "gz_dispatcher", "gz_unit_handler", "nn_admin", "nn_operator", "nn_dispatcher"]) s[u] = await login(u);

  // Nanning's own data: a ticket with its SMS, a reveal, an article, a catalogue entry, a token.
  const made = await req("POST", "/api/v1/jurisdictions/nanning/contacts", s["nn_operator"], contact("青秀区"));
  expect(made.status).toBe(201);
  nn["ticket"] = made.body["ticket"]["id"];
  nn["number"] = made.body["ticket"]["number"];
  const d = await req("POST", `/api/v1/tickets/${nn["ticket"]}/dispatch`, s["nn_dispatcher"], { version: 1, leadUnitId: NN_QX });
  expect(d.status).toBe(200);
  expect((await req("POST", `/api/v1/tickets/${nn["ticket"]}/requester/reveal`, s["nn_admin"], { purpose: "verify" })).status).toBe(200);
  const art = await req("POST", "/api/v1/jurisdictions/nanning/knowledge/articles", s["nn_admin"], {
    question: "南宁居住证怎么办理？",
    answer: "携带身份证到派出所办理。",
    ownerUnitId: NN_QX,
    validFrom: "2026-01-01",
    reason: "新增",
  });
  expect(art.status).toBe(201);
  nn["article"] = art.body["id"] ?? art.body["article"]?.["id"];
  const entry = await req("POST", "/api/v1/jurisdictions/nanning/catalogue", s["nn_admin"], {
    category: "噪音扰民",
    leadUnitId: NN_QX,
    legalBasis: "《噪声污染防治法》",
    source: { kind: "power_list", document: "权责清单", clause: "第3项" },
    reason: "新增",
  });
  expect(entry.status).toBe(201);
  nn["entry"] = entry.body["id"];
  nn["entryKey"] = entry.body["entryKey"];
  const tok = await req("POST", "/api/v1/admin/tokens", s["nn_admin"], { name: "南宁网站", scopes: ["integration"] });
  expect(tok.status).toBe(201);
  nn["token"] = tok.body["id"];
  const accounts = (await t.ctx.db.execute(sql`select id::text from app_user where username = 'nn_operator'`)) as unknown as { rows: { id: string }[] };
  nn["user"] = accounts.rows[0]?.id ?? "";

  // Guangzhou: one ticket with 天河区 and one with 海珠区, for the two units' staff.
  for (const [unit, district] of [
    [TH, "天河区"],
    [HZ, "海珠区"],
  ] as const) {
    const c = await req(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      s["gz_admin"],
      { ...contact(district), requester: { name: "羊城乙", phone: "13800138001" } },
      {},
    );
    expect(c.status).toBe(201);
    const id = c.body["ticket"]["id"];
    expect((await req("POST", `/api/v1/tickets/${id}/dispatch`, s["gz_dispatcher"], { version: 1, leadUnitId: unit })).status).toBe(200);
    if (unit === TH) thTicket = id;
    else hzTicket = id;
  }
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** Everything Nanning's data could show up as, in an answer's text. */
function leaksNanning(text: string): string[] {
  return [nn["ticket"], nn["number"], nn["article"], nn["entry"], nn["token"], nn["user"], "13977112345", "nanning", "南宁"].filter(
    (x): x is string => !!x && text.includes(x),
  );
}

describe("one platform's staff reach nothing of another platform", () => {
  it("every route with a platform in its path refuses another platform with 403 naming the field, and changes nothing", async () => {
    const doc = (await fetch(`${server.url}/docs/json`).then((r) => r.json())) as { paths: Record<string, Record<string, unknown>> };
    // Citizens' portal routes, channel webhooks, the signed pushes of the telephony system and
    // of handover partners, and the unit directory the portal shows take no staff; every other
    // route with a platform in it does.
    const signed = (p: string) => p.endsWith("/telephony/events") || p.endsWith("/handover/{unitCode}/items");
    const directory = (p: string) => p === "/api/v1/jurisdictions/{jurisdiction}/units" || p === "/api/jurisdictions/{jurisdiction}/units";
    const paths = Object.entries(doc.paths).filter(
      ([p]) => p.includes("{jurisdiction}") && !p.startsWith("/api/public/") && !p.startsWith("/channels/") && !signed(p) && !directory(p),
    );
    expect(paths.length).toBeGreaterThan(30);
    const before = await footprint();
    const seen: string[] = [];
    for (const [p, ops] of paths) {
      const url = p.replace("{jurisdiction}", "nanning").replace(/\{[a-zA-Z]+\}/g, "00000000-0000-4000-8000-000000000000");
      for (const method of Object.keys(ops).filter((m) => ["get", "post", "put", "delete"].includes(m))) {
        const r = await req(method.toUpperCase(), url, s["gz_admin"], method === "get" || method === "delete" ? undefined : {});
        seen.push(`${method} ${p}`);
        expect([`${method} ${p}`, r.status, r.body["error"]?.["field"]]).toEqual([`${method} ${p}`, 403, "jurisdiction"]);
        // The refusal names the platform asked for, and nothing of its data.
        expect(leaksNanning(r.raw).filter((x) => x !== "nanning")).toEqual([]);
      }
    }
    expect(seen.length).toBeGreaterThan(35);
    expect(await footprint()).toBe(before);
  });

  it("every list, figure and export that takes the platform as ?jurisdiction= refuses another platform", async () => {
    const range = "from=2026-01-01T00:00:00%2B08:00&to=2026-12-31T00:00:00%2B08:00";
    const queries = [
      "/api/v1/tickets?jurisdiction=nanning",
      "/api/v1/admin/users?jurisdiction=nanning",
      "/api/v1/admin/notices?jurisdiction=nanning",
      `/api/v1/analytics/summary?jurisdiction=nanning&${range}`,
      `/api/v1/analytics/counts?jurisdiction=nanning&${range}&groupBy=channel`,
      "/api/v1/analytics/hotspots?jurisdiction=nanning",
      `/api/v1/analytics/report?jurisdiction=nanning&${range}`,
      `/api/v1/analytics/report.xlsx?jurisdiction=nanning&${range}`,
      "/api/v1/analytics/hotspot-alerts?jurisdiction=nanning",
      "/api/v1/assessment/monthly?jurisdiction=nanning&month=2026-11",
      "/api/v1/assessment/monthly.xlsx?jurisdiction=nanning&month=2026-11",
      "/api/v1/assessment/yearly?jurisdiction=nanning&year=2026",
    ];
    for (const q of queries) {
      const r = await req("GET", q, s["gz_admin"]);
      expect([q, r.status, r.body["error"]?.["field"]]).toEqual([q, 403, "jurisdiction"]);
    }
    // Nanning's admin asking the same of Nanning is answered: the refusal is about the platform.
    expect((await req("GET", "/api/v1/tickets?jurisdiction=nanning", s["nn_admin"])).status).toBe(200);
  });

  it("lists without a platform answer the viewer's platform only", async () => {
    const lists = [
      "/api/v1/tickets",
      "/api/v1/tickets?sort=due_asc",
      "/api/v1/admin/notices",
      "/api/v1/admin/audit",
      "/api/v1/admin/tokens",
      "/api/v1/admin/personal-data-access",
      "/api/v1/exchange/tickets",
      `/api/v1/catalogue/entries/${nn["entryKey"]}/history`,
    ];
    for (const l of lists) {
      const r = await req("GET", l, s["gz_admin"]);
      expect([l, r.status]).toEqual([l, 200]);
      expect([l, leaksNanning(r.raw)]).toEqual([l, []]);
    }
    // The same lists do hold Nanning's rows for Nanning's admin (the test data is there).
    const own = await req("GET", "/api/v1/admin/notices", s["nn_admin"]);
    expect(own.body["notices"].some((n: Json) => n["ticketId"] === nn["ticket"])).toBe(true);
    expect((await req("GET", "/api/v1/admin/audit", s["nn_admin"])).body["entries"].length).toBeGreaterThan(0);
    expect((await req("GET", "/api/v1/admin/personal-data-access", s["nn_admin"])).body["accesses"].some((a: Json) => a["ticketId"] === nn["ticket"])).toBe(
      true,
    );
    expect((await req("GET", "/api/v1/admin/tokens", s["nn_admin"])).body["tokens"].map((x: Json) => x["id"])).toEqual([nn["token"]]);
    expect((await req("GET", "/api/v1/tickets", s["nn_admin"])).body["tickets"].map((x: Json) => x["id"])).toContain(nn["ticket"]);
  });

  it("records of another platform reached by id do not exist (404), and writes to them change nothing", async () => {
    const before = await footprint();
    const z = "00000000-0000-4000-8000-000000000000";
    const reads = [
      `/api/v1/tickets/${nn["ticket"]}`,
      `/api/v1/tickets/${nn["ticket"]}/events`,
      `/api/v1/tickets/${nn["ticket"]}/related`,
      `/api/v1/tickets/${nn["ticket"]}/attachments`,
      `/api/v1/tickets/${nn["ticket"]}/archive-records`,
      `/api/v1/tickets/${nn["ticket"]}/dispatch-proposal`,
      `/api/v1/knowledge/articles/${nn["article"]}`,
      `/api/v1/units/${NN_QX}/misconduct`,
    ];
    for (const p of reads) {
      const r = await req("GET", p, s["gz_admin"]);
      expect([p, r.status]).toEqual([p, 404]);
      expect(leaksNanning(r.raw).filter((x) => x !== nn["ticket"] && x !== nn["article"])).toEqual([]);
    }
    const writes: [string, unknown][] = [
      [`/api/v1/tickets/${nn["ticket"]}/addInformation`, { version: 2, text: "补充" }],
      [`/api/v1/tickets/${nn["ticket"]}/requester/reveal`, { purpose: "verify" }],
      [`/api/v1/tickets/${nn["ticket"]}/merge`, { targetId: thTicket, reason: "同一事项" }],
      [`/api/v1/tickets/${thTicket}/merge`, { targetId: nn["ticket"], reason: "同一事项" }],
      [`/api/v1/knowledge/articles/${nn["article"]}/decision`, { version: 1, decision: "approve", reason: "同意" }],
      [`/api/v1/catalogue/disputes/${z}/decide`, { accepted: true, note: "同意" }],
      [`/api/v1/admin/users/${nn["user"]}/reset-password`, {}],
      [`/api/v1/admin/tokens/${nn["token"]}/revoke`, {}],
    ];
    for (const [p, body] of writes) {
      const r = await req("POST", p, s["gz_admin"], body);
      expect([p, r.status]).toEqual([p, 404]);
    }
    const bulk = await req("POST", "/api/v1/tickets/bulk/adjustDeadline", s["gz_admin"], {
      ticketIds: [nn["ticket"]],
      due: "2026-12-31T17:00:00+08:00",
      reason: "台风",
    });
    expect(bulk.body["adjusted"]).toEqual([]);
    expect(bulk.body["refused"][0]["error"]["code"]).toBe("TICKET_NOT_FOUND");
    const account = await req("POST", "/api/v1/admin/users", s["gz_admin"], {
      jurisdictionId: "nanning",
      username: "gz_made_nn",
      displayName: "越权",
      password: "abcdef123456",
      role: "operator",
    });
    expect([account.status, account.body["error"]["field"]]).toEqual([403, "jurisdictionId"]);
    expect(await footprint()).toBe(before);
  });

  it("a token a city's admin makes acts for that city only", async () => {
    const made = await req("POST", "/api/v1/admin/tokens", s["gz_admin"], { name: "广州集成", scopes: ["admin"] });
    expect(made.status).toBe(201);
    const bearer = { authorization: `Bearer ${made.body["token"]}` };
    expect((await req("GET", "/api/v1/tickets?jurisdiction=nanning", undefined, undefined, bearer)).status).toBe(403);
    expect((await req("GET", `/api/v1/tickets/${nn["ticket"]}`, undefined, undefined, { ...bearer, "x-act-as-role": "dispatcher" })).status).toBe(404);
    const mine = await req("GET", "/api/v1/tickets", undefined, undefined, { ...bearer, "x-act-as-role": "dispatcher" });
    expect(mine.status).toBe(200);
    expect(leaksNanning(mine.raw)).toEqual([]);
    expect(mine.body["tickets"].map((x: Json) => x["id"])).toContain(thTicket);
    // The deployment's own token still reaches both.
    const all = await req("GET", `/api/v1/tickets/${nn["ticket"]}`, undefined, undefined, {
      authorization: `Bearer ${t.seed.adminToken}`,
      "x-act-as-role": "dispatcher",
    });
    expect(all.status).toBe(200);
  });
});

describe("the SMS log", () => {
  it("masks every recipient; the full number is a reveal with a purpose, logged as a view of personal data", async () => {
    const log = await req("GET", "/api/v1/admin/notices", s["nn_admin"]);
    const mine = log.body["notices"].find((n: Json) => n["ticketId"] === nn["ticket"]);
    expect(mine["recipient"]).toBe("139****2345");
    expect(log.raw).not.toContain("13977112345");
    const before = (await req("GET", "/api/v1/admin/personal-data-access", s["nn_admin"])).body["accesses"].length;
    expect((await req("POST", `/api/v1/admin/notices/${mine["id"]}/recipient/reveal`, s["gz_admin"], { purpose: "核查投递失败" })).status).toBe(404);
    const shown = await req("POST", `/api/v1/admin/notices/${mine["id"]}/recipient/reveal`, s["nn_admin"], { purpose: "核查投递失败" });
    expect(shown.body).toEqual({ recipient: "13977112345" });
    const after = (await req("GET", "/api/v1/admin/personal-data-access", s["nn_admin"])).body["accesses"];
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ ticketId: nn["ticket"], requesterPhone: "139****2345", jurisdictionId: "nanning" });
    expect(JSON.stringify(after)).not.toContain("13977112345");
    expect(after[0]["purpose"]).toContain("核查投递失败");
  });
});

describe("one unit's staff reach nothing of another unit's tickets", () => {
  it("天河区's handler lists, opens and exports 天河区's tickets, never 海珠区's", async () => {
    const list = await req("GET", "/api/v1/tickets", s["gz_unit_handler"]);
    const ids = list.body["tickets"].map((x: Json) => x["id"]);
    expect(ids).toContain(thTicket);
    expect(ids).not.toContain(hzTicket);
    expect((await req("GET", `/api/v1/tickets?unit=${HZ}`, s["gz_unit_handler"])).body["tickets"]).toEqual([]);
    for (const p of [
      `/api/v1/tickets/${hzTicket}`,
      `/api/v1/tickets/${hzTicket}/events`,
      `/api/v1/tickets/${hzTicket}/attachments`,
      `/api/v1/units/${HZ}/misconduct`,
    ]) {
      expect([p, (await req("GET", p, s["gz_unit_handler"])).status]).toEqual([p, 404]);
    }
    expect((await req("GET", `/api/v1/tickets/${thTicket}`, s["gz_unit_handler"])).status).toBe(200);
    expect((await req("GET", `/api/v1/units/${TH}/misconduct`, s["gz_unit_handler"])).status).toBe(200);
    const sign = await req("POST", `/api/v1/tickets/${hzTicket}/sign`, s["gz_unit_handler"], { version: 2 });
    expect(sign.status).toBe(404);
  });
});

/** Row counts of every table a refused request could have written to. */
async function footprint(): Promise<string> {
  const r = (await t.ctx.db
    .execute(sql`select (select count(*) from ticket)::int t, (select count(*) from ticket_event)::int e, (select coalesce(sum(version), 0) from ticket)::int v,
    (select count(*) from app_user)::int u, (select count(*) from api_token where revoked_at is null)::int k, (select count(*) from knowledge_article_version)::int kv,
    (select count(*) from catalogue_entry)::int ce, (select count(*) from personal_data_access)::int pda, (select count(*) from outbound_message)::int om,
    (select count(*) from misconduct_record)::int mr, (select count(*) from leader_session)::int ls, (select count(*) from archive_record)::int ar, (select count(*) from unit)::int un,
    (select count(*) from category)::int ca, (select count(*) from handover_link)::int hl, (select count(*) from assessment_appeal)::int ap, (select count(*) from knowledge_question)::int kq,
    (select count(*) from session)::int se`)) as unknown as { rows: unknown[] };
  return JSON.stringify(r.rows[0]);
}
