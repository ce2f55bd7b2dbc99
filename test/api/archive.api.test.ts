import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { archiveConcluded } from "../../src/app/archive/archive-concluded.ts";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const s = serverForTests({ now: clock.now });

function as(role: string, init: { method?: string; body?: unknown; unit?: string } = {}): RequestInit {
  return {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${s.app.seed.adminToken}`,
      "x-act-as-role": role,
      ...(init.unit ? { "x-act-as-unit": init.unit } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  };
}
async function call<T = Record<string, unknown>>(path: string, init: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`${s.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** A ticket walked to its conclusion on the clock's day. */
async function concluded(content: string): Promise<TicketState> {
  const th = await unitId(s.app.ctx, "GZ-TH");
  let t = await newTicket(s.app.ctx, "guangzhou", complaint(clock.value, { content }));
  t = await must(s.app.ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: th });
  t = await must(s.app.ctx, actors.unit(th), t, { kind: "sign" });
  t = await must(s.app.ctx, actors.unit(th), t, {
    kind: "submitFeedback",
    handledAt: clock.value,
    process: "现场核查。",
    result: "已处理。",
    requesterInformedBy: "phone",
  });
  t = await must(s.app.ctx, actors.reviewer, t, { kind: "reviewFeedback", approved: true, reason: "答复完整" });
  t = await must(s.app.ctx, actors.reviewer, t, { kind: "rate", rating: "satisfied" });
  return must(s.app.ctx, actors.reviewer, t, { kind: "conclude" });
}

const local = (ms: number | null | undefined) => (ms == null ? ms : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10));

describe("the archive (GX-28)", () => {
  let ticket: TicketState;

  it("GX-28 a concluded ticket is filed by the archive job after the policy's days, in the year it concluded, kept by the ticket retention", async () => {
    ticket = await concluded("某小区电梯长期故障无人维修，请督促物业处理。");
    clock.set("2026-11-16T09:00:00+08:00"); // 14 days later: not yet
    await archiveConcluded(s.app.ctx);
    const [before] = ((await s.app.ctx.db.execute(sql`select status from ticket where id = ${ticket.id}`)) as unknown as { rows: { status: string }[] }).rows;
    expect(before!.status).toBe("concluded");
    clock.set("2026-11-17T09:00:00+08:00");
    await archiveConcluded(s.app.ctx);
    const [after] = (
      (await s.app.ctx.db.execute(sql`select status, state from ticket where id = ${ticket.id}`)) as unknown as {
        rows: { status: string; state: TicketState }[];
      }
    ).rows;
    expect(after!.status).toBe("archived");
    expect(after!.state.archive).toEqual({ year: 2026, retainUntil: Date.parse("2057-01-01T00:00:00+08:00") });
    const [event] = (
      (await s.app.ctx.db.execute(sql`select actor_id, role, rule from ticket_event where ticket_id = ${ticket.id} and command = 'archive'`)) as unknown as {
        rows: { actor_id: string; role: string; rule: string }[];
      }
    ).rows;
    expect(event).toEqual({ actor_id: "system:archive", role: "system", rule: "GX-28" });
  });

  it("GX-28 a year of the archive shows each kind's volume with its retention, and finds an archived ticket by number or words", async () => {
    const r = await call<{ volumes: { kind: string; count: number; retainUntil: number | null; expired: boolean }[]; items: { number: string }[] }>(
      `/api/v1/jurisdictions/guangzhou/archive?year=2026`,
      as("supervisor"),
    );
    expect(r.status).toBe(200);
    const byKind = Object.fromEntries(r.body.volumes.map((v) => [v.kind, v]));
    expect(byKind.ticket!.count).toBeGreaterThanOrEqual(1);
    expect(local(byKind.ticket!.retainUntil)).toBe("2057-01-01");
    expect(byKind.leaderInstruction).toMatchObject({ retainUntil: null, expired: false });
    expect(r.body.items.map((i) => i.number)).toContain(ticket.number);
    const byNumber = await call<{ items: { number: string }[] }>(`/api/v1/jurisdictions/guangzhou/archive?year=2026&q=${ticket.number}`, as("supervisor"));
    expect(byNumber.body.items.map((i) => i.number)).toEqual([ticket.number]);
    const byWords = await call<{ items: { number: string }[] }>(
      `/api/v1/jurisdictions/guangzhou/archive?year=2026&q=${encodeURIComponent("电梯故障")}`,
      as("supervisor"),
    );
    expect(byWords.body.items.map((i) => i.number)).toContain(ticket.number);
    const none = await call<{ items: unknown[] }>(`/api/v1/jurisdictions/guangzhou/archive?year=2025`, as("supervisor"));
    expect(none.body.items).toEqual([]);
    expect((await call(`/api/v1/jurisdictions/guangzhou/archive?year=2026`, as("unit_handler", { unit: await unitId(s.app.ctx, "GZ-TH") }))).status).toBe(403);
    expect((await call(`/api/v1/jurisdictions/guangzhou/archive?year=twenty`, as("supervisor"))).body).toMatchObject({ error: { field: "year" } });
  });

  it("GX-28 the year's archived tickets page from the ticket list with its total; the volumes come alone when the items are paged there", async () => {
    const volumesOnly = await call<{ volumes: unknown[]; items: unknown[] }>(`/api/v1/jurisdictions/guangzhou/archive?year=2026&items=false`, as("supervisor"));
    expect(volumesOnly.body.volumes).toHaveLength(4);
    expect(volumesOnly.body.items).toEqual([]);
    const listed = await call<{ tickets: { number: string; status: string }[]; total: { n: number } }>(
      `/api/v1/tickets?jurisdiction=guangzhou&archiveYear=2026&limit=1`,
      as("supervisor"),
    );
    expect(listed.body.tickets.map((t) => t.number)).toEqual([ticket.number]);
    expect(listed.body.total.n).toBeGreaterThanOrEqual(1);
    expect((await call<{ tickets: unknown[] }>(`/api/v1/tickets?jurisdiction=guangzhou&archiveYear=2025`, as("supervisor"))).body.tickets).toEqual([]);
    expect((await call(`/api/v1/tickets?archiveYear=1999`, as("supervisor"))).body).toMatchObject({ error: { field: "archiveYear" } });
  });

  it("GX-28 a leader's instruction is filed with the tickets it concerns and a scan; the unit handling the ticket sees it on the ticket; bad input names its field", async () => {
    const bad = await call<{ error: { field: string; details: { field: string }[] } }>(
      `/api/v1/jurisdictions/guangzhou/archive/records`,
      as("supervisor", { method: "POST", body: { kind: "leaderInstruction", title: " ", source: "", issuedAt: "2026-11-10T10:00:00+08:00" } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toEqual(["title", "source"]);
    const unknown = await call(
      `/api/v1/jurisdictions/guangzhou/archive/records`,
      as("supervisor", {
        method: "POST",
        body: {
          kind: "leaderInstruction",
          title: "关于电梯故障的批示",
          source: "副市长王某",
          issuedAt: "2026-11-10T10:00:00+08:00",
          ticketNumbers: ["GZ20990101000001"],
        },
      }),
    );
    expect(unknown.body).toMatchObject({ error: { field: "ticketNumbers" } });
    expect(
      (
        await call(
          `/api/v1/jurisdictions/guangzhou/archive/records`,
          as("dispatcher", { method: "POST", body: { kind: "leaderInstruction", title: "t", source: "s", issuedAt: "2026-11-10T10:00:00+08:00" } }),
        )
      ).status,
    ).toBe(403);

    const made = await call<{ id: string; year: number; retainUntil: number | null }>(
      `/api/v1/jurisdictions/guangzhou/archive/records`,
      as("supervisor", {
        method: "POST",
        body: {
          kind: "leaderInstruction",
          title: "关于老旧小区电梯故障问题的批示",
          source: "副市长王某",
          issuedAt: "2026-11-10T10:00:00+08:00",
          body: "请市住建局牵头，一周内拿出整改方案。",
          ticketNumbers: [ticket.number],
        },
      }),
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ year: 2026, retainUntil: null });
    const pdf = new Blob([Buffer.from("%PDF-1.4\n%批示扫描件\n")], { type: "application/pdf" });
    const form = new FormData();
    form.append("file", pdf, "批示扫描件.pdf");
    const up = await fetch(`${s.url}/api/v1/archive/records/${made.body.id}/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.app.seed.adminToken}`, "x-act-as-role": "supervisor" },
      body: form,
    });
    expect(up.status).toBe(201);
    const { file } = (await up.json()) as { file: { id: string } };
    const got = await fetch(`${s.url}/api/v1/archive/files/${file.id}`, as("reviewer"));
    expect(Buffer.from(await got.arrayBuffer()).toString()).toContain("%PDF-1.4");

    const th = await unitId(s.app.ctx, "GZ-TH");
    const onTicket = await call<{ records: { title: string; files: unknown[]; tickets: { number: string }[] }[] }>(
      `/api/v1/tickets/${ticket.id}/archive-records`,
      as("unit_handler", { unit: th }),
    );
    expect(onTicket.body.records).toEqual([
      expect.objectContaining({
        title: "关于老旧小区电梯故障问题的批示",
        tickets: [{ id: ticket.id, number: ticket.number }],
        files: [expect.objectContaining({ name: "批示扫描件.pdf" })],
      }),
    ]);
    // The unit reads the scan through its ticket; another unit neither the list nor the file.
    expect((await fetch(`${s.url}/api/v1/archive/files/${file.id}`, as("unit_handler", { unit: th }))).status).toBe(200);
    const yx = await unitId(s.app.ctx, "GZ-YX");
    expect((await call(`/api/v1/tickets/${ticket.id}/archive-records`, as("unit_handler", { unit: yx }))).status).toBe(404);
    expect((await fetch(`${s.url}/api/v1/archive/files/${file.id}`, as("unit_handler", { unit: yx }))).status).toBe(404);
    const year = await call<{ items: { title: string }[] }>(
      `/api/v1/jurisdictions/guangzhou/archive?year=2026&kind=leaderInstruction&q=${encodeURIComponent("电梯")}`,
      as("analyst"),
    );
    expect(year.body.items.map((i) => i.title)).toEqual(["关于老旧小区电梯故障问题的批示"]);
  });

  it("GX-28 a record is disposed of only after its retention, never a permanent one; the disposal keeps who, when and why", async () => {
    const meeting = await call<{ id: string; retainUntil: number }>(
      `/api/v1/jurisdictions/guangzhou/archive/records`,
      as("supervisor", {
        method: "POST",
        body: {
          kind: "meetingMaterial",
          title: "2026年第4次热线联席会议纪要",
          source: "热线联席会议",
          issuedAt: "2026-11-12T15:00:00+08:00",
          body: "会议议定：……",
        },
      }),
    );
    expect(local(meeting.body.retainUntil)).toBe("2057-01-01");
    const dispose = (id: string, role = "admin", reason = "经鉴定保管期满，准予销毁") =>
      call<{ error?: { code: string; rule?: string } }>(`/api/v1/archive/records/${id}/dispose`, as(role, { method: "POST", body: { reason } }));
    expect((await dispose(meeting.body.id, "supervisor")).status).toBe(403);
    expect((await dispose(meeting.body.id)).body).toMatchObject({ error: { code: "RETENTION_CONFLICT", rule: "GX-28" } });
    const leader = ((await s.app.ctx.db.execute(sql`select id from archive_record where kind = 'leaderInstruction'`)) as unknown as { rows: { id: string }[] })
      .rows[0]!;
    clock.set("2057-01-02T09:00:00+08:00");
    expect((await dispose(leader.id)).body).toMatchObject({ error: { code: "RETENTION_CONFLICT" } });
    expect((await dispose(meeting.body.id, "admin", " ")).body).toMatchObject({ error: { field: "reason" } });
    expect((await dispose(meeting.body.id)).status).toBe(200);
    expect((await dispose(meeting.body.id)).status).toBe(409);
    const year = await call<{
      volumes: { kind: string; expired: boolean }[];
      items: { title: string; body: string | null; disposed: { reason: string } | null }[];
    }>(`/api/v1/jurisdictions/guangzhou/archive?year=2026&kind=meetingMaterial`, as("admin"));
    expect(year.body.items.find((i) => i.title === "2026年第4次热线联席会议纪要")).toMatchObject({
      body: null,
      disposed: { reason: "经鉴定保管期满，准予销毁" },
    });
    expect(year.body.volumes.find((v) => v.kind === "meetingMaterial")?.expired).toBe(true);
    const audit = (await s.app.ctx.db.execute(sql`select count(*)::int as n from audit_log where action = 'archive.dispose'`)) as unknown as {
      rows: { n: number }[];
    };
    expect(Number(audit.rows[0]!.n)).toBe(1);
  });
});
