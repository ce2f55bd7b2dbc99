import Fastify from "fastify";
import { type AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleProvider, httpProvider, signature } from "../../src/channels/sms/sms-provider.ts";
import { sendDueNotices } from "../../src/jobs/notice-sender.ts";
import { sweepTimers } from "../../src/jobs/timer-sweeper.ts";
import { loadTicket } from "../../src/store/repositories/ticket.repository.ts";
import { serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, refused, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const SECRET = "test-secret-0123456789";
const env = serverForTests({ now: clock.now, smsSecret: SECRET });

/** A real HTTP SMS gateway on loopback: answers with the queued statuses, records what it got. */
const gateway = { url: "", answers: [] as number[], got: [] as { body: string; sig: string | undefined; key: string | undefined }[], close: async () => {} };
beforeAll(async () => {
  const g = Fastify();
  g.addContentTypeParser("application/json", { parseAs: "string" }, (_r, body, done) => done(null, body));
  g.post("/sms", async (req, reply) => {
    gateway.got.push({
      body: String(req.body),
      sig: req.headers["x-hotline-signature"] as string | undefined,
      key: req.headers["idempotency-key"] as string | undefined,
    });
    const status = gateway.answers.shift() ?? 200;
    return reply.code(status).send(status === 200 ? { ref: `gw-${gateway.got.length}` } : { error: "busy" });
  });
  await g.listen({ port: 0, host: "127.0.0.1" });
  gateway.url = `http://127.0.0.1:${(g.server.address() as AddressInfo).port}/sms`;
  gateway.close = () => g.close();
});
afterAll(() => gateway.close());

async function notices(ticketId: string) {
  const r = (await env.app.ctx.db.execute(
    sql`select template, recipient, body, status, attempts, provider, provider_ref, last_error, next_attempt_at from outbound_message where ticket_id = ${ticketId} order by split_part(dedupe_key, ':', 2)::int`,
  )) as unknown as { rows: Record<string, unknown>[] };
  return r.rows;
}

describe("outbound notices (GZ-11.1, GZ-20, GX-26.7)", () => {
  it("GZ-11.1 intake queues the ticket-number SMS in the same transaction; the console provider logs it as sent", async () => {
    const t = await newTicket(env.app.ctx, "guangzhou", complaint(clock.value));
    expect(await notices(t.id)).toEqual([
      expect.objectContaining({
        template: "ticket_received",
        recipient: "13800138000",
        status: "queued",
        body: `【12345热线】您的诉求已受理，工单编号${t.number}。可凭编号和手机号在12345网站或小程序查询办理进度。`,
      }),
    ]);
    const lines: string[] = [];
    const r = await sendDueNotices(
      env.app.ctx,
      consoleProvider((l) => lines.push(l)),
    );
    expect(r.sent).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => l.includes(t.number) && l.includes("13800138000"))).toBe(true);
    expect((await notices(t.id))[0]).toMatchObject({ status: "sent", attempts: 1, provider: "console" });
    expect(
      (
        await sendDueNotices(
          env.app.ctx,
          consoleProvider(() => undefined),
        )
      ).sent,
    ).toBe(0);
  });

  it("GX-26.7 GZ-20 an urgent dispatch alerts the unit and an approved reply asks the requester's satisfaction; the HTTP gateway gets them signed, retried after a 500", async () => {
    const ctx = env.app.ctx;
    await sendDueNotices(
      ctx,
      consoleProvider(() => undefined),
    );
    const th = await unitId(ctx, "GZ-TH");
    let t = await newTicket(ctx, "guangzhou", complaint(clock.value, { urgent: true }));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th, unitPhoned: { at: clock.value, person: "值班员" } });
    t = await must(ctx, actors.unit(th), t, { kind: "sign" });
    t = await must(ctx, actors.unit(th), t, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "处理",
      result: "已解决",
      requesterInformedBy: "phone",
    });
    await must(ctx, actors.reviewer, t, { kind: "reviewFeedback", approved: true, reason: "" });
    expect((await notices(t.id)).map((n) => [n.template, n.recipient])).toEqual([
      ["ticket_received", "13800138000"],
      ["urgent_dispatch", `unit:${th}`],
      ["satisfaction_request", "13800138000"],
    ]);

    const provider = httpProvider(gateway.url, SECRET);
    gateway.answers = [500, 200, 200];
    const first = await sendDueNotices(ctx, provider);
    expect(first).toEqual({ sent: 2, failed: 0, retrying: 1 });
    const waiting = (await notices(t.id)).find((n) => n.status === "queued");
    expect(waiting).toMatchObject({ attempts: 1, last_error: expect.stringContaining("HTTP 500") });
    expect(new Date(waiting?.["next_attempt_at"] as string).getTime()).toBe(clock.value + 60_000);
    for (const g of gateway.got) {
      expect(g.sig).toBe(signature(SECRET, g.body));
      expect(g.key).toBe(JSON.parse(g.body).id);
    }
    expect((await sendDueNotices(ctx, provider)).sent).toBe(0);
    clock.value += 60_000;
    gateway.answers = [200];
    expect(await sendDueNotices(ctx, provider)).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect((await notices(t.id)).every((n) => n.status === "sent" && n.provider === "http" && String(n.provider_ref).startsWith("gw-"))).toBe(true);
    // The retry carried the same message id, so the gateway can drop a duplicate.
    const keys = gateway.got.map((g) => g.key);
    expect(new Set(keys).size).toBe(keys.length - 1);
  });

  it("a gateway's 4xx refusal is not retried: the notice is failed with the reason, and admins can see it", async () => {
    const t = await newTicket(env.app.ctx, "guangzhou", complaint(clock.value, { requester: { name: "王五", phone: "13700000000", kind: "person" } }));
    gateway.answers = [400];
    expect(await sendDueNotices(env.app.ctx, httpProvider(gateway.url, SECRET))).toEqual({ sent: 0, failed: 1, retrying: 0 });
    const res = await fetch(`${env.url}/api/v1/admin/notices?status=failed&ticketId=${t.id}`, {
      headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": "admin" },
    });
    const body = (await res.json()) as { notices: { status: string; lastError: string }[] };
    expect(body.notices).toEqual([expect.objectContaining({ status: "failed", lastError: expect.stringContaining("HTTP 400") })]);
    const op = await fetch(`${env.url}/api/v1/admin/notices`, { headers: { authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": "operator" } });
    expect(op.status).toBe(403);
  });

  it("GZ-20 the gateway's signed delivery receipts mark a sent message delivered or undeliverable, once; a bad signature or an unknown message changes nothing", async () => {
    const t = await newTicket(env.app.ctx, "guangzhou", complaint(clock.value));
    await sendDueNotices(env.app.ctx, httpProvider(gateway.url, SECRET));
    const [sent] = (
      (await env.app.ctx.db.execute(sql`select id::text, provider_ref from outbound_message where ticket_id = ${t.id}`)) as unknown as {
        rows: { id: string; provider_ref: string }[];
      }
    ).rows;
    expect(sent?.provider_ref).toMatch(/^gw-/);
    const post = async (receipt: unknown, secret = SECRET) => {
      const body = JSON.stringify(receipt);
      const res = await fetch(`${env.url}/api/v1/notices/receipts`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hotline-signature": signature(secret, body) },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const at = "2026-11-02T09:01:00+08:00";
    expect((await post({ id: sent!.id, status: "delivered", at }, "wrong-secret")).status).toBe(401);
    expect((await post({ id: "00000000-0000-4000-8000-000000000000", status: "delivered", at })).body["error"]["code"]).toBe("NOTICE_NOT_FOUND");
    expect((await post({ status: "delivered", at })).body["error"]["field"]).toBe("id");
    expect((await post({ id: sent!.id, status: "read", at })).body["error"]["field"]).toBe("status");
    expect((await notices(t.id))[0]).toMatchObject({ status: "sent" });
    // By the gateway's own reference, as most gateways report.
    const first = await post({ ref: sent!.provider_ref, status: "delivered", at });
    expect([first.status, first.body["status"], first.body["changed"]]).toEqual([200, "delivered", true]);
    const again = await post({ id: sent!.id, status: "failed", at, error: "关机" });
    expect([again.body["status"], again.body["changed"]]).toEqual(["delivered", false]);
    expect((await notices(t.id))[0]).toMatchObject({ status: "delivered", last_error: null });
    // Another message the phone never got: failed, with the gateway's reason.
    const t2 = await newTicket(env.app.ctx, "guangzhou", complaint(clock.value, { requester: { name: "李四", phone: "13900139000", kind: "person" } }));
    await sendDueNotices(env.app.ctx, httpProvider(gateway.url, SECRET));
    const [m2] = (
      (await env.app.ctx.db.execute(sql`select id::text from outbound_message where ticket_id = ${t2.id}`)) as unknown as { rows: { id: string }[] }
    ).rows;
    expect((await post({ id: m2!.id, status: "failed", at, error: "用户停机" })).body["status"]).toBe("failed");
    expect((await notices(t2.id))[0]).toMatchObject({ status: "failed", last_error: "用户停机" });
  });

  it("a receipt by the gateway's reference is found through an index of sent messages only (queued ones, without a reference, are not in it)", async () => {
    const indexdef = (
      (await env.app.ctx.db.execute(sql`select indexdef from pg_indexes where indexname = 'outbound_message_ref_idx'`)) as unknown as {
        rows: { indexdef: string }[];
      }
    ).rows[0]?.indexdef;
    expect(indexdef).toMatch(/WHERE \(provider_ref IS NOT NULL\)/);
    // The receipt's lookup (delivery-receipts.ts: provider_ref = $1) can use it.
    const plan = await env.app.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return JSON.stringify(
        ((await tx.execute(sql`explain select id from outbound_message where provider_ref = ${"gw-1"}`)) as unknown as { rows: unknown[] }).rows,
      );
    });
    expect(plan).toContain("outbound_message_ref_idx");
  });

  it("GX-27.2 a satisfaction SMS the gateway could not deliver is not taken as satisfied after 24 hours: the ticket waits for a callback", async () => {
    const ctx = env.app.ctx;
    const u = await unitId(ctx, "NN-D-CG");
    let t = await newTicket(ctx, "nanning", complaint(clock.value, { requester: { name: "周九", phone: "13500135000", kind: "person" } }));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: u });
    t = await must(ctx, actors.unit(u), t, { kind: "sign" });
    t = await must(ctx, actors.unit(u), t, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "到场处理",
      result: "已解决",
      requesterInformedBy: "phone",
    });
    t = await must(ctx, actors.reviewer, t, { kind: "reviewFeedback", approved: true, reason: "合格" });
    await sendDueNotices(ctx, httpProvider(gateway.url, SECRET));
    const rows = (
      (await ctx.db.execute(sql`select id::text from outbound_message where ticket_id = ${t.id} and template = 'satisfaction_request'`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows;
    expect(rows).toHaveLength(1);
    const body = JSON.stringify({ id: rows[0]!.id, status: "failed", at: new Date(clock.value).toISOString(), error: "空号" });
    const res = await fetch(`${env.url}/api/v1/notices/receipts`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hotline-signature": signature(SECRET, body) },
      body,
    });
    expect(res.status).toBe(200);
    const marked = await loadTicket(ctx.db, t.id);
    expect(marked?.satisfactionRequestUndelivered).toMatchObject({ reason: "空号" });
    // A day and more later nothing concludes it by default: no timer is left for it.
    clock.value += 25 * 3_600_000;
    await sweepTimers(ctx, "test");
    expect(await loadTicket(ctx.db, t.id)).toMatchObject({ status: "awaiting_callback" });
    expect(await refused(ctx, actors.system, marked!, { kind: "applyDefaultSatisfaction" })).toMatchObject({ code: "REQUEST_UNDELIVERED", rule: "GX-27.2" });
    // A person calls back and records the rating.
    const rated = await must(ctx, actors.reviewer, marked!, { kind: "rate", rating: "basically_satisfied" });
    expect(rated.rating).toBe("basically_satisfied");
  });

  it("GX-27.2 a satisfaction SMS the gateway refuses for good at sending (a stopped number, no retry) stops the 24-hour default as an undeliverable receipt does", async () => {
    const ctx = env.app.ctx;
    const u = await unitId(ctx, "NN-D-CG");
    await sendDueNotices(
      ctx,
      consoleProvider(() => undefined),
    );
    let t = await newTicket(ctx, "nanning", complaint(clock.value, { requester: { name: "吴一", phone: "13500135222", kind: "person" } }));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: u });
    t = await must(ctx, actors.unit(u), t, { kind: "sign" });
    t = await must(ctx, actors.unit(u), t, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "到场处理",
      result: "已解决",
      requesterInformedBy: "phone",
    });
    // Everything queued before the request goes out first; then the gateway refuses the request itself (4xx: not retried).
    await sendDueNotices(
      ctx,
      consoleProvider(() => undefined),
    );
    t = await must(ctx, actors.reviewer, t, { kind: "reviewFeedback", approved: true, reason: "合格" });
    gateway.answers = [400];
    expect(await sendDueNotices(ctx, httpProvider(gateway.url, SECRET))).toMatchObject({ failed: 1 });
    const marked = await loadTicket(ctx.db, t.id);
    expect(marked?.satisfactionRequestUndelivered?.reason).toContain("HTTP 400");
    clock.value += 25 * 3_600_000;
    await sweepTimers(ctx, "test");
    expect(await loadTicket(ctx.db, t.id)).toMatchObject({ status: "awaiting_callback" });
    expect(await refused(ctx, actors.system, marked!, { kind: "applyDefaultSatisfaction" })).toMatchObject({ code: "REQUEST_UNDELIVERED", rule: "GX-27.2" });
  });

  it("51号 GX-27.2 the requester's SMS reply rates the ticket the latest request asked about, on five levels with solved? apart; a reply that is not a rating, or from a phone no ticket waits on, changes nothing", async () => {
    const ctx = env.app.ctx;
    const u = await unitId(ctx, "NN-D-CG");
    let t = await newTicket(ctx, "nanning", complaint(clock.value, { requester: { name: "郑十", phone: "13500135111", kind: "person" } }));
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: u });
    t = await must(ctx, actors.unit(u), t, { kind: "sign" });
    t = await must(ctx, actors.unit(u), t, {
      kind: "submitFeedback",
      handledAt: clock.value,
      process: "到场处理",
      result: "已解决",
      requesterInformedBy: "phone",
      solved: "resolved",
    });
    t = await must(ctx, actors.reviewer, t, { kind: "reviewFeedback", approved: true, reason: "合格" });
    const request = (await notices(t.id)).find((n) => n.template === "satisfaction_request");
    expect(request?.["body"]).toContain("1非常满意 2满意 3基本满意 4不满意 5非常不满意");
    const post = async (sms: unknown, secret = SECRET) => {
      const body = JSON.stringify(sms);
      const res = await fetch(`${env.url}/api/v1/notices/replies`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hotline-signature": signature(secret, body) },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    expect((await post({ from: "13500135111", text: "43" }, "wrong-secret")).status).toBe(401);
    expect((await post({ from: "13500135111", text: "什么时候修好？" })).body["error"]["field"]).toBe("text");
    expect((await post({ from: "13500135999", text: "43" })).body["error"]).toMatchObject({ code: "TICKET_NOT_FOUND", field: "from" });
    expect(await loadTicket(ctx.db, t.id)).toMatchObject({ version: t.version, status: "awaiting_callback" });
    // "43": not satisfied, not solved; the unit had said solved, so the reply is flagged too (GX-37).
    const rated = await post({ from: "+8613500135111", text: "4 3" });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ ticketId: t.id, rating: "unsatisfied", solved: "unresolved" });
    expect(await loadTicket(ctx.db, t.id)).toMatchObject({
      rating: "unsatisfied",
      solved: "unresolved",
      countsSatisfied: false,
      replyMismatch: { status: "open" },
    });
    // Rated: a second reply finds no ticket waiting.
    expect((await post({ from: "13500135111", text: "11" })).status).toBe(404);
  });
});
