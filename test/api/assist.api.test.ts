import { describe, expect, it } from "vitest";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });

function as(role: string, unit?: string) {
  return {
    authorization: `Bearer ${env.app.seed.adminToken}`,
    "content-type": "application/json",
    "x-act-as-role": role,
    ...(unit ? { "x-act-as-unit": unit } : {}),
  };
}

/** A POST without a body carries no content type. */
function bare(role: string) {
  return { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": role };
}

async function conclude(t: TicketState, unit: string): Promise<void> {
  const ctx = env.app.ctx;
  let x = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: unit });
  x = await must(ctx, actors.unit(unit), x, { kind: "sign" });
  x = await must(ctx, actors.unit(unit), x, {
    kind: "submitFeedback",
    handledAt: clock.value,
    process: "已现场处理",
    result: "已解决",
    requesterInformedBy: "phone",
  });
  x = await must(ctx, actors.reviewer, x, { kind: "reviewFeedback", approved: true, reason: "" });
  x = await must(ctx, actors.reviewer, x, { kind: "rate", rating: "satisfied" });
  await must(ctx, actors.reviewer, x, { kind: "conclude" });
}

const LIGHTS = ["小区路灯不亮已经一个月", "路灯坏了晚上很黑，老人摔倒", "门口的路灯一直闪烁不亮"];
const WAGES = ["公司拖欠工资三个月不发", "老板欠薪跑路了，讨要工资", "工地拖欠农民工工资"];

describe("intake suggestions (GX-12)", () => {
  it("GX-12 retrains from concluded tickets, suggests top-3 type, category and unit with scores, and an override trains only once an admin accepts it on the correction queue", async () => {
    const ctx = env.app.ctx;
    const cg = await unitId(ctx, "GZ-D-CG");
    const rs = await unitId(ctx, "GZ-D-RS");
    for (const text of LIGHTS) await conclude(await newTicket(ctx, "guangzhou", complaint(clock.value, { content: text, type: "help", category: "路灯" })), cg);
    for (const text of WAGES)
      await conclude(await newTicket(ctx, "guangzhou", complaint(clock.value, { content: text, type: "complaint", category: "欠薪" })), rs);
    // A ticket still open does not train the model.
    await newTicket(ctx, "guangzhou", complaint(clock.value, { content: "学校乱收费", category: "教育收费" }));

    const operatorTries = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/models/train`, { method: "POST", headers: bare("operator") });
    expect(operatorTries.status).toBe(403);
    const trained = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/models/train`, { method: "POST", headers: bare("admin") });
    expect(trained.status).toBe(201);
    const tb = (await trained.json()) as { trained: { target: string; version: number; examples: number; labels: number }[] };
    expect(tb.trained.map((m) => [m.target, m.version, m.examples, m.labels])).toEqual([
      ["type", 1, 6, 2],
      ["category", 1, 6, 2],
      ["unit", 1, 6, 2],
    ]);

    const res = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/assist/suggestions`, {
      method: "POST",
      headers: as("operator"),
      body: JSON.stringify({ text: "我们街上的路灯晚上不亮" }),
    });
    expect(res.status).toBe(200);
    const s = (await res.json()) as Record<string, { modelVersion: number; suggestions: any[] }>;
    expect(s["category"]?.suggestions.map((x) => x.label)).toEqual(["路灯", "欠薪"]);
    expect(s["category"]?.suggestions[0]?.score).toBeGreaterThan(0.5);
    expect(s["type"]?.suggestions[0]?.label).toBe("help");
    // Units come with their evidence: the model's score and the unit's record (no category entered yet).
    expect(s["unit"]?.modelVersion).toBe(1);
    expect(s["unit"]?.suggestions[0]).toMatchObject({
      rank: 1,
      unitId: cg,
      unitName: "广州市城市管理和综合执法局",
      model: { version: 1 },
      record: { category: "", handled: 0 },
    });

    const unitStaff = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/assist/suggestions`, {
      method: "POST",
      headers: as("unit_handler", cg),
      body: JSON.stringify({ text: "路灯" }),
    });
    expect(unitStaff.status).toBe(403);
    const empty = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/assist/suggestions`, {
      method: "POST",
      headers: as("operator"),
      body: JSON.stringify({ text: "  " }),
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { field: string } }).error.field).toBe("text");

    // The operator overrides the suggestion: the override waits on the correction queue, and does not train yet.
    const intake = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/contacts`, {
      method: "POST",
      headers: as("operator"),
      body: JSON.stringify({
        channel: "phone",
        requester: { name: "李四", phone: "13900139000" },
        type: "complaint",
        category: "噪声",
        content: "路灯维修工程半夜施工噪声太大",
        suggestionChoices: [{ target: "category", modelVersion: 1, suggested: ["路灯", "欠薪"], chosen: "噪声" }],
      }),
    });
    expect(intake.status).toBe(201);
    const ticketId = ((await intake.json()) as { ticket: { id: string } }).ticket.id;
    const train = async () => {
      await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/models/train`, { method: "POST", headers: bare("admin") });
      const models = (await (await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/models`, { headers: as("admin") })).json()) as {
        models: { target: string; version: number; labels: string[]; examples: number }[];
      };
      return models.models.filter((m) => m.target === "category").map((m) => [m.version, m.examples, m.labels]);
    };
    expect((await train())[0]).toEqual([2, 6, ["欠薪", "路灯"]]);
    const queue = (await (await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/label-corrections`, { headers: as("admin") })).json()) as { items: any[] };
    const item = queue.items.find((i) => i.ticketId === ticketId);
    expect(item).toMatchObject({ kind: "intake_override", category: "噪声", wrongCategory: "路灯", proposedUnitId: null, by: expect.any(String) });
    // The admin accepts the category: there is no unit to correct yet, and the category alone trains.
    const decided = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/label-corrections/decide`, {
      method: "POST",
      headers: as("admin"),
      body: JSON.stringify({ ticketId, seq: item.seq, accept: true, note: "噪声类" }),
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ accepted: true, unitId: null, category: "噪声" });
    // Six concluded tickets and the accepted correction, counted three times.
    expect((await train())[0]).toEqual([3, 9, ["噪声", "欠薪", "路灯"]]);
  });
});
