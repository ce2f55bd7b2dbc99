import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../../src/app/context.ts";
import { runTicketCommand } from "../../src/app/tickets/run-ticket-command.ts";
import { evolve } from "../../src/domain/ticket/evolve.ts";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-20T10:00:00+08:00"));
let t: TestApp;
/** A second server process on the same database: its own memory of recent tickets. */
let other: AppContext;
let TH: string;
let HZ: string;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  other = await createAppContext(t.ctx.handle, { now: clock.now });
  [TH, HZ] = (await Promise.all(["GZ-TH", "GZ-HZ"].map((c) => unitId(t.ctx, c)))) as [string, string];
});
afterAll(async () => t?.close());

describe("commands decided on the ticket as this process last wrote it (issue 3: lifecycle speed)", () => {
  it("a command on a version another instance moved past is refused with 409 and the current version; on the current version it applies", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 60_000));
    expect(t.ctx.ticketWrites.recent(tk.id, 1)?.state).toEqual(tk);
    const moved = await must(other, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH, overrideReason: "测试" });
    const stale = await runTicketCommand(t.ctx, actors.dispatcher, tk.id, 1, { kind: "dispatch", leadUnitId: HZ, overrideReason: "测试" });
    expect(stale.ok ? "applied" : stale.error).toMatchObject({ code: "VERSION_CONFLICT", field: "version", details: [{ field: "version", zh: "2", en: "2" }] });
    const signed = await must(t.ctx, actors.unit(TH), moved, { kind: "sign" });
    expect(signed).toMatchObject({ version: 3, status: "handling" });
    expect((await loadTicket(t.ctx.db, tk.id))?.version).toBe(3);
    expect((await loadTicketEvents(t.ctx.db, tk.id)).map((e) => e.data.type)).toEqual(["TicketCreated", "Dispatched", "Signed"]);
  });

  it("a refusal is given on the ticket as stored, not as remembered", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 50_000));
    await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH, overrideReason: "测试" });
    // Rewound behind this process's back to the intake (a restore), then dispatched elsewhere by another instance.
    await rewind(tk.id, 1);
    const elsewhere = await must(other, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: HZ, overrideReason: "另派" });
    // This process remembers version 2 as dispatched to TH: HZ's signature would be refused on it.
    expect(t.ctx.ticketWrites.recent(tk.id, 2)?.state.assignment?.leadUnitId).toBe(TH);
    const signed = await runTicketCommand(t.ctx, actors.unit(HZ), tk.id, 2, { kind: "sign" });
    expect(signed.ok && signed.value.ticket).toMatchObject({ version: 3, status: "handling", assignment: { leadUnitId: HZ } });
    expect(elsewhere.version).toBe(2);
  });

  it("a change decided on a remembered version that the row holds differently (a restore, a failover that lost commits) is decided again on the row", async () => {
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.now() - 40_000));
    await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH, overrideReason: "本实例" });
    await rewind(tk.id, 1);
    clock.value += 1000;
    const theirs = await must(other, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH, overrideReason: "另一实例" });
    // Both histories allow TH to sign version 2; the row's is the one kept.
    const signed = await runTicketCommand(t.ctx, actors.unit(TH), tk.id, 2, { kind: "sign" });
    expect(signed.ok && signed.value.ticket.version).toBe(3);
    const events = await loadTicketEvents(t.ctx.db, tk.id);
    expect(events.map((e) => [e.seq, e.data.type])).toEqual([
      [1, "TicketCreated"],
      [2, "Dispatched"],
      [3, "Signed"],
    ]);
    expect(JSON.stringify(events[1]?.data)).toContain("另一实例");
    const stored = await loadTicket(t.ctx.db, tk.id);
    expect(stored).toEqual(signed.ok && signed.value.ticket);
    // Dispatched when the other instance dispatched it, a second after this one's lost dispatch.
    expect(stored?.assignment?.dispatchedAt).toBe(theirs.assignment?.dispatchedAt);
    expect(stored?.updatedAt).toBe(clock.now());
  });
});

/**
 * Puts a ticket back as it was at `version`, its later events gone: what a restore from backup
 * does. The history's append-only trigger is bypassed as a restore bypasses it.
 */
async function rewind(id: string, version: number): Promise<void> {
  const events = await loadTicketEvents(t.ctx.db, id);
  const at = events.slice(0, version).reduce<TicketState | undefined>((s, e) => evolve(s, e), undefined);
  if (version !== 1 || !at) throw new Error("rewinds to the intake only");
  await t.ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`delete from ticket_event where ticket_id = ${id} and seq > ${version}`);
    await tx.execute(sql`delete from timer where ticket_id = ${id}`);
    await tx.execute(
      sql`update ticket set state = ${JSON.stringify(at)}::jsonb, version = ${version}, status = 'awaiting_dispatch', lead_unit_id = null, unit_ids = '{}', updated_at = ${new Date(at.updatedAt).toISOString()}::timestamptz where id = ${id}`,
    );
  });
}
