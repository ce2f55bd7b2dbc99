import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { TestClock, unitId } from "../support/tickets.ts";
import { seedDemoUsers, DEMO_PASSWORD } from "../../src/app/seed/demo-users.ts";
import { actorForToken, issueApiToken, revokeToken } from "../../src/app/auth/api-tokens.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let TH: string;
let TH_WS: string;
let HZ: string;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  await seedDemoUsers(t.ctx, "guangzhou");
  server = await startServer(t.ctx);
  [TH, TH_WS, HZ] = (await Promise.all(["GZ-TH", "GZ-TH-01", "GZ-HZ"].map((c) => unitId(t.ctx, c)))) as [string, string, string];
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

type Json = Record<string, any>;
interface Session {
  cookie: string;
  csrf: string;
}

async function req(method: string, path: string, opts: { body?: unknown; session?: Session; csrf?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.body !== undefined ? { "content-type": "application/json" } : {}), ...(opts.headers ?? {}) };
  if (opts.session) {
    headers["cookie"] = opts.session.cookie;
    if (opts.csrf !== null) headers["x-csrf-token"] = opts.csrf ?? opts.session.csrf;
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

async function login(username: string, password = DEMO_PASSWORD): Promise<Session> {
  const r = await req("POST", "/api/v1/auth/login", { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(r.body)}`);
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { cookie, csrf: r.body["csrfToken"] };
}

const contact = {
  channel: "phone",
  requester: { name: "孙八", phone: "13512345678" },
  type: "complaint",
  content: "垃圾清运不及时",
  location: { district: "天河区" },
};

describe("accounts and sessions", () => {
  it("signing in sets an HTTP-only SameSite=Strict session cookie; writes need the CSRF token; sign-out ends the session", async () => {
    const r = await req("POST", "/api/v1/auth/login", { body: { username: "gz_operator", password: DEMO_PASSWORD } });
    expect(r.status).toBe(200);
    const setCookie = r.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/hotline_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const s: Session = { cookie: setCookie.split(";")[0] ?? "", csrf: r.body["csrfToken"] };
    const me = await req("GET", "/api/v1/auth/me", { session: s });
    expect(me.body).toMatchObject({ user: { role: "operator", jurisdictionId: "guangzhou" }, csrfToken: s.csrf });
    const noCsrf = await req("POST", "/api/v1/jurisdictions/guangzhou/contacts", { body: contact, session: s, csrf: null });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body["error"]["field"]).toBe("x-csrf-token");
    const ok = await req("POST", "/api/v1/jurisdictions/guangzhou/contacts", { body: contact, session: s });
    expect(ok.status).toBe(201);
    await req("POST", "/api/v1/auth/logout", { session: s });
    expect((await req("GET", "/api/v1/auth/me", { session: s })).status).toBe(401);
  });

  it("repeated wrong passwords lock the account with a clear message; the audit log records every attempt", async () => {
    for (let i = 0; i < 5; i++)
      expect((await req("POST", "/api/v1/auth/login", { body: { username: "gz_analyst", password: "wrong-password-1" } })).status).toBe(401);
    const locked = await req("POST", "/api/v1/auth/login", { body: { username: "gz_analyst", password: DEMO_PASSWORD } });
    expect(locked.status).toBe(423);
    expect(locked.body["error"]).toMatchObject({ code: "ACCOUNT_LOCKED" });
    expect(locked.body["error"]["message"]).toContain("分钟后再试");
    clock.value += 16 * 60_000;
    expect((await req("POST", "/api/v1/auth/login", { body: { username: "gz_analyst", password: DEMO_PASSWORD } })).status).toBe(200);
    const admin = await login("gz_admin");
    const audit = await req("GET", "/api/v1/admin/audit?action=auth.sign_in", { session: admin });
    const outcomes = audit.body["entries"].map((e: Json) => e["outcome"]);
    expect(outcomes).toEqual(expect.arrayContaining(["wrong_password", "locked_now", "locked", "ok"]));
  });

  it("only administrators create accounts, reset passwords and read the audit log", async () => {
    const admin = await login("gz_admin");
    const disp = await login("gz_dispatcher");
    const body = { jurisdictionId: "guangzhou", username: "tianhe_li", displayName: "李承办", password: "chengban2026x", role: "unit_handler", unitId: TH };
    expect((await req("POST", "/api/v1/admin/users", { body, session: disp })).status).toBe(403);
    const made = await req("POST", "/api/v1/admin/users", { body, session: admin });
    expect(made.status).toBe(201);
    const weak = await req("POST", "/api/v1/admin/users", { body: { ...body, username: "weak_one", password: "short" }, session: admin });
    expect(weak.body["error"]).toMatchObject({ field: "password" });
    const reset = await req("POST", `/api/v1/admin/users/${made.body["id"]}/reset-password`, { session: admin });
    expect(reset.body["password"]).toMatch(/^.{10,}$/);
    expect((await login("tianhe_li", reset.body["password"])).cookie).toMatch(/hotline_session/);
    expect((await req("GET", "/api/v1/admin/audit", { session: disp })).status).toBe(403);
  });

  it("security headers are sent on every answer: a success, a refusal and an unknown address", async () => {
    const answers = [await fetch(`${server.url}/health/live`), await fetch(`${server.url}/api/v1/tickets`), await fetch(`${server.url}/api/v1/no-such-route`)];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404]);
    for (const res of answers) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("strict-transport-security")).toContain("max-age=");
      const csp = new Set(res.headers.get("content-security-policy")?.split(";"));
      for (const d of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
      ])
        expect(csp).toContain(d);
    }
  });

  it("behind a trusted TLS proxy the session cookie is Secure and sign-in limits count the forwarded client; a stranger's forwarded headers are ignored", async () => {
    const forwarded = { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7" };
    const direct = await req("POST", "/api/v1/auth/login", { body: { username: "gz_operator", password: DEMO_PASSWORD }, headers: forwarded });
    expect(direct.headers.get("set-cookie") ?? "").not.toMatch(/;\s*Secure/i);
    const proxied = await startServer(t.ctx, { trustProxy: "127.0.0.1" });
    try {
      const login = (headers: Record<string, string>) =>
        fetch(`${proxied.url}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ username: "gz_nobody", password: "wrong-password" }),
        });
      const ok = await fetch(`${proxied.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", ...forwarded },
        body: JSON.stringify({ username: "gz_operator", password: DEMO_PASSWORD }),
      });
      expect(ok.headers.get("set-cookie") ?? "").toMatch(/;\s*Secure/i);
      // Ten tries per address and name a minute: the eleventh from one client is refused, another client behind the same proxy is not.
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await login({ "x-forwarded-for": "203.0.113.8" })).status);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect((await login({ "x-forwarded-for": "203.0.113.9" })).status).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});

describe("data scope of unit staff", () => {
  it("a unit sees its own and its sub-units' tickets; another unit's ticket answers 404 by id, by history and never appears in its lists", async () => {
    const op = await login("gz_operator");
    const disp = await login("gz_dispatcher");
    const make = async (lead: string) => {
      const c = await req("POST", "/api/v1/jurisdictions/guangzhou/contacts", { body: contact, session: op });
      const id = c.body["ticket"]["id"];
      await req("POST", `/api/v1/tickets/${id}/dispatch`, { body: { version: 1, leadUnitId: lead, overrideReason: "测试" }, session: disp });
      return id as string;
    };
    const mine = await make(TH);
    const subUnit = await make(TH_WS);
    const other = await make(HZ);
    const leader = await login("gz_unit_leader"); // 天河区人民政府
    expect((await req("GET", `/api/v1/tickets/${mine}`, { session: leader })).status).toBe(200);
    expect((await req("GET", `/api/v1/tickets/${subUnit}`, { session: leader })).status).toBe(200);
    expect((await req("GET", `/api/v1/tickets/${other}`, { session: leader })).status).toBe(404);
    expect((await req("GET", `/api/v1/tickets/${other}/events`, { session: leader })).status).toBe(404);
    expect((await req("POST", `/api/v1/tickets/${other}/sign`, { body: { version: 2 }, session: leader })).status).toBe(404);
    const list = await req("GET", "/api/v1/tickets?limit=200", { session: leader });
    const ids = list.body["tickets"].map((x: Json) => x["id"]);
    expect(ids).toEqual(expect.arrayContaining([mine, subUnit]));
    expect(ids).not.toContain(other);
    expect((await req("GET", `/api/v1/tickets?unit=${HZ}`, { session: leader })).body["tickets"]).toEqual([]);
  });
});

describe("API tokens", () => {
  it("an admin issues a scoped token shown once; an integration token only takes contacts; a revoked token stops working", async () => {
    const admin = await login("gz_admin");
    const made = await req("POST", "/api/v1/admin/tokens", { body: { name: "微信公众号接入", scopes: ["integration"] }, session: admin });
    expect(made.status).toBe(201);
    const token = made.body["token"] as string;
    expect(token).toMatch(/^hl_/);
    const list = await req("GET", "/api/v1/admin/tokens", { session: admin });
    expect(JSON.stringify(list.body)).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const intake = await req("POST", "/api/v1/jurisdictions/guangzhou/contacts", { body: { ...contact, channel: "wechat" }, headers: bearer });
    expect(intake.status).toBe(201);
    const asAdmin = await req("POST", "/api/v1/admin/tokens", { body: { name: "x", scopes: ["admin"] }, headers: { ...bearer, "x-act-as-role": "admin" } });
    expect(asAdmin.status).toBe(400);
    expect((await req("POST", `/api/v1/admin/tokens/${made.body["id"]}/revoke`, { session: admin })).status).toBe(200);
    expect((await req("POST", "/api/v1/jurisdictions/guangzhou/contacts", { body: contact, headers: bearer })).status).toBe(401);
    const audit = await req("GET", "/api/v1/admin/audit?action=token.revoke", { session: admin });
    expect(audit.body["entries"][0]).toMatchObject({ target: made.body["id"], outcome: "ok" });
  });

  it("GZ-25 a token made for a number of days is refused after them; the list shows when each token expires and was last used", async () => {
    const admin = await login("gz_admin");
    const made = await req("POST", "/api/v1/admin/tokens", { body: { name: "临时对接（30天）", scopes: ["integration"], expiresInDays: 30 }, session: admin });
    expect(made.status).toBe(201);
    const bad = await req("POST", "/api/v1/admin/tokens", { body: { name: "x", scopes: ["integration"], expiresInDays: 0 }, session: admin });
    expect([bad.status, bad.body["error"]["field"]]).toEqual([400, "expiresInDays"]);
    const listed = async () => ((await req("GET", "/api/v1/admin/tokens", { session: admin })).body["tokens"] as any[]).find((x) => x.id === made.body["id"]);
    expect(await listed()).toMatchObject({ expiresAt: new Date(clock.value + 30 * 86_400_000).toISOString(), lastUsedAt: null });
    const bearer = { authorization: `Bearer ${made.body["token"] as string}` };
    expect((await req("POST", "/api/v1/jurisdictions/guangzhou/contacts", { body: { ...contact, channel: "wechat" }, headers: bearer })).status).toBe(201);
    expect((await listed()).lastUsedAt).toBe(new Date(clock.value).toISOString());
    // A second token of the same length, first used after its 30 days: refused.
    const later = await issueApiToken(t.ctx, "过期对接", ["integration"], "guangzhou", clock.value + 30 * 86_400_000);
    const saved = clock.value;
    clock.value += 31 * 86_400_000;
    expect(await actorForToken(t.ctx, later.token, "integration")).toBeUndefined();
    clock.value = saved;
  });

  it("a burst of requests under a token not looked up lately waits for one lookup, not one each; a revoked token is refused at once on this instance", async () => {
    const made = await issueApiToken(t.ctx, "12345 网站", ["integration"]);
    const actors = await Promise.all(Array.from({ length: 20 }, () => actorForToken(t.ctx, made.token, "integration")));
    expect(actors[0]).toMatchObject({ kind: "token", id: made.id });
    // One lookup answered them all: the same actor, not twenty equal ones.
    expect(new Set(actors).size).toBe(1);
    expect(await actorForToken(t.ctx, made.token, "admin")).toBeUndefined();
    expect(await actorForToken(t.ctx, "hl_not-a-token", "integration")).toBeUndefined();
    expect((await revokeToken(t.ctx, { id: made.id, role: "admin" }, made.id)).ok).toBe(true);
    expect(await actorForToken(t.ctx, made.token, "integration")).toBeUndefined();
  });
});
