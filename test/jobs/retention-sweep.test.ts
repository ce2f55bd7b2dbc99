import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepWorkingRecords } from "../../src/app/housekeeping/retention-sweep.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { complaint, newTicket, TestClock } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-24T09:00:00+08:00"));
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(clock.value - daysAgo * DAY).toISOString();
async function count(table: string): Promise<number> {
  const r = (await t.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]!.n);
}

describe("working records are swept after their keeping time; the hotline's records never (issue 9)", () => {
  it("each kind goes after its own time and the recent ones stay; tickets, events, contacts and the audit log are untouched", async () => {
    const db = t.ctx.db;
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
    const [user] = (
      (await db.execute(
        sql`insert into app_user (jurisdiction_id, username, display_name, password_hash, role) values ('guangzhou', 'sweep_test', '测试', 'x', 'operator') returning id`,
      )) as unknown as { rows: { id: string }[] }
    ).rows;
    await db.execute(
      sql`insert into session (id, user_id, csrf_token, created_at, expires_at) values ('old', ${user!.id}, 'c', ${at(10)}::timestamptz, ${at(3)}::timestamptz), ('live', ${user!.id}, 'c', ${at(0)}::timestamptz, ${at(-1)}::timestamptz)`,
    );
    await db.execute(
      sql`insert into idempotency_key (jurisdiction_id, key, contact_id, created_at) values ('guangzhou', 'old', gen_random_uuid(), ${at(91)}::timestamptz), ('guangzhou', 'recent', gen_random_uuid(), ${at(89)}::timestamptz)`,
    );
    await db.execute(sql`insert into exchange_outbox (jurisdiction_id, ticket_id, ticket_version, payload, status, next_attempt_at, created_at) values
      ('nanning', ${tk.id}, 1, '{}', 'sent', ${at(40)}::timestamptz, ${at(40)}::timestamptz),
      ('nanning', ${tk.id}, 2, '{}', 'queued', ${at(40)}::timestamptz, ${at(40)}::timestamptz),
      ('nanning', ${tk.id}, 3, '{}', 'sent', ${at(5)}::timestamptz, ${at(5)}::timestamptz)`);
    await db.execute(
      sql`insert into timer_firing (ticket_id, kind, due_at, fired_at, worker, outcome) values (${tk.id}, 'overdue', ${at(500)}::timestamptz, ${at(500)}::timestamptz, 'w', 'fired'), (${tk.id}, 'overdue', ${at(10)}::timestamptz, ${at(10)}::timestamptz, 'w', 'fired')`,
    );
    const before = {
      ticket: await count("ticket"),
      ticket_event: await count("ticket_event"),
      contact: await count("contact"),
      audit_log: await count("audit_log"),
    };

    const removed = await sweepWorkingRecords(t.ctx);
    expect(removed).toMatchObject({ session: 1, idempotency_key: 1, exchange_outbox: 1, timer_firing: 1 });
    const left = async (q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: { k: string }[] }).rows.map((r) => r.k).sort();
    expect(await left(sql`select id as k from session`)).toEqual(["live"]);
    expect(await left(sql`select key as k from idempotency_key where key in ('old', 'recent')`)).toEqual(["recent"]);
    // A push still waiting for its receiver is never swept, however old.
    expect(await left(sql`select ticket_version::text || status as k from exchange_outbox where ticket_id = ${tk.id}`)).toEqual(["2queued", "3sent"]);
    expect(await count("timer_firing")).toBe(1);
    expect({
      ticket: await count("ticket"),
      ticket_event: await count("ticket_event"),
      contact: await count("contact"),
      audit_log: await count("audit_log"),
    }).toEqual(before);
    // Nothing more to do the second time.
    expect(Object.values(await sweepWorkingRecords(t.ctx)).every((n) => n === 0)).toBe(true);
  });
});
