import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { actAs, serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const as = (role: string, unit?: string) => actAs(env.app.seed.adminToken, role, unit);

type Json = Record<string, any>;
/** A real JPEG's first bytes and some body: enough for the type check, as a phone would send. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, ...Array.from({ length: 2000 }, (_, i) => i % 251)]);
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

async function upload(ticketId: string, name: string, bytes: Uint8Array, headers: Record<string, string>, type = "image/jpeg") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${env.url}/api/v1/tickets/${ticketId}/attachments`, { method: "POST", headers, body: form });
  return { status: res.status, body: (await res.json()) as Json };
}

async function json(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${env.url}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function attachmentCount(): Promise<number> {
  const r = (await env.app.ctx.db.execute(sql`select count(*)::int as n from attachment`)) as unknown as { rows: { n: number }[] };
  return r.rows[0]?.n ?? 0;
}

async function handlingTicket(unit: string, over: Parameters<typeof complaint>[1] = {}) {
  const ctx = env.app.ctx;
  let t = await newTicket(ctx, "guangzhou", complaint(clock.value, over));
  t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: unit });
  return must(ctx, actors.unit(unit), t, { kind: "sign" });
}

describe("attachments on tickets", () => {
  it("GX-26.4 the unit uploads a photo, sees it listed and downloads the same bytes; its feedback names it", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    const t = await handlingTicket(th);
    const up = await upload(t.id, "现场照片.jpg", JPEG, as("unit_handler", th));
    expect(up.status).toBe(201);
    expect(up.body["attachment"]).toMatchObject({
      ticketId: t.id,
      name: "现场照片.jpg",
      contentType: "image/jpeg",
      size: JPEG.length,
      uploaderRole: "unit_handler",
    });
    expect(up.body["attachment"]["sha256"]).toMatch(/^[0-9a-f]{64}$/);
    const id = up.body["attachment"]["id"] as string;
    const list = await json("GET", `/api/v1/tickets/${t.id}/attachments`, as("reviewer"));
    expect(list.body["attachments"].map((a: Json) => a["id"])).toEqual([id]);
    const file = await fetch(`${env.url}/api/v1/attachments/${id}`, { headers: as("reviewer") });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/jpeg");
    expect(file.headers.get("content-disposition")).toContain(`inline; filename="attachment"; filename*=UTF-8''${encodeURIComponent("现场照片.jpg")}`);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(JPEG);

    const unknown = await json("POST", `/api/v1/tickets/${t.id}/submitFeedback`, as("unit_handler", th), {
      version: t.version,
      handledAt: "2026-11-02T08:59:00+08:00",
      process: "现场核查",
      result: "已修复",
      requesterInformedBy: "phone",
      attachments: [id, "00000000-0000-4000-8000-000000000000"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body["error"]).toMatchObject({ code: "INVALID_ARGUMENT", field: "attachments.1" });
    const fed = await json("POST", `/api/v1/tickets/${t.id}/submitFeedback`, as("unit_handler", th), {
      version: t.version,
      handledAt: "2026-11-02T08:59:00+08:00",
      process: "现场核查",
      result: "已修复",
      requesterInformedBy: "phone",
      attachments: [id],
    });
    expect(fed.status).toBe(200);
    expect(fed.body["ticket"]["feedback"]["attachments"]).toEqual([id]);
  });

  it("GZ-25 another unit can neither list, download nor add files to a ticket it does not handle; a file of one ticket cannot be named in another's feedback", async () => {
    const ctx = env.app.ctx;
    const th = await unitId(ctx, "GZ-TH");
    const hz = await unitId(ctx, "GZ-HZ");
    const mine = await handlingTicket(th);
    const id = (await upload(mine.id, "照片.jpg", JPEG, as("unit_handler", th))).body["attachment"]["id"] as string;
    const before = await attachmentCount();
    expect((await upload(mine.id, "x.jpg", JPEG, as("unit_handler", hz))).status).toBe(404);
    expect((await json("GET", `/api/v1/tickets/${mine.id}/attachments`, as("unit_handler", hz))).status).toBe(404);
    const stolen = await fetch(`${env.url}/api/v1/attachments/${id}`, { headers: as("unit_handler", hz) });
    expect(stolen.status).toBe(404);
    expect(await stolen.text()).not.toContain("照片");
    const malformed = await fetch(`${env.url}/api/v1/attachments/not-a-uuid`, { headers: as("reviewer") });
    expect([malformed.status, ((await malformed.json()) as Json)["error"]["field"]]).toEqual([400, "id"]);
    expect(await attachmentCount()).toBe(before);
    const theirs = await handlingTicket(hz);
    const borrowed = await json("POST", `/api/v1/tickets/${theirs.id}/submitFeedback`, as("unit_handler", hz), {
      version: theirs.version,
      handledAt: "2026-11-02T08:59:00+08:00",
      process: "p",
      result: "r",
      requesterInformedBy: "phone",
      attachments: [id],
    });
    expect(borrowed.body["error"]).toMatchObject({ field: "attachments.0" });
    expect((await fetch(`${env.url}/api/v1/tickets/${mine.id}/attachments`, { headers: { "x-act-as-role": "reviewer" } })).status).toBe(401);
  });

  it("GX-22 what the hotline took in from a whistle-blower is not shown to the unit reported to; the unit's own files are", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    const t = await handlingTicket(th, { type: "report" });
    const letter = await upload(t.id, "举报信.pdf", PDF, as("operator"), "application/pdf");
    expect(letter.status).toBe(201);
    const own = await upload(t.id, "核查照片.jpg", JPEG, as("unit_handler", th));
    const seen = await json("GET", `/api/v1/tickets/${t.id}/attachments`, as("unit_handler", th));
    expect(seen.body["attachments"].map((a: Json) => a["name"])).toEqual(["核查照片.jpg"]);
    expect((await fetch(`${env.url}/api/v1/attachments/${letter.body["attachment"]["id"]}`, { headers: as("unit_handler", th) })).status).toBe(404);
    const pdf = await fetch(`${env.url}/api/v1/attachments/${letter.body["attachment"]["id"]}`, { headers: as("supervisor") });
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(own.status).toBe(201);
  });

  it("hostile uploads are refused with the field and reason, and nothing is stored: paths in names, scripts named .jpg, empty or oversized files, no multipart", async () => {
    const th = await unitId(env.app.ctx, "GZ-TH");
    const t = await handlingTicket(th);
    const before = await attachmentCount();
    const cases: [string, Uint8Array, string][] = [
      ["../../etc/passwd.jpg", JPEG, "路径"],
      ["..\\..\\boot.ini.jpg", JPEG, "路径"],
      ["photo.jpg", new TextEncoder().encode("<script>alert(1)</script>"), "只接受"],
      ["photo.html", new TextEncoder().encode("<html><body onload=alert(1)>"), "只接受"],
      ["empty.jpg", new Uint8Array(), "为空"],
      ["big.jpg", new Uint8Array(10 * 1024 * 1024 + 1).fill(0xff), "10 MB"],
    ];
    for (const [name, bytes, zh] of cases) {
      const r = await upload(t.id, name, bytes, as("unit_handler", th));
      expect([name, r.status, r.body["error"]?.["field"]]).toEqual([name, 400, "file"]);
      expect(r.body["error"]["message"]).toContain(zh);
      expect(r.body["error"]["messageEn"]).toBeTruthy();
    }
    const raw = await json("POST", `/api/v1/tickets/${t.id}/attachments`, as("unit_handler", th), { file: "x" });
    expect([raw.status, raw.body["error"]["field"]]).toEqual([400, "file"]);
    expect(await attachmentCount()).toBe(before);
    await expect(env.app.ctx.db.execute(sql`delete from attachment`)).rejects.toThrow();
  });

  it("GX-28 an archived ticket takes no more files", async () => {
    const ctx = env.app.ctx;
    const th = await unitId(ctx, "GZ-TH");
    let t = await handlingTicket(th);
    t = await must(ctx, actors.unit(th), t, {
      kind: "submitFeedback",
      handledAt: clock.value - 60_000,
      process: "p",
      result: "r",
      requesterInformedBy: "phone",
    });
    t = await must(ctx, actors.reviewer, t, { kind: "reviewFeedback", approved: true, reason: "" });
    t = await must(ctx, actors.reviewer, t, { kind: "rate", rating: "satisfied" });
    if (t.status !== "concluded") t = await must(ctx, actors.reviewer, t, { kind: "conclude" });
    t = await must(ctx, actors.reviewer, t, { kind: "archive" });
    const r = await upload(t.id, "补充.jpg", JPEG, as("reviewer"));
    expect(r.status).toBe(409);
    expect(r.body["error"]).toMatchObject({ rule: "GX-28" });
  });

  it("GZ-2 the requester adds photos to their own request through the portal by number and phone, until the unit answers, at most nine", async () => {
    const ctx = env.app.ctx;
    const th = await unitId(ctx, "GZ-TH");
    const submitted = await fetch(`${env.url}/api/public/v1/jurisdictions/guangzhou/requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "冯十三", phone: "13600008888", type: "complaint", content: "小区门口井盖缺失，夜里很危险" }),
    });
    const number = ((await submitted.json()) as Json)["number"] as string;
    const send = async (phone: string, name = "井盖.jpg") => {
      const form = new FormData();
      form.append("phone", phone);
      form.append("file", new Blob([new Uint8Array(JPEG)], { type: "image/jpeg" }), name);
      const res = await fetch(`${env.url}/api/public/v1/requests/${number}/attachments`, { method: "POST", body: form });
      return { status: res.status, body: (await res.json()) as Json };
    };
    expect((await send("13600000000")).status).toBe(404);
    expect((await send("", "井盖.jpg")).body["error"]).toMatchObject({ field: "phone" });
    const ok = await send("13600008888");
    expect(ok.status).toBe(201);
    expect(ok.body["attachment"]).toEqual({ name: "井盖.jpg", size: JPEG.length });
    for (let i = 2; i <= 9; i++) expect((await send("13600008888", `井盖${i}.jpg`)).status).toBe(201);
    const tenth = await send("13600008888", "第十张.jpg");
    expect([tenth.status, tenth.body["error"]["field"]]).toEqual([400, "file"]);

    const [row] = ((await ctx.db.execute(sql`select id from ticket where number = ${number}`)) as unknown as { rows: { id: string }[] }).rows;
    let t = (await import("../../src/store/repositories/ticket.repository.ts").then((m) => m.loadTicket(ctx.db, row!.id)))!;
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th, overrideReason: "测试" });
    t = await must(ctx, actors.unit(th), t, { kind: "sign" });
    const seen = await json("GET", `/api/v1/tickets/${t.id}/attachments`, as("unit_handler", th));
    expect(seen.body["attachments"]).toHaveLength(9);
    expect(seen.body["attachments"].map((a: Json) => a["name"])).toContain("井盖.jpg");
    expect(seen.body["attachments"].every((a: Json) => a["uploaderRole"] === "requester")).toBe(true);
    t = await must(ctx, actors.unit(th), t, {
      kind: "submitFeedback",
      handledAt: clock.value - 60_000,
      process: "p",
      result: "已补装井盖",
      requesterInformedBy: "phone",
    });
    const late = await send("13600008888", "补充.jpg");
    expect(late.status).toBe(409);
    expect(late.body["error"]["message"]).toContain("已答复");
  });
});
