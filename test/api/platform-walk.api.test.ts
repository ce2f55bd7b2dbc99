import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { unitId } from "../support/tickets.ts";
import { type RouteEntry } from "../../src/http/route-table.ts";
import { DEMO_PASSWORD, seedDemoUsers } from "../../src/app/seed/demo-users.ts";
import { seedDemoTickets } from "../../src/app/seed/demo-tickets.ts";
import { seedDemoKnowledge } from "../../src/app/seed/demo-knowledge.ts";
import { seedDemoArchive } from "../../src/app/seed/demo-archive.ts";
import { seedDemoLeaderSessions } from "../../src/app/seed/demo-leader-sessions.ts";
import { ingestCallEvent } from "../../src/app/calls/calls.ts";
import { receiveTickets } from "../../src/app/exchange/receive-tickets.ts";
import { loadTicket } from "../../src/store/repositories/ticket.repository.ts";

// GZ-25, GX-22, GX-16: the scope walk. Every GET route of the server's own route table (not a
// hand-kept list: a new route is walked by itself) is called by Guangzhou's staff (signed in,
// and through a token Guangzhou's admin made) and by the Guangxi region's staff, with Nanning's
// platform, ids, numbers, phones and words in its path and query. Nothing of Nanning may come
// back, and every answer must equal the answer for a platform that does not exist (so a count
// or total that moved with Nanning's data shows too). The same walk runs inside Guangzhou for a
// unit's staff against another unit's ticket. Both platforms hold data in every table walked.

const NOW = Date.parse("2026-12-02T10:00:00+08:00");
const RANGE = "from=2026-10-01T00:00:00%2B08:00&to=2026-12-31T00:00:00%2B08:00";

/** What a walk puts in paths and queries: one platform's (or one unit's) things, or nobody's. */
interface Probe {
  jurisdiction: string;
  ticket: string;
  number: string;
  unit: string;
  phone: string;
  word: string;
  user: string;
  article: string;
  entryKey: string;
  attachment: string;
  archiveFile: string;
}

const NOWHERE: Probe = {
  jurisdiction: "nowhere",
  ticket: "7a1b2c3d-0000-4000-8000-000000000001",
  number: "ZZ20261202999999",
  unit: "7a1b2c3d-0000-4000-8000-000000000002",
  phone: "13000000000",
  word: "无此词语",
  user: "7a1b2c3d-0000-4000-8000-000000000003",
  article: "7a1b2c3d-0000-4000-8000-000000000004",
  entryKey: "7a1b2c3d-0000-4000-8000-000000000005",
  attachment: "7a1b2c3d-0000-4000-8000-000000000006",
  archiveFile: "7a1b2c3d-0000-4000-8000-000000000007",
};

/**
 * Routes that hold no platform's private data, each with why. Everything else is walked.
 */
const NOT_TENANT_DATA: readonly [RegExp, string][] = [
  [/^\/(health\/|docs|assets\/|index\.html$|$|\*$)/, "the console's files, the API's documentation and health probes"],
  [/^\/api\/v1\/(policies|calendar|admin\/calendar|deadlines)/, "the official calendar and the published policy files: law, the same for every platform"],
  [
    /^\/api\/v1\/(jurisdictions|jurisdictions\/:jurisdiction\/units|categories)$/,
    "the directory the citizens' portal shows: platforms, their units and request categories",
  ],
  [/^\/api\/(?!v1\/|public\/)/, "the reference routes' old addresses: each answers 308 to its /api/v1 address"],
  [/^\/open311\//, "Open311 GeoReport reads are public by design (GZ-2): no requester, address or unit result"],
  [/^\/api\/public\//, "the citizens' portal: a request is reached by its number and the requester's phone together"],
  [/^\/channels\//, "a channel's signed webhook handshake (WeChat's server check)"],
];

/** Routes whose answer must cross platforms, for whom, and why. */
const CROSSING: readonly { route: string; who: "region"; why: string }[] = [
  { route: "GET /api/v1/exchange/tickets", who: "region", why: "GX-16: a region reads its cities' tickets, read-only, as the copies they send up" },
  { route: "GET /api/v1/exchange/tickets.xlsx", who: "region", why: "GX-16: the same copies of its cities' tickets, as a workbook" },
];

/** Walked routes that no platform's staff may read at all (so none answers them 200), and why. */
const NOT_FOR_STAFF: readonly [string, string][] = [["GET /metrics", "the deployment's figures, for the monitoring system's token only"]];

/**
 * Routes that still answer another platform's data (the issue's list of known failures): each
 * fix removes its line, and a line whose route no longer leaks fails the test until removed.
 */
const KNOWN_LEAKS: readonly string[] = [];

let t: TestApp;
let server: { url: string; close: () => Promise<void>; routes: readonly RouteEntry[] };
const session: Record<string, { cookie: string; csrf: string }> = {};
const probe: Record<"guangzhou" | "nanning" | "otherUnit", Probe> = {} as never;
/** Everything of Nanning that must never reach another platform's staff, and of the region. */
let nanningMarks: string[] = [];
let regionMarks: string[] = [];
let otherUnitMarks: string[] = [];
let gzToken = "";

type Caller = { label: string; headers: () => Record<string, string> };

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const type = res.headers.get("content-type") ?? "";
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    text: type.includes("spreadsheetml") ? await xlsxText(bytes) : bytes.toString("utf8"),
    json: type.includes("json") ? (JSON.parse(bytes.toString("utf8") || "null") as any) : undefined,
  };
}

/** Every cell of every sheet, so an export is read whole. */
async function xlsxText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    out.push(`#${ws.name}`);
    ws.eachRow((row) => out.push(JSON.stringify(row.values)));
  });
  return out.join("\n");
}

const staff = (user: string): Caller => ({ label: user, headers: () => ({ cookie: session[user]!.cookie, "x-csrf-token": session[user]!.csrf }) });
const token = (role: string): Caller => ({
  label: `guangzhou admin's token as ${role}`,
  headers: () => ({ authorization: `Bearer ${gzToken}`, "x-act-as-role": role }),
});

async function login(username: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const b = (await res.json()) as any;
  if (res.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(b)}`);
  session[username] = { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "", csrf: b.csrfToken };
}

async function must(method: string, path: string, user: string, body?: unknown, expected = [200, 201]) {
  const r = await call(method, path, staff(user).headers(), body);
  if (!expected.includes(r.status)) throw new Error(`${method} ${path} as ${user}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** One platform's data in every table the walk reads, made through the API where it can be. */
async function fill(j: "guangzhou" | "nanning", pf: string, lead: string, word: string, phone: string): Promise<Probe> {
  await seedDemoTickets(t.ctx, j, 24);
  await seedDemoLeaderSessions(t.ctx, j);
  await seedDemoKnowledge(t.ctx, j);
  await seedDemoArchive(t.ctx, j);
  for (const r of ["admin", "operator", "dispatcher", "supervisor", "analyst", "reviewer", "unit_handler", "unit_leader"]) await login(`${pf}_${r}`);
  const handlerUnit = (await rows<{ unit_id: string }>(sql`select unit_id::text from app_user where username = ${`${pf}_unit_handler`}`))[0]!.unit_id;
  const leadUnit = await unitId(t.ctx, lead);

  const made = await must("POST", `/api/v1/jurisdictions/${j}/contacts`, `${pf}_operator`, {
    channel: "phone",
    requester: { name: "测试人", phone },
    type: "complaint",
    content: `${word}附近夜间施工噪音扰民，请尽快处理。`,
    location: { district: j === "nanning" ? "青秀区" : "天河区" },
  });
  const ticket: string = made.ticket.id;
  await must("POST", `/api/v1/tickets/${ticket}/dispatch`, `${pf}_dispatcher`, { version: 1, leadUnitId: handlerUnit });
  await must("POST", `/api/v1/tickets/${ticket}/requester/reveal`, `${pf}_admin`, { purpose: "verify" });
  const form = new FormData();
  form.append(
    "file",
    new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, ...Array.from({ length: 500 }, (_, i) => i % 251)])], {
      type: "image/jpeg",
    }),
    "现场.jpg",
  );
  const up = await fetch(`${server.url}/api/v1/tickets/${ticket}/attachments`, { method: "POST", headers: staff(`${pf}_operator`).headers(), body: form });
  const attachment = ((await up.json()) as any).attachment.id as string;
  if (up.status !== 201) throw new Error(`attachment ${up.status}`);

  const art = await must("POST", `/api/v1/jurisdictions/${j}/knowledge/articles`, `${pf}_admin`, {
    question: `${word}施工许可怎么查？`,
    answer: "可到住建部门网站查询。",
    ownerUnitId: leadUnit,
    validFrom: "2026-01-01",
    reason: "新增",
  });
  await must("POST", `/api/v1/jurisdictions/${j}/knowledge/questions`, `${pf}_operator`, { unitId: leadUnit, question: `${word}施工时间规定？` });
  const entry = await must("POST", `/api/v1/jurisdictions/${j}/catalogue`, `${pf}_admin`, {
    category: "噪音扰民",
    leadUnitId: handlerUnit,
    legalBasis: "《噪声污染防治法》",
    source: { kind: "power_list", document: "权责清单", clause: "第3项" },
    reason: "新增",
  });
  await must("POST", `/api/v1/catalogue/entries/${entry.id}/disputes`, `${pf}_unit_handler`, { reason: "不属本单位职责", legalBasis: "三定方案" });
  await must("POST", `/api/v1/jurisdictions/${j}/misconduct`, `${pf}_supervisor`, {
    unitId: handlerUnit,
    kind: "other",
    measure: "record",
    description: `${word}工单处理不当`,
  });
  await must("POST", `/api/v1/jurisdictions/${j}/assessment/appeals`, `${pf}_unit_handler`, { month: "2026-11", ticketId: ticket, reason: "不合理诉求" });
  // Only sub-centres connect (GZ-7) and the demo's Nanning has none: its link is written as a row.
  if (j === "guangzhou")
    await must("PUT", `/api/v1/jurisdictions/${j}/handover-links/${await unitId(t.ctx, "GZ-SC-SW")}`, `${pf}_admin`, {
      url: "https://handover.example.gov.cn/in",
      secret: "handover-secret-0123456789",
    });
  else
    await rows(
      sql`insert into handover_link (unit_id, jurisdiction_id, url, secret, updated_by, updated_at) values (${leadUnit}, ${j}, 'https://handover.example.gov.cn/nn', 'handover-secret-0123456789', 'test', now())`,
    );
  await must("POST", "/api/v1/admin/tokens", `${pf}_admin`, { name: `${j} 集成`, scopes: ["admin"] });
  for (const [i, type] of (["ringing", "ended"] as const).entries()) {
    const r = await ingestCallEvent(t.ctx, j, { eventId: `${j}-e${i}`, callId: `${j}-c1`, type, at: NOW - 3_600_000 + i * 30_000, caller: phone });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }

  // A rising hot spot as the watch job raises it (its rise itself is tested in hotspots.api.test.ts).
  await rows(sql`insert into hotspot_alert (jurisdiction_id, dedupe_key, place, top_words, count, previous_count, ticket_ids, raised_at)
    values (${j}, ${`${word}|噪音|2026-12-02`}, ${word}, ${JSON.stringify([word, "噪音"])}::jsonb, 6, 1, ${JSON.stringify([ticket])}::jsonb, now())`);
  const record = (await rows<{ id: string }>(sql`select id::text from archive_record where jurisdiction_id = ${j} limit 1`))[0]!.id;
  const scan = new FormData();
  scan.append("file", new Blob([new TextEncoder().encode("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")], { type: "application/pdf" }), "批示.pdf");
  const filed = await fetch(`${server.url}/api/v1/archive/records/${record}/files`, { method: "POST", headers: staff(`${pf}_admin`).headers(), body: scan });
  if (filed.status !== 201) throw new Error(`archive file ${filed.status} ${await filed.text()}`);
  const archiveFile = ((await filed.json()) as any).file.id as string;
  const user = (await rows<{ id: string }>(sql`select id::text from app_user where username = ${`${pf}_operator`}`))[0]!.id;
  return {
    jurisdiction: j,
    ticket,
    number: made.ticket.number,
    unit: handlerUnit,
    phone,
    word,
    user,
    article: art.id ?? art.article?.id,
    entryKey: entry.entryKey,
    attachment,
    archiveFile,
  };
}

beforeAll(async () => {
  t = await openTestApp({ now: () => NOW });
  server = await startServer(t.ctx);
  for (const j of ["guangzhou", "nanning", "guangxi"]) await seedDemoUsers(t.ctx, j);
  probe.guangzhou = await fill("guangzhou", "gz", "GZ-TH", "荔湾骑楼", "13800138111");
  probe.nanning = await fill("nanning", "nn", "NN-QX", "邕江大桥", "13977112345");
  for (const r of ["admin", "supervisor", "analyst"]) await login(`gx_${r}`);
  // The region holds its cities' copies (GX-16) and has sent one down.
  const copy = await loadTicket(t.ctx.db, probe.nanning.ticket);
  expect((await receiveTickets(t.ctx, [{ source: "nanning", ticketId: copy!.id, version: copy!.version, state: copy! }])).ok).toBe(true);
  await must("POST", "/api/v1/jurisdictions/guangxi/exchange/send-down", "gx_supervisor", {
    target: "nanning",
    note: "请南宁市办理",
    contact: { requester: { name: "赵六", phone: "13600136000" }, type: "complaint", content: "邕江大桥客运站班车停运。", location: { district: "兴宁区" } },
  });
  gzToken = (await must("POST", "/api/v1/admin/tokens", "gz_admin", { name: "广州集成", scopes: ["admin"] })).token;

  // Inside Guangzhou: a ticket of 海珠区, which 天河区's staff must not reach.
  const hz = await unitId(t.ctx, "GZ-HZ");
  const made = await must("POST", "/api/v1/jurisdictions/guangzhou/contacts", "gz_operator", {
    channel: "phone",
    requester: { name: "海珠人", phone: "13800138222" },
    type: "complaint",
    content: "琶洲展馆搭建夜间噪音扰民。",
    location: { district: "海珠区" },
  });
  await must("POST", `/api/v1/tickets/${made.ticket.id}/dispatch`, "gz_dispatcher", { version: 1, leadUnitId: hz });
  probe.otherUnit = {
    ...NOWHERE,
    jurisdiction: "guangzhou",
    ticket: made.ticket.id,
    number: made.ticket.number,
    unit: hz,
    phone: "13800138222",
    word: "展馆搭建",
  };
  otherUnitMarks = [made.ticket.id, made.ticket.number, "13800138222", "展馆搭建", "海珠人"];

  const marksOf = async (j: string) =>
    (
      await rows<{ x: string }>(sql`
        select id::text x from ticket where jurisdiction_id = ${j} union all select number from ticket where jurisdiction_id = ${j}
        union all select id::text from unit where jurisdiction_id = ${j} union all select id::text from app_user where jurisdiction_id = ${j}
        union all select id::text from knowledge_article where jurisdiction_id = ${j} union all select id::text from api_token where jurisdiction_id = ${j}`)
    ).map((r) => r.x);
  nanningMarks = [...(await marksOf("nanning")), "13977112345", "13600136000", "邕江", "南宁", "青秀", "兴宁", "宾阳", "横州", "nanning"];
  regionMarks = [...(await marksOf("guangxi")), "guangxi", "广西"];
}, 240_000);

afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** The path and queries a route is walked with, for one probe. */
function urlsFor(route: RouteEntry, p: Probe): string[] {
  const idOf: [string, keyof Probe][] = [
    ["/api/v1/tickets/:id", "ticket"],
    ["/api/v1/knowledge/articles/:id", "article"],
    ["/api/v1/attachments/:id", "attachment"],
    ["/api/v1/archive/files/:id", "archiveFile"],
  ];
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => {
    if (name === "jurisdiction") return p.jurisdiction;
    if (name === "unitId") return p.unit;
    if (name === "phone") return p.phone;
    if (name === "entryKey") return p.entryKey;
    const key = name === "id" ? idOf.find(([prefix]) => route.url.startsWith(prefix))?.[1] : undefined;
    if (!key) throw new Error(`${route.method} ${route.url}: say in urlsFor which record its :${name} names`);
    return p[key];
  });
  const j = p.jurisdiction;
  const queries: Record<string, string[]> = {
    "/api/v1/tickets": [
      "",
      `jurisdiction=${j}`,
      `q=${p.number}`,
      `q=${encodeURIComponent(p.word)}`,
      `unit=${p.unit}`,
      "overdue=true",
      "sort=due_asc",
      "ratingWork=rectification",
      "outcome=satisfied",
      `district=${encodeURIComponent("天河区")}`,
      "ratingWork=rating_appeal",
      `jurisdiction=${j}&status=handling`,
      `jurisdiction=${j}&archiveYear=2026`,
    ],
    "/api/v1/admin/users": [`jurisdiction=${j}`],
    "/api/v1/admin/notices": ["", `jurisdiction=${j}`, `ticketId=${p.ticket}`, "limit=1"],
    "/api/v1/admin/notices.xlsx": ["", `ticketId=${p.ticket}`],
    "/api/v1/admin/audit": ["", `actor=${p.user}`, "limit=1"],
    "/api/v1/admin/audit.xlsx": ["", `actor=${p.user}`],
    "/api/v1/admin/personal-data-access": ["", `ticket=${p.ticket}`, `number=${p.number}`, "limit=1"],
    "/api/v1/admin/personal-data-access.xlsx": [`ticket=${p.ticket}`],
    "/api/v1/analytics/summary": [`jurisdiction=${j}&${RANGE}`],
    "/api/v1/analytics/counts": [
      `jurisdiction=${j}&${RANGE}&groupBy=channel`,
      `jurisdiction=${j}&${RANGE}&groupBy=unit&live=true`,
      `jurisdiction=${j}&${RANGE}&groupBy=channel&unit=${p.unit}`,
    ],
    "/api/v1/analytics/hotspots": [`jurisdiction=${j}&days=30`],
    "/api/v1/analytics/report": [`jurisdiction=${j}&${RANGE}`],
    "/api/v1/analytics/report.xlsx": [`jurisdiction=${j}&${RANGE}`],
    "/api/v1/analytics/hotspot-alerts": [`jurisdiction=${j}`],
    "/api/v1/jurisdictions/:jurisdiction/dispatch-quality/mine": ["month=2026-11"],
    "/api/v1/jurisdictions/:jurisdiction/reply-mismatches/by-unit": ["month=2026-11"],
    "/api/v1/jurisdictions/:jurisdiction/reply-mismatches.xlsx": ["", "status=open"],
    "/api/v1/analytics/suggestion-accuracy": [`jurisdiction=${j}&month=2026-11`],
    "/api/v1/analytics/dispatch-quality/tickets": [
      `jurisdiction=${j}&month=2026-11&figure=returnRate`,
      `jurisdiction=${j}&month=2026-11&figure=meanBounces&by=unit&key=${p.unit}`,
      `jurisdiction=${j}&month=2026-11&figure=returnRate&unit=${p.unit}`,
    ],
    "/api/v1/analytics/dispatch-quality": [
      `jurisdiction=${j}&month=2026-11`,
      `jurisdiction=${j}&month=2026-11&by=unit`,
      `jurisdiction=${j}&month=2026-11&by=dispatcher`,
      `jurisdiction=${j}&month=2026-11&unit=${p.unit}`,
      `jurisdiction=${j}&month=2026-11&dispatcher=${p.user}`,
    ],
    "/api/v1/assessment/monthly": [`jurisdiction=${j}&month=2026-11`],
    "/api/v1/assessment/monthly.xlsx": [`jurisdiction=${j}&month=2026-11`],
    "/api/v1/assessment/yearly": [`jurisdiction=${j}&year=2026`],
    "/api/v1/exchange/tickets": ["", `source=${j}`, "limit=1"],
    "/api/v1/exchange/tickets.xlsx": ["", `source=${j}`],
    "/api/v1/jurisdictions/:jurisdiction/knowledge/search": [`q=${encodeURIComponent(p.word)}`],
    "/api/v1/jurisdictions/:jurisdiction/calls/stats": [RANGE],
    "/api/v1/jurisdictions/:jurisdiction/calls/missed": ["", "open=true&limit=1"],
    "/api/v1/jurisdictions/:jurisdiction/calls/missed.xlsx": ["open=false"],
    "/api/v1/jurisdictions/:jurisdiction/call-records": ["year=2026", "year=2026&limit=1"],
    "/api/v1/jurisdictions/:jurisdiction/call-records.xlsx": ["year=2026"],
    "/api/v1/jurisdictions/:jurisdiction/leader-sessions": ["year=2026"],
    "/api/v1/jurisdictions/:jurisdiction/archive": ["year=2026", `year=2026&q=${encodeURIComponent(p.word)}`, "year=2026&items=false"],
    "/api/v1/jurisdictions/:jurisdiction/assessment/appeals": ["", "month=2026-11"],
  };
  return (queries[route.url] ?? [""]).map((q) => (q ? `${path}?${q}` : path));
}

/**
 * B's answer as it would read had B's records been nobody's: then it must equal nobody's answer.
 * The platform's name is left as it is: no refusal echoes it, and a region's own records name its cities.
 */
function asNowhere(text: string, p: Probe, none: Probe): string {
  let out = text;
  for (const k of Object.keys(none) as (keyof Probe)[]) if (k !== "jurisdiction" && p[k] !== none[k]) out = out.split(p[k]).join(none[k]);
  return out;
}

const walked = () => server.routes.filter((r) => r.method === "GET" && !NOT_TENANT_DATA.some(([re]) => re.test(r.url)));

/** Walks every GET route as each caller with B's probe and nobody's; answers what leaked where. */
async function walk(
  callers: readonly Caller[],
  b: Probe,
  marks: readonly string[],
  crossing: (route: string, who: string) => boolean,
  none: Probe = NOWHERE,
): Promise<Map<string, string>> {
  const leaks = new Map<string, string>();
  for (const route of walked()) {
    const key = `${route.method} ${route.url}`;
    const mine = urlsFor(route, b);
    const nobody = urlsFor(route, none);
    for (const c of callers) {
      if (crossing(key, c.label)) continue;
      for (let i = 0; i < mine.length; i++) {
        const rb = await call("GET", mine[i]!, c.headers());
        const rx = await call("GET", nobody[i]!, c.headers());
        const shown = marks.filter((m) => rb.text.includes(m) && !(rb.status >= 400 && mine[i]!.includes(m)));
        const why =
          rb.status >= 500
            ? `${rb.status}`
            : shown.length
              ? `shows ${shown.slice(0, 3).join(", ")}`
              : rb.status !== rx.status || asNowhere(rb.text, b, none) !== rx.text
                ? `differs from a platform that does not exist (${rb.status} vs ${rx.status})`
                : undefined;
        if (why && !leaks.has(key)) leaks.set(key, `${c.label} ${mine[i]}: ${why}`);
      }
    }
  }
  return leaks;
}

function expectOnly(leaks: Map<string, string>, known: readonly string[]) {
  const unexpected = [...leaks].filter(([k]) => !known.includes(k)).map(([k, v]) => `${k} — ${v}`);
  const fixed = known.filter((k) => !leaks.has(k));
  expect({ unexpected, fixedButStillListed: fixed }).toEqual({ unexpected: [], fixedButStillListed: [] });
}

describe("the scope walk over the route table (GZ-25, GX-22, GX-16)", () => {
  it("both platforms hold data in every table the walk reads", async () => {
    const tables = [
      "ticket",
      "outbound_message",
      "audit_log",
      "personal_data_access",
      "app_user",
      "api_token",
      "knowledge_article",
      "knowledge_question",
      "catalogue_entry",
      "leader_session",
      "archive_record",
      "misconduct_record",
      "call_record",
      "handover_link",
      "assessment_appeal",
      "hotspot_alert",
    ];
    const empty: string[] = [];
    for (const table of tables) {
      for (const j of ["guangzhou", "nanning"]) {
        const [r] = await rows<{ n: number }>(sql`select count(*)::int n from ${sql.identifier(table)} where jurisdiction_id = ${j}`);
        if (!r?.n) empty.push(`${table}/${j}`);
      }
    }
    const [files] = await rows<{ gz: number; nn: number }>(
      sql`select count(*) filter (where r.jurisdiction_id = 'guangzhou')::int gz, count(*) filter (where r.jurisdiction_id = 'nanning')::int nn from archive_file f join archive_record r on r.id = f.record_id`,
    );
    if (!files?.gz || !files.nn) empty.push("archive_file");
    for (const [table, via] of [
      ["ticket_event", "ticket_id"],
      ["attachment", "ticket_id"],
    ] as const) {
      for (const j of ["guangzhou", "nanning"]) {
        const [r] = await rows<{ n: number }>(
          sql`select count(*)::int n from ${sql.identifier(table)} x join ticket t on t.id = x.${sql.identifier(via)} where t.jurisdiction_id = ${j}`,
        );
        if (!r?.n) empty.push(`${table}/${j}`);
      }
    }
    const [d] = await rows<{ n: number }>(sql`select count(*)::int n from catalogue_dispute`);
    const [x] = await rows<{ n: number }>(sql`select count(*)::int n from exchange_ticket where source_jurisdiction_id = 'nanning'`);
    expect({ empty, disputes: d?.n, exchangeCopies: x?.n }).toEqual({ empty: [], disputes: 2, exchangeCopies: 1 });
  });

  it("every walked route answers Guangzhou's own staff with their data (the walk exercises each one)", async () => {
    const callers = ["gz_admin", "gz_supervisor", "gz_analyst", "gz_dispatcher", "gz_unit_handler"].map(staff);
    const unanswered: string[] = [];
    for (const route of walked()) {
      let answered = false;
      for (const url of urlsFor(route, probe.guangzhou)) {
        for (const c of callers) if (!answered && (await call("GET", url, c.headers())).status === 200) answered = true;
      }
      if (!answered && !NOT_FOR_STAFF.some(([r]) => r === `${route.method} ${route.url}`)) unanswered.push(`${route.method} ${route.url}`);
    }
    expect(unanswered).toEqual([]);
    expect(walked().length).toBeGreaterThan(40);
  });

  it("Guangzhou's staff, signed in, reach nothing of Nanning or the region on any GET route", async () => {
    const callers = ["gz_admin", "gz_dispatcher", "gz_operator", "gz_supervisor", "gz_analyst", "gz_reviewer"].map(staff);
    expectOnly(await walk(callers, probe.nanning, [...nanningMarks, ...regionMarks], () => false), KNOWN_LEAKS);
  }, 300_000);

  it("a token Guangzhou's admin made reaches nothing of Nanning on any GET route", async () => {
    expectOnly(await walk(["admin", "dispatcher", "supervisor"].map(token), probe.nanning, [...nanningMarks, ...regionMarks], () => false), KNOWN_LEAKS);
  }, 300_000);

  it("the region's staff reach Nanning's tickets only through the exchange's read-only copies", async () => {
    const callers = ["gx_admin", "gx_supervisor", "gx_analyst"].map(staff);
    const region = (route: string, who: string) => CROSSING.some((x) => x.route === route && x.who === "region" && who.startsWith("gx_"));
    // The region names its own cities (its send-downs say where they went): the names are not Nanning's data.
    const marks = nanningMarks.filter((m) => m !== "nanning" && m !== "南宁");
    expectOnly(await walk(callers, probe.nanning, marks, region), KNOWN_LEAKS);
    // The crossing route does carry the copy: the region's view is real, not empty.
    const copies = await call("GET", "/api/v1/exchange/tickets?source=nanning", staff("gx_supervisor").headers());
    expect(copies.json.tickets.map((x: any) => x.ticketId)).toContain(probe.nanning.ticket);
  }, 300_000);

  it("GZ-25 only the deployment's own token spans platforms, and each of its reads is audited; a city's token reads are not cross-platform", async () => {
    const deployment = { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "dispatcher" };
    const across = await call("GET", `/api/v1/tickets/${probe.nanning.ticket}`, deployment);
    expect(across.status).toBe(200);
    const reads = await rows<{ actor_id: string; jurisdiction_id: string | null }>(
      sql`select actor_id, jurisdiction_id from audit_log where action = 'deployment.read' and target = ${`/api/v1/tickets/${probe.nanning.ticket}`}`,
    );
    expect(reads.length).toBe(1);
    const read = reads[0];
    expect(read?.jurisdiction_id).toBeNull();
    expect(read!.actor_id).toMatch(/:dispatcher$/);
    const before = await rows<{ n: number }>(sql`select count(*)::int n from audit_log where action = 'deployment.read'`);
    expect((await call("GET", `/api/v1/tickets/${probe.guangzhou.ticket}`, token("dispatcher").headers())).status).toBe(200);
    expect(await rows<{ n: number }>(sql`select count(*)::int n from audit_log where action = 'deployment.read'`)).toEqual(before);
  });

  it("/metrics (open tickets of every platform) answers the monitoring system's token only", async () => {
    const metrics = (headers: Record<string, string>) => call("GET", "/metrics", headers);
    expect((await metrics({})).status).toBe(401);
    expect((await metrics({ authorization: "Bearer hl_not-a-token" })).status).toBe(401);
    // A city admin's token, even one of scope monitoring, acts for the city: refused.
    const cityMonitor = (await must("POST", "/api/v1/admin/tokens", "gz_admin", { name: "广州监控", scopes: ["monitoring"] })).token;
    expect((await metrics({ authorization: `Bearer ${cityMonitor}` })).status).toBe(403);
    expect((await metrics({ authorization: `Bearer ${gzToken}` })).status).toBe(403);
    const made = await call("POST", "/api/v1/admin/tokens", { authorization: `Bearer ${t.seed.adminToken}` }, { name: "Prometheus", scopes: ["monitoring"] });
    const scrape = await metrics({ authorization: `Bearer ${made.json.token}` });
    expect(scrape.status).toBe(200);
    expect(scrape.text).toMatch(/hotline_open_tickets\{jurisdiction="nanning"/);
    // The monitoring token reads metrics and nothing else.
    expect((await call("GET", "/api/v1/tickets", { authorization: `Bearer ${made.json.token}`, "x-act-as-role": "admin" })).status).toBe(401);
  });

  it("inside Guangzhou, 天河区's staff reach nothing of 海珠区's ticket on any GET route", async () => {
    expectOnly(
      await walk(["gz_unit_handler", "gz_unit_leader"].map(staff), probe.otherUnit, otherUnitMarks, () => false, { ...NOWHERE, jurisdiction: "guangzhou" }),
      KNOWN_LEAKS,
    );
  }, 300_000);
});
