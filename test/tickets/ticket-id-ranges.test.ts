import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countTickets } from "../../src/app/analytics/counts.ts";
import { intakeContact } from "../../src/app/tickets/intake-contact.ts";
import {
  contactsLinkedTo,
  listTickets,
  loadTicket,
  loadTicketByNumber,
  requesterHistory,
  type TicketFilter,
} from "../../src/store/repositories/ticket.repository.ts";
import { TicketIdRanges } from "../../src/store/ticket-id-ranges.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-20T10:00:00+08:00"));
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const district = (name: string) => ({ location: { district: name, subDistrict: "某街道", address: "某路1号" } });

/** Every page of the newest-first list, with or without the id ranges. */
async function allPages(f: TicketFilter, ranges: TicketIdRanges | undefined, limit = 7): Promise<string[]> {
  const ids: string[] = [];
  let cursor: { key: number; id: string } | undefined;
  do {
    const page = await listTickets(t.ctx.db, f, limit, cursor, "received_desc", ranges ? { ranges, now: clock.now() } : undefined);
    ids.push(...page.tickets.map((x) => x.id));
    cursor = page.next;
  } while (cursor);
  return ids;
}

describe("periods of receipt as ranges of ticket ids (issue 9: tickets kept by month)", () => {
  it("the database refuses a ticket whose id does not carry the millisecond it was received", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 3 * DAY));
    const copy = sql`insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, received_at, version, state, created_at, updated_at)
      select ${randomUUID()}::uuid, jurisdiction_id, number || 'X', status, type, channel, urgent, received_at, version, state, created_at, updated_at from ticket where id = ${tk.id}`;
    const refused = await t.ctx.db.execute(copy).then(
      () => "stored",
      (e: { cause?: { message?: string } }) => e.cause?.message ?? "",
    );
    expect(refused).toMatch(/violates check constraint "ticket_id_carries_received_at"/);
  });

  it("a period's list and counts hold the same tickets with the id bounds as without, to the millisecond at both ends", async () => {
    const from = Date.parse("2026-08-01T00:00:00+08:00");
    const to = Date.parse("2026-09-01T00:00:00+08:00");
    const made = [];
    for (const at of [from - 1, from, to - 1, to]) made.push(await newTicket(t.ctx, "guangzhou", complaint(at, district("边界区"))));
    const f: TicketFilter = { jurisdictionId: "guangzhou", receivedFrom: from, receivedTo: to };
    const bounded = await allPages(f, t.ctx.ticketIds);
    expect(bounded).toEqual(await allPages(f, undefined));
    expect(bounded).toContain(made[1]!.id);
    expect(bounded).toContain(made[2]!.id);
    expect(bounded).not.toContain(made[0]!.id);
    expect(bounded).not.toContain(made[3]!.id);
    const counted = await countTickets(t.ctx, "guangzhou", from, to, "district", { district: "边界区" }, { live: true });
    expect(counted.rows.map((r) => [r.key, r.received])).toEqual([["边界区", 2]]);
  });

  it("the newest-first list, read window by window back from today, pages through every ticket in the same order as one query", async () => {
    const made = [];
    for (const daysAgo of [1, 40, 200, 800, 2000]) made.push(await newTicket(t.ctx, "guangzhou", complaint(clock.now() - daysAgo * DAY, district("窗口区"))));
    const consultation = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 500 * DAY, { type: "consultation" }));
    for (const f of [
      { jurisdictionId: "guangzhou" },
      { jurisdictionId: "guangzhou", status: made[0]!.status },
      { jurisdictionId: "guangzhou", type: "consultation" },
    ] satisfies TicketFilter[]) {
      const windowed = await allPages(f, t.ctx.ticketIds);
      expect(windowed.length).toBeGreaterThan(0);
      expect(windowed).toEqual(await allPages(f, undefined));
    }
    expect(await allPages({ jurisdictionId: "guangzhou", type: "consultation" }, t.ctx.ticketIds)).toEqual([consultation.id]);
    const everything = await allPages({ jurisdictionId: "guangzhou" }, t.ctx.ticketIds, 500);
    for (const m of made) expect(everything).toContain(m.id);
    const [{ n } = { n: 0 }] = (
      (await t.ctx.db.execute(sql`select count(*)::int as n from ticket where jurisdiction_id = 'guangzhou'`)) as unknown as { rows: { n: number }[] }
    ).rows;
    expect(everything).toHaveLength(n);
  });

  it("a caller's history and a ticket's later contacts, read back window by window, list every contact newest first", async () => {
    const phone = "13912345678";
    const requester = { name: "李四", phone, kind: "person" as const };
    const first = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 2500 * DAY, { requester }));
    for (const daysAgo of [1300, 300, 45, 2]) {
      const r = await intakeContact(
        t.ctx,
        actors.operator,
        "guangzhou",
        complaint(clock.now() - daysAgo * DAY, { requester, outcome: { decision: "progress_notice", linkedTicketId: first.id } }),
      );
      expect(r.ok).toBe(true);
    }
    const expected = (
      (await t.ctx.db.execute(sql`select id::text, received_at from contact where requester_phone = ${phone} order by received_at desc`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows.map((r) => r.id);
    expect(expected).toHaveLength(5);
    const history = await requesterHistory(t.ctx.db, "guangzhou", phone, clock.now());
    expect(history.contacts.map((c) => c.id)).toEqual(expected);
    const linked = await contactsLinkedTo(t.ctx.db, first.id, clock.now());
    expect(linked.map((c) => c.id)).toEqual(expected.slice(0, 4));
    expect((await contactsLinkedTo(t.ctx.db, first.id, clock.now(), 3)).map((c) => c.id)).toEqual(expected.slice(0, 3));
  });

  it("a ticket is found by its number at either end of its local day", async () => {
    for (const at of ["2026-10-08T00:00:01+08:00", "2026-10-08T23:59:59+08:00"]) {
      const tk = await newTicket(t.ctx, "guangzhou", complaint(Date.parse(at)));
      expect(tk.number).toMatch(/^GZ20261008\d{6}$/);
      expect((await loadTicketByNumber(t.ctx.db, tk.number, t.ctx.ticketIds))?.id).toBe(tk.id);
    }
  });

  it("tickets made before ids carried the time (random ids) are still found: periods reaching back to their cut-off are not bounded", async () => {
    // A database migrated with tickets in it: one with a random id, received before the cut-off.
    const received = Date.parse("2026-06-15T09:00:00+08:00");
    const src = await newTicket(t.ctx, "guangzhou", complaint(received, district("旧编号区")));
    const legacyId = randomUUID();
    await t.ctx.db.execute(sql`alter table ticket drop constraint ticket_id_carries_received_at`);
    await t.ctx.db
      .execute(sql`insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, district, received_at, version, state, created_at, updated_at)
      select ${legacyId}::uuid, jurisdiction_id, 'GZ20260615999999', status, type, channel, urgent, district, received_at, version,
        jsonb_set(jsonb_set(state, '{id}', to_jsonb(${legacyId}::text)), '{number}', '"GZ20260615999999"'), created_at, updated_at
      from ticket where id = ${src.id}`);
    await t.ctx.db.execute(sql`insert into ticket_id_legacy values (${new Date(received).toISOString()}::timestamptz)`);
    const ranges = await TicketIdRanges.load(t.ctx.db);
    expect(ranges.legacyUntil).toBe(received);
    expect(ranges.within(sql`id`, received, received + DAY)).toBeUndefined();
    expect(ranges.within(sql`id`, received + 1, received + DAY)).toBeDefined();

    const june = { jurisdictionId: "guangzhou", receivedFrom: Date.parse("2026-06-01T00:00:00+08:00"), receivedTo: Date.parse("2026-07-01T00:00:00+08:00") };
    expect(await allPages(june, ranges)).toContain(legacyId);
    expect(await allPages({ jurisdictionId: "guangzhou" }, ranges, 50)).toContain(legacyId);
    expect((await loadTicketByNumber(t.ctx.db, "GZ20260615999999", ranges))?.id).toBe(legacyId);
    // It is changed like any other: the command's save writes the partition its row is in.
    const legacy = await loadTicket(t.ctx.db, legacyId);
    const dispatched = await must(t.ctx, actors.dispatcher, legacy!, {
      kind: "dispatch",
      leadUnitId: await unitId(t.ctx, "GZ-TH"),
      overrideReason: "旧编号工单",
    });
    expect(dispatched.status).toBe("awaiting_sign");
    expect((await loadTicket(t.ctx.db, legacyId))?.version).toBe(legacy!.version + 1);
    // Periods after the cut-off keep their bounds and still find the newer tickets.
    expect(await allPages({ jurisdictionId: "guangzhou", receivedFrom: received + 1 }, ranges)).toEqual(
      await allPages({ jurisdictionId: "guangzhou", receivedFrom: received + 1 }, undefined),
    );
  });
});
