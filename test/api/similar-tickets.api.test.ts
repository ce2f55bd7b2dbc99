import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { backfillTicketTexts } from "../../src/app/assist/similar-tickets.ts";
import { serverForTests } from "../support/http.ts";
import { complaint, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });

async function similar(body: Record<string, unknown>, role = "operator", unit?: string) {
  const res = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/assist/similar-tickets`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${env.app.seed.adminToken}`,
      "content-type": "application/json",
      "x-act-as-role": role,
      ...(unit ? { "x-act-as-unit": unit } : {}),
    },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    text: await res.clone().text(),
    body: (await res.json()) as { tickets: { id: string; number: string; reasons: string[]; statusLabel: string }[] },
  };
}

describe("same matter again at intake (GZ-11.4, GZ-22, GX-12)", () => {
  it("GZ-11.4 shows the same requester's, the same place's and similar-text tickets first, not unrelated or old ones, and no requester identity", async () => {
    const ctx = env.app.ctx;
    const place = { district: "天河区", subDistrict: "五山街道", address: "五山路1号" };
    const old = await newTicket(
      ctx,
      "guangzhou",
      complaint(clock.value - 200 * 86_400_000, {
        requester: { name: "张三", phone: "13800001111", kind: "person" },
        content: "五山路路灯不亮",
        location: place,
      }),
    );
    const same = await newTicket(
      ctx,
      "guangzhou",
      complaint(clock.value, {
        requester: { name: "张三", phone: "13800001111", kind: "person" },
        content: "五山路1号门口的路灯不亮，晚上很黑。",
        location: place,
      }),
    );
    const samePlace = await newTicket(
      ctx,
      "guangzhou",
      complaint(clock.value, {
        requester: { name: "李四", phone: "13900002222", kind: "person" },
        content: "楼下垃圾堆放没人清理。",
        location: { ...place, address: "五山路 1 号" },
      }),
    );
    const similarText = await newTicket(
      ctx,
      "guangzhou",
      complaint(clock.value, {
        requester: { name: "王五", phone: "13700003333", kind: "person" },
        content: "五山街道路灯不亮已经一周了。",
        location: { district: "天河区", subDistrict: "五山街道", address: "华南路8号" },
      }),
    );
    const unrelated = await newTicket(
      ctx,
      "guangzhou",
      complaint(clock.value, {
        requester: { name: "赵六", phone: "13600004444", kind: "person" },
        content: "公司拖欠工资三个月。",
        location: { district: "海珠区", address: "江南大道1号" },
      }),
    );
    // The same caller about something else: shown for the caller, not as 内容相近.
    const sameCallerOther = await newTicket(
      ctx,
      "guangzhou",
      complaint(clock.value, {
        requester: { name: "张三", phone: "13800001111", kind: "person" },
        content: "咨询公积金提取需要哪些材料。",
        location: { district: "海珠区", address: "江南大道9号" },
      }),
    );

    const r = await similar({ text: "五山路的路灯还是不亮", phone: "13800001111", district: "天河区", address: "五山路1号" });
    expect(r.status).toBe(200);
    const ids = r.body.tickets.map((t) => t.id);
    expect(ids[0]).toBe(same.id);
    expect(r.body.tickets[0]?.reasons).toEqual(["same_phone", "same_place", "similar_text"]);
    expect(ids).toContain(samePlace.id);
    expect(r.body.tickets.find((t) => t.id === samePlace.id)?.reasons).toEqual(["same_place"]);
    expect(r.body.tickets.find((t) => t.id === similarText.id)?.reasons).toEqual(["similar_text"]);
    expect(r.body.tickets.find((t) => t.id === sameCallerOther.id)?.reasons).toEqual(["same_phone"]);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(old.id);
    expect(r.body.tickets[0]?.statusLabel).toBe("待派单");
    expect(r.text).not.toContain("张三");
    expect(r.text).not.toContain("13800001111");

    const unit = await similar({ text: "路灯" }, "unit_handler", await unitId(ctx, "GZ-TH"));
    expect(unit.status).toBe(403);
    const empty = await similar({ text: " " });
    expect(empty.status).toBe(400);
  });

  it("tickets made before the index existed are backfilled once and then found", async () => {
    const ctx = env.app.ctx;
    const t = await newTicket(ctx, "guangzhou", complaint(clock.value, { content: "珠江新城共享单车乱停放堵塞人行道。", location: { district: "天河区" } }));
    await ctx.db.execute(sql`delete from ticket_text where ticket_id = ${t.id}`);
    expect((await similar({ text: "共享单车乱停放" })).body.tickets.map((x) => x.id)).not.toContain(t.id);
    expect(await backfillTicketTexts(ctx)).toBe(1);
    expect(await backfillTicketTexts(ctx)).toBe(0);
    expect((await similar({ text: "共享单车乱停放" })).body.tickets.map((x) => x.id)).toContain(t.id);
  });
});
