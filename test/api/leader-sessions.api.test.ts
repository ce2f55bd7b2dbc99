import { describe, expect, it } from "vitest";
import { actAs, serverForTests } from "../support/http.ts";
import { actors, must, TestClock, unitId } from "../support/tickets.ts";
import { loadTicket } from "../../src/store/repositories/ticket.repository.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const as = (role: string, unit?: string) => actAs(env.app.seed.adminToken, role, unit, true);
type Json = Record<string, any>;
async function call(method: string, path: string, body?: unknown, role = "supervisor") {
  const res = await fetch(`${env.url}${path}`, { method, headers: as(role), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json()) as Json };
}
const J = "/api/v1/jurisdictions/guangzhou/leader-sessions";

describe("leader call-answering sessions (GZ-8, GX-23)", () => {
  it("GZ-8 the year's list of participating units is set by the hotline; sessions are scheduled for listed units only, never twice at once, each change audited", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    const yx = await unitId(env.app.ctx, "GZ-YX");
    expect((await call("PUT", `${J}/units`, { year: 2026, unitIds: [th] }, "operator")).status).toBe(403);
    const set = await call("PUT", `${J}/units`, { year: 2026, unitIds: [th, th] });
    expect(set.status).toBe(200);
    expect(set.body["units"]).toEqual([{ unitId: th, unitName: "天河区人民政府" }]);
    const base = { leaderName: "王五", leaderTitle: "副区长", startsAt: "2026-11-05T09:00:00+08:00", endsAt: "2026-11-05T11:00:00+08:00" };
    const notListed = await call("POST", J, { ...base, unitId: yx });
    expect([notListed.status, notListed.body["error"]["field"], notListed.body["error"]["rule"]]).toEqual([400, "unitId", "GZ-8"]);
    const backwards = await call("POST", J, { ...base, unitId: th, endsAt: "2026-11-05T08:00:00+08:00" });
    expect([backwards.status, backwards.body["error"]["field"]]).toEqual([400, "endsAt"]);
    const made = await call("POST", J, { ...base, unitId: th, note: "区长接听日" });
    expect(made.status).toBe(201);
    expect(made.body["session"]).toMatchObject({ unitId: th, leaderName: "王五", leaderTitle: "副区长", startsAt: Date.parse(base.startsAt) });
    const twice = await call("POST", J, {
      ...base,
      unitId: th,
      leaderName: "赵六",
      startsAt: "2026-11-05T10:00:00+08:00",
      endsAt: "2026-11-05T12:00:00+08:00",
    });
    expect([twice.status, twice.body["error"]["code"]]).toEqual([409, "SESSION_CONFLICT"]);
    // Next year's list is its own: the unit is not on it yet.
    const nextYear = await call("POST", J, { ...base, unitId: th, startsAt: "2027-01-05T09:00:00+08:00", endsAt: "2027-01-05T11:00:00+08:00" });
    expect(nextYear.body["error"]?.["field"]).toBe("unitId");
    const audit = await call("GET", "/api/v1/admin/audit?action=leaderSession.schedule", undefined, "admin");
    expect(audit.body["entries"][0]).toMatchObject({ action: "leaderSession.schedule" });
  });

  it("GZ-8 GX-23 a ticket taken during a session is marked with it, listed by it, and followed until concluded; a contact outside the session cannot be marked", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    await call("PUT", `${J}/units`, { year: 2026, unitIds: [th] });
    const s = await call("POST", J, {
      unitId: th,
      leaderName: "李四",
      leaderTitle: "局长",
      startsAt: "2026-11-10T09:00:00+08:00",
      endsAt: "2026-11-10T11:00:00+08:00",
    });
    const id = s.body["session"]["id"] as string;
    const contact = (receivedAt: string, leaderSessionId = id) => ({
      channel: "phone",
      receivedAt,
      requester: { name: "市民", phone: "13800138000" },
      type: "complaint",
      content: "楼下餐馆油烟扰民，多次投诉未解决。",
      leaderSessionId,
    });
    clock.set("2026-11-10T09:30:00+08:00");
    const taken = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", contact("2026-11-10T09:20:00+08:00"), "operator");
    expect(taken.status).toBe(201);
    expect(taken.body["ticket"]["leaderSession"]).toEqual({ id, unitId: th, leaderName: "李四", leaderTitle: "局长" });
    const outside = await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", contact("2026-11-10T08:50:00+08:00"), "operator");
    expect([outside.status, outside.body["error"]["field"], outside.body["error"]["rule"]]).toEqual([400, "leaderSessionId", "GZ-8"]);
    const unknown = await call(
      "POST",
      "/api/v1/jurisdictions/guangzhou/contacts",
      contact("2026-11-10T09:20:00+08:00", "00000000-0000-4000-8000-000000000000"),
      "operator",
    );
    expect([unknown.status, unknown.body["error"]["code"]]).toEqual([404, "LEADER_SESSION_NOT_FOUND"]);
    await call("POST", "/api/v1/jurisdictions/guangzhou/contacts", { ...contact("2026-11-10T09:25:00+08:00"), leaderSessionId: undefined }, "operator");

    const listed = await call("GET", `/api/v1/tickets?jurisdiction=guangzhou&leaderSession=${id}`, undefined, "dispatcher");
    expect(listed.body["tickets"].map((t: Json) => t["id"])).toEqual([taken.body["ticket"]["id"]]);
    const follow = async () =>
      ((await call("GET", `${J}?year=2026`, undefined, "analyst")).body["sessions"] as Json[]).find((x) => x["id"] === id)?.["followUp"];
    expect(await follow()).toEqual({ taken: 1, concluded: 0, overdue: 0, satisfied: 0, rated: 0 });
    let t = (await loadTicket(env.app.ctx.db, taken.body["ticket"]["id"]))!;
    t = await must(env.app.ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th });
    t = await must(env.app.ctx, actors.unit(th), t, { kind: "sign" });
    t = await must(env.app.ctx, actors.unit(th), t, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "约谈餐馆",
      result: "已安装净化设备",
      requesterInformedBy: "phone",
    });
    t = await must(env.app.ctx, actors.reviewer, t, { kind: "reviewFeedback", approved: true, reason: "" });
    t = await must(env.app.ctx, actors.reviewer, t, { kind: "rate", rating: "satisfied" });
    await must(env.app.ctx, actors.reviewer, t, { kind: "conclude" });
    expect(await follow()).toEqual({ taken: 1, concluded: 1, overdue: 0, satisfied: 1, rated: 1 });
    // The unit's staff see their own unit's sessions, another unit's staff none.
    const unitView = (await (await fetch(`${env.url}${J}?year=2026`, { headers: as("unit_handler", th) })).json()) as Json;
    expect((unitView["sessions"] as Json[]).map((x) => x["id"])).toContain(id);
    const other = (await (await fetch(`${env.url}${J}?year=2026`, { headers: as("unit_handler", await unitId(env.app.ctx, "GZ-YX")) })).json()) as Json;
    expect(other["sessions"]).toEqual([]);
  });

  it("GZ-8 a session not yet begun can be cancelled with a reason and stays on the schedule as cancelled; one that has begun cannot", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    await call("PUT", `${J}/units`, { year: 2026, unitIds: [th] });
    clock.set("2026-11-12T09:00:00+08:00");
    const later = await call("POST", J, {
      unitId: th,
      leaderName: "周七",
      leaderTitle: "副局长",
      startsAt: "2026-11-20T09:00:00+08:00",
      endsAt: "2026-11-20T10:00:00+08:00",
    });
    const started = await call("POST", J, {
      unitId: th,
      leaderName: "吴八",
      leaderTitle: "局长",
      startsAt: "2026-11-12T08:30:00+08:00",
      endsAt: "2026-11-12T10:00:00+08:00",
    });
    expect((await call("POST", `/api/v1/leader-sessions/${later.body["session"]["id"]}/cancel`, { reason: " " })).body["error"]["field"]).toBe("reason");
    const cancelled = await call("POST", `/api/v1/leader-sessions/${later.body["session"]["id"]}/cancel`, { reason: "领导另有公务，改期" });
    expect(cancelled.body["session"]["cancelled"]).toMatchObject({ reason: "领导另有公务，改期" });
    const begun = await call("POST", `/api/v1/leader-sessions/${started.body["session"]["id"]}/cancel`, { reason: "取消" });
    expect([begun.status, begun.body["error"]["code"]]).toEqual([409, "SESSION_CONFLICT"]);
    const all = (await call("GET", `${J}?year=2026`)).body["sessions"] as Json[];
    expect(all.find((x) => x["id"] === later.body["session"]["id"])?.["cancelled"]?.["reason"]).toBe("领导另有公务，改期");
  });
});
