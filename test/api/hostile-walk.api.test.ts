import { beforeAll, describe, expect, it } from "vitest";
import { serverForTests } from "../support/http.ts";
import { unitId } from "../support/tickets.ts";
import { type TestApp } from "../support/database.ts";
import { rowCounts } from "../support/row-counts.ts";

// Every write route of the OpenAPI document, tried with the hostile inputs a scanner sends:
// bodies nested thousands deep, lone UTF-16 surrogates in every text field, years 0000 and
// 9999 in every date, unknown fields, and malformed ids in every path parameter. Each must
// be refused with a 4xx that names what was wrong, change nothing, and never answer 5xx.

const env = serverForTests({ telephonySecret: "tel-secret", smsSecret: "sms-secret", wechatToken: "wx" });
let t: TestApp;
let TH: string;

type Json = Record<string, any>;
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  pattern?: string;
};
type Op = { requestBody?: { content?: Record<string, { schema?: Schema }> } };

const ROLES = ["admin", "operator", "dispatcher", "reviewer", "supervisor", "unit_handler"];

beforeAll(async () => {
  t = env.app;
  TH = await unitId(t.ctx, "GZ-TH");
});

/** Every table's row count (test/support/row-counts.ts): a refusal leaves them all as they were. */
const footprint = () => rowCounts(t.ctx);

async function send(method: string, path: string, body: string | undefined, role: string) {
  const res = await fetch(`${env.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${t.seed.adminToken ?? ""}`,
      "x-act-as-role": role,
      ...(role.startsWith("unit") ? { "x-act-as-unit": TH } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body } : {}),
  });
  const raw = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(raw) as Json;
  } catch {
    /* a non-JSON answer keeps json empty; the status is what is checked */
  }
  return { status: res.status, body: json };
}

/** A body that fits the schema, with every string made by `str` (given the field's schema). */
function fill(s: Schema | undefined, str: (s: Schema) => unknown, depth = 0): unknown {
  if (!s || depth > 6) return str({});
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return fill(alt.find((a) => a.type !== "null") ?? alt[0], str, depth);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  if (s.enum) return s.enum[0];
  if (type === "object" || s.properties) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fill(v, str, depth + 1)]));
  if (type === "array") return [fill(s.items, str, depth + 1)];
  if (type === "integer" || type === "number") return 1;
  if (type === "boolean") return true;
  return str(s);
}

/** A body where every value has the wrong type: text for numbers and flags, numbers for text, and so on. */
function wrongTyped(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return 12345;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return wrongTyped(alt.find((a) => a.type !== "null") ?? alt[0], depth);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  if (type === "object" || s.properties) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, wrongTyped(v, depth + 1)]));
  if (type === "array") return { not: "a list" };
  if (type === "integer" || type === "number" || type === "boolean") return "十";
  return 12345;
}

function writeRoutes(doc: { paths: Record<string, Record<string, Op>> }) {
  const out: { method: string; path: string; schema: Schema | undefined }[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (!["post", "put", "patch", "delete"].includes(m)) continue;
      out.push({ method: m.toUpperCase(), path: p, schema: op.requestBody?.content?.["application/json"]?.schema });
    }
  }
  return out;
}

const ZERO = "00000000-0000-4000-8000-000000000000";
const concrete = (p: string, id = ZERO) => p.replace("{jurisdiction}", "guangzhou").replace(/\{[a-zA-Z]+\}/g, id);

describe("hostile input on every write route of the OpenAPI document", () => {
  it("a platform that does not exist is 404 naming jurisdiction on every route that names one, writes included, and nothing is written", async () => {
    const doc = (await fetch(`${env.url}/docs/json`).then((r) => r.json())) as { paths: Record<string, Record<string, Op>> };
    const named = Object.entries(doc.paths)
      .filter(([p]) => p.includes("{jurisdiction}"))
      .flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(([m]) => ["get", "post", "put", "patch", "delete"].includes(m))
          .map(([m, op]) => ({ method: m.toUpperCase(), path: p, schema: op.requestBody?.content?.["application/json"]?.schema })),
      );
    expect(named.length).toBeGreaterThan(40);
    const before = await footprint();
    const answers: string[] = [];
    for (const r of named) {
      const body = r.method === "GET" || r.method === "DELETE" ? undefined : JSON.stringify(fill(r.schema, () => "文本"));
      const res = await send(r.method, concrete(r.path).replace("/guangzhou", "/nowhere"), body, "admin");
      // Signed pushes (telephony, hand-over, WeChat) refuse the unsigned call first; each answers 4xx.
      if (res.status !== 404 || res.body["error"]?.["field"] !== "jurisdiction")
        answers.push(`${r.method} ${r.path}: ${res.status} ${res.body["error"]?.["field"] ?? ""}`);
    }
    // First in the file: the portal's rate limit is not yet spent by the walks below.
    // The portal checks the citizen's phone first (filled with text here); with a real one it is 404 too.
    expect(answers.filter((a) => !/\/(telephony\/events|handover\/\{unitCode\}\/items|channels\/)/.test(a) || /: 5\d\d/.test(a))).toEqual([
      "POST /api/public/v1/jurisdictions/{jurisdiction}/requests: 400 phone",
    ]);
    const portal = await fetch(`${env.url}/api/public/v1/jurisdictions/nowhere/requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "吴十", phone: "13700002222", type: "help", content: "小区电梯故障三天无人修理。" }),
    });
    expect([portal.status, ((await portal.json()) as Json)["error"]["field"]]).toEqual([404, "jurisdiction"]);
    expect(await footprint()).toEqual(before);
  });

  it("a body nested 5 000 deep or larger than the limit is refused (400/413, field body) before it is parsed, login included", async () => {
    const doc = (await fetch(`${env.url}/docs/json`).then((r) => r.json())) as { paths: Record<string, Record<string, Op>> };
    const routes = writeRoutes(doc);
    expect(routes.length).toBeGreaterThan(80);
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const deepObj = '{"a":'.repeat(5000) + "1" + "}".repeat(5000);
    const before = await footprint();
    const bad: string[] = [];
    // Larger than the server's 2 MB limit; the routes that take more (signed exchange and hand-over
    // batches) refuse it unsigned.
    const huge = JSON.stringify({ text: "长".repeat(1024 * 1024) });
    let tooLarge = 0;
    for (const r of routes) {
      for (const body of [deep, deepObj, huge]) {
        const res = await send(r.method, concrete(r.path), body, "admin");
        if (res.status >= 500 || res.status < 400) bad.push(`${r.method} ${r.path} ${res.status}`);
        else if ((res.status === 400 && body !== huge) || res.status === 413) {
          if (res.body["error"]?.["field"] !== "body") bad.push(`${r.method} ${r.path} ${res.status} field ${res.body["error"]?.["field"]}`);
          if (res.status === 413) tooLarge++;
        }
      }
    }
    expect(tooLarge).toBeGreaterThan(routes.length - 10);
    // Those that read a body refuse the nesting itself, with the field named.
    const login = await send("POST", "/api/v1/auth/login", deep, "admin");
    expect([login.status, login.body["error"]?.["field"], login.body["error"]?.["messageEn"]]).toEqual([400, "body", expect.stringContaining("nested")]);
    const big = await send("POST", "/api/v1/auth/login", JSON.stringify({ username: "x".repeat(3 * 1024 * 1024), password: "x" }), "admin");
    expect([big.status, big.body["error"]?.["field"]]).toEqual([413, "body"]);
    expect(bad).toEqual([]);
    expect(await footprint()).toEqual(before);
  });

  it("lone UTF-16 surrogates in any text field are refused with 400 naming the field, and nothing is written", async () => {
    const doc = (await fetch(`${env.url}/docs/json`).then((r) => r.json())) as { paths: Record<string, Record<string, Op>> };
    const routes = writeRoutes(doc).filter((r) => r.schema);
    const before = await footprint();
    const bad: string[] = [];
    let refusedNamed = 0;
    for (const r of routes) {
      const body = JSON.stringify(fill(r.schema, () => "证据\ud800文本"));
      for (const role of ROLES) {
        const res = await send(r.method, concrete(r.path), body, role);
        if (res.status >= 500) bad.push(`${r.method} ${r.path} as ${role}: ${res.status}`);
        if (res.status === 400) {
          expect(res.body["error"]?.["field"], `${r.method} ${r.path}`).toBeTruthy();
          refusedNamed++;
        }
        if (res.status < 300) bad.push(`${r.method} ${r.path} as ${role}: accepted ${res.status}`);
      }
    }
    expect(bad).toEqual([]);
    expect(refusedNamed).toBeGreaterThan(50);
    expect(await footprint()).toEqual(before);
    // The intake names the very field that held it.
    const intake = await send(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      JSON.stringify({ channel: "web", type: "complaint", content: "正常", title: "坏\udc00字", location: { district: "天河区" } }),
      "operator",
    );
    expect([intake.status, intake.body["error"]?.["field"]]).toEqual([400, "title"]);
    expect(intake.body["error"]["message"]).toContain("title");
  });

  it("years 0000 and 9999 in any date are refused with 400 naming the field", async () => {
    const doc = (await fetch(`${env.url}/docs/json`).then((r) => r.json())) as { paths: Record<string, Record<string, Op>> };
    const isDate = (s: Schema) => s.format === "date" || s.format === "date-time" || (s.pattern ?? "").includes("\\d{4}-");
    const routes = writeRoutes(doc).filter((r) => r.schema && JSON.stringify(r.schema).includes("\\\\d{4}-"));
    expect(routes.length).toBeGreaterThan(5);
    const before = await footprint();
    const bad: string[] = [];
    for (const r of routes) {
      for (const year of ["0000", "9999"]) {
        const body = JSON.stringify(
          fill(r.schema, (s) =>
            !isDate(s) ? "文本" : (s.pattern ?? "").includes("T") || s.format === "date-time" ? `${year}-01-01T00:00:00+08:00` : `${year}-01-01`,
          ),
        );
        for (const role of ROLES) {
          const res = await send(r.method, concrete(r.path), body, role);
          if (res.status >= 500) bad.push(`${r.method} ${r.path} ${year} as ${role}: ${res.status}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(await footprint()).toEqual(before);
    for (const year of ["0000", "9999"]) {
      const intake = await send(
        "POST",
        "/api/v1/jurisdictions/guangzhou/contacts",
        JSON.stringify({ channel: "web", type: "complaint", content: "正常", receivedAt: `${year}-01-01T00:00:00+08:00`, location: { district: "天河区" } }),
        "operator",
      );
      expect([year, intake.status, intake.body["error"]?.["field"]]).toEqual([year, 400, "receivedAt"]);
    }
  });

  it("unknown fields and wrong types in any body are refused 4xx naming the field in Chinese and English, never 5xx, and write nothing", async () => {
    const doc = (await fetch(`${env.url}/docs/json`).then((r) => r.json())) as { paths: Record<string, Record<string, Op>> };
    const routes = writeRoutes(doc).filter((r) => r.schema && (r.schema.properties || r.schema.anyOf || r.schema.oneOf));
    expect(routes.length).toBeGreaterThan(50);
    const before = await footprint();
    const bad: string[] = [];
    let named = 0;
    for (const r of routes) {
      const valid = fill(r.schema, () => "文本") as Record<string, unknown>;
      const bodies = [{ ...valid, unexpectedField: "x" }, wrongTyped(r.schema)];
      for (const body of bodies) {
        for (const role of ["admin", "operator", "unit_handler"]) {
          const res = await send(r.method, concrete(r.path), JSON.stringify(body), role);
          const e = res.body["error"];
          if (res.status >= 500 || res.status < 400) bad.push(`${r.method} ${r.path} as ${role}: ${res.status}`);
          else if (res.status === 400) {
            if (!e?.["field"] || !e?.["message"] || !e?.["messageEn"]) bad.push(`${r.method} ${r.path} as ${role}: 400 without field or both languages`);
            else named++;
          }
        }
      }
    }
    expect(bad).toEqual([]);
    expect(named).toBeGreaterThan(100);
    expect(await footprint()).toEqual(before);
    // The field named is the one that was wrong.
    const extra = await send(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      JSON.stringify({
        channel: "web",
        requester: { name: "王五", phone: "13700001111" },
        type: "complaint",
        content: "正常",
        location: { district: "天河区" },
        unexpectedField: 1,
      }),
      "operator",
    );
    expect([extra.status, extra.body["error"]?.["field"]]).toEqual([400, "unexpectedField"]);
    const typed = await send(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      JSON.stringify({
        channel: "web",
        requester: { name: "王五", phone: "13700001111" },
        type: "complaint",
        content: 12345,
        location: { district: "天河区" },
      }),
      "operator",
    );
    expect([typed.status, typed.body["error"]?.["field"]]).toEqual([400, "content"]);
  });

  it("malformed ids in any path parameter answer 4xx, never 5xx, and write nothing", async () => {
    const doc = (await fetch(`${env.url}/docs/json`).then((r) => r.json())) as { paths: Record<string, Record<string, Op>> };
    const all = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path: p })),
    );
    const withIds = all.filter((r) => /\{(?!jurisdiction\})[a-zA-Z]+\}/.test(r.path));
    expect(withIds.length).toBeGreaterThan(40);
    const before = await footprint();
    const bad: string[] = [];
    for (const r of withIds) {
      for (const id of ["%00", "%27%22%3B", "..%2F..%2Fetc%2Fpasswd", "not-a-uuid", "%F0%9F%98%80"]) {
        for (const role of ["admin", "dispatcher", "unit_handler"]) {
          const res = await send(r.method, concrete(r.path, id), r.method === "GET" || r.method === "DELETE" ? undefined : "{}", role);
          if (res.status >= 500) bad.push(`${r.method} ${r.path} ${id} as ${role}: ${res.status}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(await footprint()).toEqual(before);
    // An id that is not one is named as such; a well-formed one that names nothing is 404.
    const malformed = await send("GET", "/api/v1/tickets/not-a-uuid", undefined, "dispatcher");
    expect([malformed.status, malformed.body["error"]?.["field"]]).toEqual([400, "id"]);
    const missing = await send("GET", `/api/v1/tickets/${ZERO}`, undefined, "dispatcher");
    expect(missing.status).toBe(404);
  });
});
