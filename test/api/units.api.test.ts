import { describe, expect, it } from "vitest";
import { actAs, serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const as = (role: string, unit?: string) => actAs(env.app.seed.adminToken, role, unit);
type Json = Record<string, any>;

async function change(body: unknown, role = "admin") {
  const res = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/units/changes`, {
    method: "POST",
    headers: { ...as(role), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

function find(nodes: Json[], id: string): Json | undefined {
  for (const n of nodes) {
    if (n["id"] === id) return n;
    const below = find(n["children"] ?? [], id);
    if (below) return below;
  }
  return undefined;
}

describe("unit tree maintenance by administrators", () => {
  it("GZ-6 an admin adds a sub-district office under a district; it takes tickets; stopped, it takes no new ones; every change is audited", async () => {
    const ctx = env.app.ctx;
    const th = await unitId(ctx, "GZ-TH");
    const made = await change({ kind: "create", parentId: th, code: "gz-th-test", name: "测试街道办事处", unitKind: "executing_unit", district: "天河区" });
    expect(made.status).toBe(201);
    expect(made.body["unit"]).toMatchObject({ code: "GZ-TH-TEST", name: "测试街道办事处", parentId: th, active: true });
    const id = made.body["unit"]["id"] as string;
    const tree = (await (await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/units`)).json()) as Json;
    expect(find(tree["units"], id)).toMatchObject({ name: "测试街道办事处", active: true, kindLabel: "经办单位" });

    expect((await change({ kind: "update", id, name: "测试街道" })).body["unit"]["name"]).toBe("测试街道");
    let t = await newTicket(ctx, "guangzhou", complaint(clock.value));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th });
    t = await must(ctx, actors.unit(th), t, { kind: "sign" });
    await must(ctx, actors.unit(th), t, { kind: "designateExecutingUnit", unitId: id });
    const busy = await change({ kind: "deactivate", id });
    expect([busy.status, busy.body["error"]["code"]]).toEqual([422, "UNIT_IN_USE"]);
    expect(busy.body["error"]["message"]).toContain("1 件在办工单");
    const parentBusy = await change({ kind: "deactivate", id: th });
    expect(parentBusy.body["error"]["code"]).toBe("UNIT_IN_USE");

    const other = await change({ kind: "create", parentId: th, code: "GZ-TH-TEST2", name: "测试街道二", unitKind: "executing_unit" });
    const otherId = other.body["unit"]["id"] as string;
    expect((await change({ kind: "deactivate", id: otherId })).body["unit"]["active"]).toBe(false);
    const t2 = await must(
      ctx,
      actors.unit(th),
      await must(ctx, actors.dispatcher, await newTicket(ctx, "guangzhou", complaint(clock.value)), { kind: "dispatch", leadUnitId: th }),
      { kind: "sign" },
    );
    const refused = await fetch(`${env.url}/api/v1/tickets/${t2.id}/designateExecutingUnit`, {
      method: "POST",
      headers: { ...as("unit_handler", th), "content-type": "application/json" },
      body: JSON.stringify({ version: t2.version, unitId: otherId }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Json)["error"]["message"]).toContain("已停用");

    const log = (await (await fetch(`${env.url}/api/v1/admin/audit`, { headers: as("admin") })).json()) as Json;
    const entries = log["entries"] as Json[];
    expect(entries.filter((e) => String(e["action"]).startsWith("unit.")).map((e) => e["action"])).toEqual(
      expect.arrayContaining(["unit.create", "unit.update", "unit.deactivate"]),
    );
  });

  it("only administrators change units; bad input names its field and changes nothing", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    expect((await change({ kind: "create", parentId: th, code: "GZ-X", name: "x", unitKind: "executing_unit" }, "dispatcher")).status).toBe(403);
    const bad = await change({ kind: "create", parentId: th, code: "坏编码", name: "x", unitKind: "executing_unit" });
    expect([bad.status, bad.body["error"]["field"]]).toEqual([400, "code"]);
    const kind = await change({ kind: "create", parentId: th, code: "GZ-Y", name: "x", unitKind: "planet" });
    expect([kind.status, kind.body["error"]["field"]]).toEqual([400, "unitKind"]);
    const cycle = await change({ kind: "move", id: th, parentId: await unitId(env.app.ctx, "GZ-TH-01") });
    expect([cycle.status, cycle.body["error"]["field"]]).toEqual([400, "parentId"]);
  });
});
