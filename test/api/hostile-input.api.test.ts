import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { serverForTests } from "../support/http.ts";
import { unitId } from "../support/tickets.ts";
import { type TestApp } from "../support/database.ts";

const env = serverForTests();
let t: TestApp;
let server: { url: string };
let token: string;
let TH: string;

beforeAll(async () => {
  t = env.app;
  server = { url: env.url };
  token = t.seed.adminToken ?? "";
  TH = await unitId(t.ctx, "GZ-TH");
});

type Json = Record<string, any>;
async function call(method: string, path: string, body: unknown, role = "admin", unit?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-act-as-role": role, ...(unit ? { "x-act-as-unit": unit } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** Everything that can change: counted before and after a refused request. */
async function footprint() {
  const r = (await t.ctx.db.execute(
    sql`select (select count(*) from ticket)::int t, (select count(*) from ticket_event)::int e, (select count(*) from contact)::int c, (select coalesce(sum(version),0))::int v from ticket`,
  )) as unknown as { rows: unknown[] };
  return JSON.stringify(r.rows[0]);
}

const HOSTILE = [
  "'; drop table ticket; --",
  '" or 1=1 --',
  "<script>alert('x')</script>",
  "<img src=x onerror=alert(1)>",
  "${7*7}{{7*7}}",
  "😀👍🏻 \u200b\u202e 反转",
  "\\u0000 null byte \u0000 here",
  "../../../../etc/passwd",
];

const contact = { channel: "web", requester: { name: "测试", phone: "13800138000" }, type: "complaint", content: "x", location: { district: "天河区" } };

describe("hostile input against every write endpoint", () => {
  it.each(HOSTILE)("intake stores %j verbatim as text, or refuses it and stores nothing", async (evil) => {
    const before = await footprint();
    const r = await call(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      {
        ...contact,
        content: evil,
        title: evil.slice(0, 50),
        requester: { name: evil.slice(0, 20) },
        category: evil.slice(0, 50),
        location: { district: evil.slice(0, 20), address: evil },
      },
      "operator",
    );
    if (r.status === 201) {
      const got = await fetch(`${server.url}/api/v1/tickets/${r.body["ticket"]["id"]}`, {
        headers: { authorization: `Bearer ${token}`, "x-act-as-role": "dispatcher" },
      }).then((x) => x.json() as Promise<Json>);
      expect(got["ticket"]["content"]).toBe(evil);
      expect(got["ticket"]["location"]["address"]).toBe(evil);
    } else {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(await footprint()).toBe(before);
    }
  });

  it("wrong types, overlong fields and unknown fields are refused with the field named, on intake and on every command", async () => {
    const cases: [string, unknown, string][] = [
      ["/api/v1/jurisdictions/guangzhou/contacts", { ...contact, urgent: "yes" }, "urgent"],
      ["/api/v1/jurisdictions/guangzhou/contacts", { ...contact, type: 7 }, "type"],
      ["/api/v1/jurisdictions/guangzhou/contacts", { ...contact, title: "长".repeat(201) }, "title"],
      ["/api/v1/jurisdictions/guangzhou/contacts", { ...contact, requester: { phone: "1".repeat(30) } }, "requester.phone"],
      ["/api/v1/jurisdictions/guangzhou/contacts", { ...contact, receivedAt: "yesterday" }, "receivedAt"],
      ["/api/v1/jurisdictions/guangzhou/contacts", [1, 2, 3], "body"],
    ];
    for (const [path, body, field] of cases) {
      const before = await footprint();
      const r = await call("POST", path, body, "operator");
      expect([r.status, r.body["error"]?.["field"]]).toEqual([400, field]);
      expect(await footprint()).toBe(before);
    }
    const c = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", contact, "operator");
    const id = c.body["ticket"]["id"];
    const commands: [string, unknown, string][] = [
      ["dispatch", { version: "1", leadUnitId: TH }, "version"],
      ["dispatch", { version: 1, leadUnitId: "'; drop table unit; --" }, "leadUnitId"],
      ["dispatch", { version: 1, leadUnitId: TH, sneaky: true }, "sneaky"],
      ["addInformation", { version: 1, text: "长".repeat(10_001) }, "text"],
      [
        "submitFeedback",
        { version: 1, handledAt: "2026-11-01T10:00:00+08:00", process: "p", result: "r", requesterInformedBy: "phone", attachments: ["../../etc/passwd"] },
        "attachments.0",
      ],
      [
        "submitFeedback",
        { version: 1, handledAt: "2026-11-01T10:00:00+08:00", process: "p", result: "r", requesterInformedBy: "pigeon" },
        "requesterInformedBy",
      ],
      ["adjustDeadline", { version: 1, due: 12345, reason: "x" }, "due"],
      ["rate", { version: 1, rating: "ecstatic" }, "rating"],
    ];
    for (const [cmd, body, field] of commands) {
      const before = await footprint();
      const r = await call("POST", `/api/v1/tickets/${id}/${cmd}`, body, "dispatcher");
      expect([cmd, r.status, r.body["error"]?.["field"]]).toEqual([cmd, 400, field]);
      expect(await footprint()).toBe(before);
    }
  });

  it("path traversal and SQL in ids answer 400 naming the id, a well-formed unknown id 404, never an error page", async () => {
    for (const id of ["..%2F..%2Fetc%2Fpasswd", "1%27%20or%20%271%27%3D%271"]) {
      const res = await fetch(`${server.url}/api/v1/tickets/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect([res.status, ((await res.json()) as Json)["error"]["field"]]).toEqual([400, "id"]);
    }
    const res = await fetch(`${server.url}/api/v1/tickets/00000000-0000-0000-0000-000000000000`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
  });

  it("sign-in attempts are rate limited with a Chinese message", async () => {
    let last = 0;
    let body: Json = {};
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "nobody", password: "x" }),
      });
      last = res.status;
      body = (await res.json()) as Json;
    }
    expect(last).toBe(429);
    expect(body["error"]).toMatchObject({ code: "RATE_LIMITED" });
    expect(body["error"]["message"]).toContain("过于频繁");
  });
});
