import { describe, expect, it, beforeAll } from "vitest";
import { sql } from "drizzle-orm";
import { issueApiToken } from "../../src/app/auth/api-tokens.ts";
import { serverForTests } from "../support/http.ts";
import { complaint, newTicket, TestClock } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
let key = "";

beforeAll(async () => {
  key = (await issueApiToken(env.app.ctx, "311 client", ["integration"])).token;
});

async function post(body: Record<string, string>, format = "json") {
  const res = await fetch(`${env.url}/open311/v2/requests.${format}?`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
  return { status: res.status, text: await res.text() };
}

describe("Open311 GeoReport v2 (GZ-2, GX-2)", () => {
  it("GZ-2 lists the services (the category tree) as JSON and XML", async () => {
    const json = (await (await fetch(`${env.url}/open311/v2/services.json`)).json()) as {
      service_code: string;
      service_name: string;
      group: string;
      metadata: boolean;
    }[];
    expect(json.length).toBeGreaterThan(300);
    expect(json[0]).toMatchObject({ service_code: "C010101", group: "城乡建设", metadata: false });
    const xml = await (await fetch(`${env.url}/open311/v2/services.xml`)).text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>C010101<\/service_code>/);
  });

  it("GZ-2 a 311 client posts a request with its api_key and reads it back; the requester never appears", async () => {
    const services = (await (await fetch(`${env.url}/open311/v2/services.json`)).json()) as { service_code: string; service_name: string }[];
    const lights = services.find((s) => s.service_name === "城市公共设施")!;
    const r = await post({
      api_key: key,
      jurisdiction_id: "guangzhou",
      service_code: lights.service_code,
      description: "五山路路灯不亮，晚上很黑。",
      address_string: "天河区五山路1号",
      first_name: "三",
      last_name: "张",
      phone: "13812345678",
    });
    expect(r.status, r.text).toBe(201);
    const [made] = JSON.parse(r.text) as { service_request_id: string; service_notice: string }[];
    expect(made?.service_request_id).toMatch(/^GZ\d{14}$/);
    const one = await fetch(`${env.url}/open311/v2/requests/${made?.service_request_id}.json?jurisdiction_id=guangzhou`);
    const body = await one.text();
    expect(one.status).toBe(200);
    expect(JSON.parse(body)[0]).toMatchObject({
      service_request_id: made?.service_request_id,
      status: "open",
      service_code: lights.service_code,
      service_name: "城市公共设施",
      status_notes: "已受理，待派单",
    });
    expect(JSON.parse(body)[0].requested_datetime).toMatch(/\+08:00$/);
    for (const secret of ["张", "13812345678", "五山路1号"]) expect(body).not.toContain(secret);
    const xml = await (await fetch(`${env.url}/open311/v2/requests/${made?.service_request_id}.xml?jurisdiction_id=guangzhou`)).text();
    expect(xml).toContain(`<service_request_id>${made?.service_request_id}</service_request_id>`);
    expect(xml).toContain("<status>open</status>");
    const list = (await (await fetch(`${env.url}/open311/v2/requests.json?jurisdiction_id=guangzhou&status=open`)).json()) as { service_request_id: string }[];
    expect(list.map((x) => x.service_request_id)).toContain(made?.service_request_id);
    const closed = (await (await fetch(`${env.url}/open311/v2/requests.json?jurisdiction_id=guangzhou&status=closed`)).json()) as unknown[];
    expect(closed).toEqual([]);
  });

  it("GZ-25 reports (举报) and confidential requests are never public: not listed, and 404 by number", async () => {
    const report = await newTicket(env.app.ctx, "guangzhou", complaint(clock.value, { type: "report", content: "举报某餐馆无证经营。" }));
    const confidential = await newTicket(
      env.app.ctx,
      "guangzhou",
      complaint(clock.value, { requester: { name: "李四", phone: "13900001111", kind: "person", confidential: true } }),
    );
    for (const t of [report, confidential]) {
      const r = await fetch(`${env.url}/open311/v2/requests/${t.number}.json?jurisdiction_id=guangzhou`);
      expect(r.status).toBe(404);
      expect(((await r.json()) as { code: number }[])[0]?.code).toBe(404);
    }
    const list = (await (await fetch(`${env.url}/open311/v2/requests.json?jurisdiction_id=guangzhou`)).json()) as { service_request_id: string }[];
    expect(list.map((x) => x.service_request_id)).not.toContain(report.number);
    expect(list.map((x) => x.service_request_id)).not.toContain(confidential.number);
  });

  it("refuses a bad or missing api_key (403 / 400), an unknown service and a request without a place, as GeoReport errors", async () => {
    const base = { jurisdiction_id: "guangzhou", service_code: "C010101", description: "测试", address_string: "天河区" };
    const bad = await post({ ...base, api_key: "hl_wrong" });
    expect(bad.status).toBe(403);
    expect(JSON.parse(bad.text)[0]).toMatchObject({ code: 403 });
    expect((await post(base)).status).toBe(400);
    const unknown = await post({ ...base, api_key: key, service_code: "C999999" }, "xml");
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("<errors><error><code>400</code><description>service_code:");
    const noPlace = await post({ api_key: key, jurisdiction_id: "guangzhou", service_code: "C010101", description: "测试" });
    expect(noPlace.status).toBe(400);
    expect(noPlace.text).toContain("address_string");
  });

  it("a refused request writes nothing: Nanning's tree is read, never stored, until an admin changes it", async () => {
    const rows = async () =>
      (
        (await env.app.ctx.db.execute(
          sql`select (select count(*) from category where jurisdiction_id = 'nanning')::int c, (select count(*) from ticket)::int t`,
        )) as unknown as { rows: unknown[] }
      ).rows[0];
    const before = await rows();
    expect(before).toMatchObject({ c: 0 });
    const unknown = await post({ jurisdiction_id: "nanning", service_code: "C999999", description: "测试", address_string: "青秀区", api_key: key });
    expect(unknown.status).toBe(400);
    expect((await (await fetch(`${env.url}/open311/v2/services.json?jurisdiction_id=nanning`)).json()).length).toBeGreaterThan(10);
    expect(await rows()).toEqual(before);
  });
});
