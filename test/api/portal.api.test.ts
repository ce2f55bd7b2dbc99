import { describe, expect, it } from "vitest";
import { serverForTests } from "../support/http.ts";
import { actors, must, TestClock, unitId } from "../support/tickets.ts";
import { loadTicketByNumber } from "../../src/store/repositories/ticket.repository.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });

type Json = Record<string, any>;
async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${env.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Json };
}

describe("citizen portal", () => {
  it("GZ-2 a citizen submits on the web, gets the number, follows progress by number + phone, and rates the result on five levels with “solved?” apart (GZ-20, 51号)", async () => {
    const sub = await post(
      "/api/public/v1/jurisdictions/guangzhou/requests",
      { name: "吴十", phone: "13700002222", type: "help", content: "小区电梯故障三天无人修理，老人上下楼困难。", district: "海珠区" },
      { "idempotency-key": "portal-1" },
    );
    expect(sub.status).toBe(201);
    const number = sub.body["number"];
    expect(number).toMatch(/^GZ20261102\d{6}$/);
    expect(
      (
        await post(
          "/api/public/v1/jurisdictions/guangzhou/requests",
          { name: "吴十", phone: "13700002222", type: "help", content: "小区电梯故障三天无人修理，老人上下楼困难。" },
          { "idempotency-key": "portal-1" },
        )
      ).body["number"],
    ).toBe(number);

    const wrongPhone = await post(`/api/public/v1/requests/${number}/progress`, { phone: "13700009999" });
    expect(wrongPhone.status).toBe(404);
    expect(wrongPhone.body["error"]["message"]).toContain("核对工单编号和手机号");

    const first = await post(`/api/public/v1/requests/${number}/progress`, { phone: "13700002222" });
    expect(first.body).toMatchObject({ number, status: "accepted", statusLabel: "已受理", canRate: false, progress: [{ step: "已受理" }] });
    expect(JSON.stringify(first.body)).not.toContain("13700002222");

    const t = env.app;
    let tk = await loadTicketByNumber(t.ctx.db, number);
    if (!tk) throw new Error("no ticket");
    expect(tk.channel).toBe("web");
    const hz = await unitId(t.ctx, "GZ-HZ");
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: hz });
    tk = await must(t.ctx, actors.unit(hz), tk, { kind: "sign" });
    // GZ-2: the citizen is told plain steps, never the hotline's internal statuses.
    expect((await post(`/api/public/v1/requests/${number}/progress`, { phone: "13700002222" })).body).toMatchObject({
      status: "in_progress",
      statusLabel: "办理中",
    });
    tk = await must(t.ctx, actors.unit(hz), tk, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "联系维保单位，内部审核意见：物业失职",
      result: "电梯已修复并通过检验",
      requesterInformedBy: "phone",
    });
    tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "" });

    const done = await post(`/api/public/v1/requests/${number}/progress`, { phone: "13700002222" });
    expect(done.body).toMatchObject({ status: "concluded", statusLabel: "已办结", canRate: true, result: "电梯已修复并通过检验" });
    expect(done.body["progress"].map((p: Json) => p["step"])).toEqual(["已受理", "已转办理单位", "办理单位已签收", "办理单位已反馈", "热线审核"]);
    expect(JSON.stringify(done.body)).not.toContain("内部审核意见");
    // 51号: five levels and "solved?" asked apart; an answer outside them is refused naming the field, and nothing is rated.
    for (const [body, field] of [
      [{ phone: "13700002222", rating: "good", solved: "resolved" }, "rating"],
      [{ phone: "13700002222", rating: "satisfied", solved: "maybe" }, "solved"],
      [{ phone: "13700002222", rating: "satisfied" }, "solved"],
    ] as const) {
      const bad = await post(`/api/public/v1/requests/${number}/rating`, body);
      expect([bad.status, (bad.body["error"] as Json)["field"]]).toEqual([400, field]);
    }
    expect((await post(`/api/public/v1/requests/${number}/progress`, { phone: "13700002222" })).body).toMatchObject({ canRate: true });
    const rated = await post(`/api/public/v1/requests/${number}/rating`, { phone: "13700002222", rating: "very_satisfied", solved: "partially_resolved" });
    expect(rated.body).toMatchObject({ rating: "very_satisfied", solved: "partially_resolved", canRate: false, status: "rated", statusLabel: "已评价" });
    const again = await post(`/api/public/v1/requests/${number}/rating`, { phone: "13700002222", rating: "unsatisfied", solved: "unresolved" });
    expect(again.status).toBeGreaterThanOrEqual(400);
  });

  it("portal input is validated with the field named, and the portal is rate limited", async () => {
    const bad = await post("/api/public/v1/jurisdictions/guangzhou/requests", { name: "吴", phone: "12345", type: "help", content: "内容足够长了吧" });
    expect(bad.body["error"]).toMatchObject({ code: "INVALID_ARGUMENT", field: "phone" });
    let last = 0;
    for (let i = 0; i < 35; i++) last = (await post("/api/public/v1/requests/GZ20261102000001/progress", { phone: "1" })).status;
    expect(last).toBe(429);
  });
});
