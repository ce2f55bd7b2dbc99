import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";

let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let token: string;

beforeAll(async () => {
  t = await openTestApp({ now: () => Date.parse("2026-11-24T10:00:00+08:00") });
  server = await startServer(t.ctx);
  if (!t.seed.adminToken) throw new Error("seeding made no admin token");
  token = t.seed.adminToken;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

async function get(path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function importFile(text: string, auth = `Bearer ${token}`) {
  const res = await fetch(`${server.url}/api/v1/admin/calendar/import`, {
    method: "POST",
    headers: { "content-type": "text/csv", authorization: auth },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function counts() {
  const r = await t.ctx.db.execute(
    sql`select (select count(*) from calendar_year)::int as years, (select count(*) from calendar_day)::int as days, (select count(*) from calendar_import)::int as imports`,
  );
  return (r as unknown as { rows: unknown[] }).rows[0];
}

const notice2027 = `# scope: CN
# year: 2027
# notice: 国务院办公厅关于2027年部分节假日安排的通知（测试）
date,status,name
2027-02-05,off,春节
2027-02-06,off,春节
2027-02-07,off,春节
2027-02-08,off,春节
2027-02-09,off,春节
2027-02-10,off,春节
2027-02-11,off,春节
2027-02-20,work,春节
`;

describe("calendar over HTTP", () => {
  it("the shipped years 2020–2026 are official with their notice, 2027 provisional with a warning", async () => {
    const r = await get("/api/v1/calendar/years");
    expect(r.status).toBe(200);
    const cn = r.body["years"].filter((y: { scope: string }) => y.scope === "CN");
    expect(cn.map((y: { year: number; status: string }) => `${y.year}:${y.status}`)).toEqual([
      "2020:official",
      "2021:official",
      "2022:official",
      "2023:official",
      "2024:official",
      "2025:official",
      "2026:official",
      "2027:provisional",
    ]);
    expect(cn[6].notice).toBe("国务院办公厅关于2026年部分节假日安排的通知");
    expect(cn[6].noticeUrl).toMatch(/^https:\/\/www\.gov\.cn\//);
    expect(r.body["warnings"]).toEqual([expect.objectContaining({ year: 2027 })]);
    const gx = r.body["years"].filter((y: { scope: string; status: string }) => y.scope === "GX" && y.status === "official");
    expect(gx.map((y: { year: number }) => y.year)).toEqual([2023, 2024]);
  });

  it("GZ-17.1 the days of a policy's calendar show 调休 and regional days by jurisdiction", async () => {
    const gz = await get("/api/v1/calendar/days?policy=guangzhou-2022&from=2023-04-21&to=2023-04-23");
    const gx = await get("/api/v1/calendar/days?policy=guangxi-2021&from=2023-04-21&to=2023-04-23");
    expect(gz.body["days"].map((d: { working: boolean }) => d.working)).toEqual([true, false, true]);
    expect(gx.body["days"].map((d: { working: boolean }) => d.working)).toEqual([false, false, false]);
    expect(gx.body["days"][2]).toMatchObject({ name: "壮族三月三", source: "GX" });
  });

  it("refuses an import without an admin token, changing nothing", async () => {
    const before = await counts();
    const r = await importFile(notice2027, "Bearer wrong");
    expect(r.status).toBe(401);
    expect(r.body["error"]).toMatchObject({ code: "UNAUTHORIZED", field: "authorization" });
    expect((await importFile(notice2027, `Bearer ${token}`.replace(/.$/, "x"))).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it("rejects a bad file with each line and reason, loading nothing", async () => {
    const before = await counts();
    const bad =
      notice2027.replace("2027-02-07,off,春节", "2027-02-30,off,春节").replace("2027-02-20,work,春节", "2027-02-20,holiday,春节") + "2027-02-05,off,春节\n";
    const r = await importFile(bad);
    expect(r.status).toBe(400);
    expect(r.body["error"]["code"]).toBe("CALENDAR_FILE_INVALID");
    expect(r.body["error"]["details"]).toEqual([
      expect.objectContaining({ line: 7, en: "date '2027-02-30' is not a valid YYYY-MM-DD date" }),
      expect.objectContaining({ line: 12, en: "status 'holiday' must be off or work" }),
      expect.objectContaining({ line: 13, en: "date 2027-02-05 repeats line 5" }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it("refuses a scope no policy uses", async () => {
    const r = await importFile(notice2027.replace("# scope: CN", "# scope: XZ"));
    expect(r.status).toBe(400);
    expect(r.body["error"]).toMatchObject({ code: "CALENDAR_SCOPE_UNKNOWN", field: "scope" });
  });

  it("GZ-17.1 loading the 2027 notice makes 2027 official and recomputes deadlines that were provisional", async () => {
    const q = "/api/v1/deadlines?policy=guangzhou-2022&rule=handling&type=consultation&from=2027-02-04T10:00:00%2B08:00";
    expect((await get(q)).body).toEqual({ due: "2027-02-10T23:59:59.999+08:00", provisional: true, rule: "GZ-17.1" });
    const r = await importFile(notice2027);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ scope: "CN", year: 2027, days: 8, replaced: false });
    expect((await get(q)).body).toEqual({ due: "2027-02-15T23:59:59.999+08:00", provisional: false, rule: "GZ-17.1" });
    const years = await get("/api/v1/calendar/years");
    expect(years.body["warnings"]).toEqual([]);
    const log = await fetch(`${server.url}/api/v1/admin/calendar/imports`, { headers: { authorization: `Bearer ${token}` } });
    const imports = ((await log.json()) as { imports: { year: number; actor: string }[] }).imports;
    expect(imports[0]).toMatchObject({ year: 2027, actor: expect.stringMatching(/^token:.+:admin$/) });
  });
});

describe("deadlines and reference data over HTTP", () => {
  it("GX-26.2 answers the same as the engine, and names the bad argument in Chinese and English", async () => {
    expect((await get("/api/v1/deadlines?policy=guangxi-2021&rule=handling&type=help&from=2026-04-30T10:00:00%2B08:00")).body).toEqual({
      due: "2026-05-08T23:59:59.999+08:00",
      provisional: false,
      rule: "GX-26.2",
    });
    const bad = await get("/api/v1/deadlines?policy=guangxi-2021&rule=handling&type=help&from=2026-04-30");
    expect(bad.status).toBe(400);
    expect(bad.body["error"]).toMatchObject({ code: "INVALID_ARGUMENT", field: "from" });
    expect(bad.body["error"]["message"]).toContain("起算时间");
  });

  it("GX-8 the demo Nanning tree has a county workstation relaying to county units", async () => {
    const r = await get("/api/v1/jurisdictions/nanning/units");
    const centre = r.body["units"][0].children[0];
    const ws = centre.children.find((u: { code: string }) => u.code === "NN-BY-WS");
    expect(ws).toMatchObject({ kind: "workstation", kindLabel: "工作站" });
    expect(ws.children.map((u: { code: string }) => u.code)).toEqual(["NN-BY", "NN-BY-ZJ"]);
    expect((await get("/api/v1/jurisdictions/nowhere/units")).status).toBe(404);
  });

  it("GX-38 the policies list shows the city policy derived from the regional one", async () => {
    const r = await get("/api/v1/policies");
    expect(r.body["policies"]).toContainEqual(expect.objectContaining({ id: "guangxi-nanning", extends: "guangxi-2021" }));
    const p = await get("/api/v1/policies/guangzhou-2022");
    expect(p.body["limits"]["handling"]["byType"]["consultation"]).toEqual({ unit: "workingDays", n: 2, rule: "GZ-17.1" });
  });

  it("GZ-11 GX-20 the category tree for intake has three levels", async () => {
    const r = await get("/api/v1/categories");
    expect(r.body["tree"]).toHaveLength(15);
    expect(r.body["tree"][0]).toMatchObject({
      name: "城乡建设",
      children: expect.arrayContaining([expect.objectContaining({ name: "安全生产", children: expect.arrayContaining([{ name: "安全隐患" }]) })]),
    });
  });

  it("the reference routes' old addresses answer 308 to /api/v1 (method, query and body kept) and are deprecated in /docs", async () => {
    for (const [old, moved] of [
      ["/api/policies", "/api/v1/policies"],
      ["/api/calendar/days?policy=guangzhou-2022&from=2023-04-21&to=2023-04-23", "/api/v1/calendar/days?policy=guangzhou-2022&from=2023-04-21&to=2023-04-23"],
      ["/api/jurisdictions/nanning/units", "/api/v1/jurisdictions/nanning/units"],
    ]) {
      const res = await fetch(`${server.url}${old}`, { redirect: "manual" });
      expect([res.status, res.headers.get("location")]).toEqual([308, moved]);
      expect((await get(old!)).body).toEqual((await get(moved!)).body);
    }
    const post = await fetch(`${server.url}/api/admin/calendar/import`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "x",
      redirect: "manual",
    });
    expect([post.status, post.headers.get("location")]).toEqual([308, "/api/v1/admin/calendar/import"]);
    const doc = (await (await fetch(`${server.url}/docs/json`)).json()) as { paths: Record<string, Record<string, { deprecated?: boolean }>> };
    expect(doc.paths["/api/policies"]?.["get"]?.deprecated).toBe(true);
    expect(doc.paths["/api/v1/policies"]?.["get"]?.deprecated).toBeUndefined();
    // Nothing else is left outside /api/v1, the portal's /api/public/v1 and the standards' own paths.
    const outside = Object.keys(doc.paths).filter(
      (p) =>
        p.startsWith("/api/") &&
        !p.startsWith("/api/v1/") &&
        !p.startsWith("/api/public/v1/") &&
        !Object.values(doc.paths[p] ?? {}).every((op) => op.deprecated),
    );
    expect(outside).toEqual([]);
  });

  it("readiness reports a reachable database", async () => {
    const r = await get("/health/ready");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ready", database: "ok", migrationsPending: 0 });
  });
});
