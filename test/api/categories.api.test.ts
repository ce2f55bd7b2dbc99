import { describe, expect, it } from "vitest";
import { actAs, serverForTests } from "../support/http.ts";
import { TestClock, unitId } from "../support/tickets.ts";
import { trainAndStore } from "../../src/app/assist/intake-models.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const as = (role: string, unit?: string) => actAs(env.app.seed.adminToken, role, unit);
type Json = Record<string, any>;

async function change(body: unknown, role = "admin", unit?: string) {
  const res = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/categories/changes`, {
    method: "POST",
    headers: { ...as(role, unit), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const tree = async (extra = "") => ((await (await fetch(`${env.url}/api/v1/categories?jurisdiction=guangzhou${extra}`)).json()) as Json)["tree"] as Json[];
const services = async (j = "guangzhou") => (await (await fetch(`${env.url}/open311/v2/services.json?jurisdiction_id=${j}`)).json()) as Json[];
function find(nodes: Json[], code: string): Json | undefined {
  for (const n of nodes) {
    if (n["code"] === code) return n;
    const below = find(n["children"] ?? [], code);
    if (below) return below;
  }
  return undefined;
}

describe("category tree maintenance by administrators", () => {
  it("GZ-11 GX-20 a platform's tree begins as the shipped one, coded C01…; an admin adds a matter, it is picked at intake and offered as an Open311 service with its own code", async () => {
    const before = await tree();
    expect(before[0]).toMatchObject({ code: "C01", name: "城乡建设", active: true, version: 1 });
    expect(find(before, "C010101")).toMatchObject({ name: before[0]!["children"][0]["children"][0]["name"] });
    const shipped = ((await (await fetch(`${env.url}/api/v1/categories`)).json()) as Json)["tree"] as Json[];
    expect(shipped[0]?.["name"]).toBe("城乡建设");
    const made = await change({ kind: "create", parentCode: "C0101", name: "无人机噪声" });
    expect(made.status).toBe(201);
    const code = made.body["changed"][0]["code"] as string;
    expect(code).toMatch(/^C0101\d{2}$/);
    expect(find(await tree(), code)).toMatchObject({ name: "无人机噪声", active: true });
    const service = (await services()).find((s) => s["service_code"] === code);
    expect(service).toMatchObject({ service_name: "无人机噪声", group: "城乡建设" });
    // Another platform's tree is its own.
    expect((await services("nanning")).some((s) => s["service_code"] === code)).toBe(false);
    const audit = (await (await fetch(`${env.url}/api/v1/admin/audit?action=category.create`, { headers: as("admin") })).json()) as Json;
    expect(audit["entries"][0]).toMatchObject({ action: "category.create", target: `guangzhou/${code}` });
  });

  it("GZ-11 renaming keeps the code (Open311 clients keep working); a stale version gets 409; a name the dispatch catalogue routes by is refused with the reason", async () => {
    const made = await change({ kind: "create", parentCode: "C0101", name: "共享单车乱停" });
    const code = made.body["changed"][0]["code"] as string;
    const renamed = await change({ kind: "rename", code, version: 1, name: "共享单车停放" });
    expect(renamed.status).toBe(200);
    expect(renamed.body["changed"]).toEqual([expect.objectContaining({ code, name: "共享单车停放", version: 2 })]);
    expect((await services()).find((s) => s["service_code"] === code)?.["service_name"]).toBe("共享单车停放");
    const stale = await change({ kind: "rename", code, version: 1, name: "又改" });
    expect([stale.status, stale.body["error"]["code"], stale.body["error"]["field"]]).toEqual([409, "VERSION_CONFLICT", "version"]);
    const th = await unitId(env.app.ctx, "GZ-TH");
    const entry = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/catalogue`, {
      method: "POST",
      headers: { ...as("admin"), "content-type": "application/json" },
      body: JSON.stringify({
        category: "共享单车停放",
        district: "天河区",
        leadUnitId: th,
        legalBasis: "《广州市互联网租赁自行车管理办法》",
        source: { kind: "power_list", document: "天河区权责清单" },
        reason: "新增分类",
      }),
    });
    expect(entry.status).toBe(201);
    const used = await change({ kind: "rename", code, version: 2, name: "单车" });
    expect([used.status, used.body["error"]["code"], used.body["error"]["field"]]).toEqual([422, "CATEGORY_IN_USE", "name"]);
    expect(used.body["error"]["message"]).toContain("派单目录中有 1 条");
    expect(find(await tree(), code)?.["name"]).toBe("共享单车停放");
  });

  it("GZ-11 stopping a category hides it and what is below it from pickers and Open311, kept in the admin's view; restarted, it is back with the same code", async () => {
    const area = await change({ kind: "create", parentCode: "C01", name: "临时分类" });
    const areaCode = area.body["changed"][0]["code"] as string;
    const leaf = await change({ kind: "create", parentCode: areaCode, name: "临时事项" });
    const leafCode = leaf.body["changed"][0]["code"] as string;
    expect((await services()).some((s) => s["service_code"] === leafCode)).toBe(true);
    const stopped = await change({ kind: "deactivate", code: areaCode, version: 1 });
    expect(stopped.body["changed"].map((c: Json) => [c["code"], c["active"]])).toEqual([
      [areaCode, false],
      [leafCode, false],
    ]);
    expect(find(await tree(), areaCode)).toBeUndefined();
    expect(find(await tree("&all=true"), leafCode)).toMatchObject({ active: false });
    expect((await services()).some((s) => s["service_code"] === leafCode)).toBe(false);
    const post = await fetch(`${env.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        api_key: env.app.seed.adminToken,
        jurisdiction_id: "guangzhou",
        service_code: leafCode,
        description: "测试",
        address_string: "天河区",
      }),
    });
    expect(post.status).toBe(400);
    const child = await change({ kind: "reactivate", code: leafCode, version: 2 });
    expect([child.status, child.body["error"]["field"]]).toEqual([400, "code"]);
    expect((await change({ kind: "reactivate", code: areaCode, version: 2 })).status).toBe(200);
    expect((await change({ kind: "reactivate", code: leafCode, version: 2 })).status).toBe(200);
    expect((await services()).find((s) => s["service_code"] === leafCode)?.["service_name"]).toBe("临时事项");
  });

  it("GZ-11 only administrators change the tree; bad input names its field and changes nothing", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    for (const [role, unit] of [["dispatcher"], ["supervisor"], ["unit_leader", th]] as const) {
      const r = await change({ kind: "create", parentCode: "C01", name: "越权" }, role, unit);
      expect([role, r.status, r.body["error"]["code"]]).toEqual([role, 403, "FORBIDDEN"]);
    }
    const count = async () => JSON.stringify(await tree("&all=true")).length;
    const n = await count();
    for (const [body, field] of [
      [{ kind: "create", parentCode: "C01", name: "" }, "name"],
      [{ kind: "create", parentCode: "X1", name: "a" }, "parentCode"],
      [{ kind: "create", parentCode: "C99", name: "a" }, "parentCode"],
      [{ kind: "create", parentCode: "C01", name: "a", extra: 1 }, undefined],
      [{ kind: "rename", code: "C01", name: "a" }, "version"],
      [{ kind: "delete", code: "C01" }, "kind"],
    ] as const) {
      const r = await change(body);
      expect([JSON.stringify(body), r.status >= 400 && r.status < 500]).toEqual([JSON.stringify(body), true]);
      if (field) expect([JSON.stringify(body), r.body["error"]["field"]]).toEqual([JSON.stringify(body), field]);
      expect(r.body["error"]["message"]).toBeTruthy();
      expect(r.body["error"]["messageEn"]).toBeTruthy();
    }
    expect(await count()).toBe(n);
    expect((await fetch(`${env.url}/api/v1/categories?jurisdiction=atlantis`)).status).toBe(404);
  });

  it("GZ-11 GX-12 a stopped category is no longer suggested at intake, though the model learnt it", async () => {
    const lights = ["路灯不亮", "小区路灯坏了", "路灯晚上不亮很危险", "街边路灯损坏"].map((text) => ({ text, label: "城市公共设施" }));
    const rubbish = ["垃圾没人清理", "小区垃圾堆放发臭", "街道垃圾桶满了没人收", "垃圾清运不及时"].map((text) => ({ text, label: "环境卫生" }));
    expect((await trainAndStore(env.app.ctx, "guangzhou", "category", [...lights, ...rubbish], "test", "test")).ok).toBe(true);
    const suggest = async () =>
      (
        (await (
          await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/assist/suggestions`, {
            method: "POST",
            headers: { ...as("operator"), "content-type": "application/json" },
            body: JSON.stringify({ text: "我们街上的路灯晚上不亮" }),
          })
        ).json()) as Json
      )["category"]["suggestions"].map((x: Json) => x["label"]);
    expect((await suggest())[0]).toBe("城市公共设施");
    const all = await tree("&all=true");
    const walk = (nodes: Json[]): Json[] => nodes.flatMap((n) => [n, ...walk(n["children"] ?? [])]);
    const nodes = walk(all).filter((n) => n["name"] === "城市公共设施");
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect((await change({ kind: "deactivate", code: n["code"], version: n["version"] })).status).toBe(200);
    expect(await suggest()).not.toContain("城市公共设施");
    expect(await suggest()).toContain("环境卫生");
  });
});
