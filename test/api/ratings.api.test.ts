import { readdirSync, readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replay } from "../../src/domain/ticket/evolve.ts";
import { type TicketState } from "../../src/domain/ticket/ticket.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// Ratings that hold (国办发〔2019〕51号 五级评价; GZ-20, GX-27.2): five levels, "solved?" asked apart.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  server = await startServer(t.ctx);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** A guangzhou ticket with the unit's feedback reviewed, waiting for its callback. */
async function awaitingCallback(content: string): Promise<TicketState> {
  const hz = await unitId(t.ctx, "GZ-HZ");
  let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { content }));
  tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: hz });
  tk = await must(t.ctx, actors.unit(hz), tk, { kind: "sign" });
  tk = await must(t.ctx, actors.unit(hz), tk, {
    kind: "submitFeedback",
    handledAt: clock.value,
    process: "现场处理",
    result: "已解决",
    requesterInformedBy: "phone",
    solved: "resolved",
  });
  return must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "完整" });
}

const rate = async (tk: TicketState, body: Record<string, unknown>) => {
  const res = await fetch(`${server.url}/api/v1/tickets/${tk.id}/rate`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "reviewer", "content-type": "application/json" },
    body: JSON.stringify({ version: tk.version, ...body }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe("five-level ratings with solved? apart (51号, GZ-20)", () => {
  it("51号 GZ-20 the callback records one of five levels and solved? apart, counted as the policy says; answers outside them are refused naming the field, and nothing changes", async () => {
    const tk = await awaitingCallback("路面塌陷");
    for (const [body, field] of [
      [{ rating: "good", solved: "resolved" }, "rating"],
      [{ rating: "satisfied", solved: "yes" }, "solved"],
    ] as const) {
      const r = await rate(tk, body);
      expect([r.status, r.body.error.field]).toEqual([400, field]);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await loadTicket(t.ctx.db, tk.id))?.version).toBe(tk.version);
    const ok = await rate(tk, { rating: "very_unsatisfied", solved: "unresolved" });
    expect(ok.status).toBe(200);
    const after = await loadTicket(t.ctx.db, tk.id);
    expect(after).toMatchObject({ rating: "very_unsatisfied", solved: "unresolved", countsSatisfied: false });
    // Not satisfied by the policy: it may be handled again (GZ-20).
    expect((await must(t.ctx, actors.reviewer, after!, { kind: "orderRehandling", reason: "诉求人称仍未修复" })).status).toBe("handling");
  });

  it("51号 a migration reads ratings given before five levels as meant then: their events stay as given, the state gains what they counted as", async () => {
    const tk = await awaitingCallback("噪声扰民");
    const yes = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "basically_satisfied", solved: "resolved" });
    const tk2 = await awaitingCallback("占道经营");
    const no = await must(t.ctx, actors.reviewer, tk2, { kind: "rate", rating: "unsatisfied", solved: "unresolved" });
    // As they were stored before: the yes/no answer, no level counted, in the events and in the state.
    // History is append-only; the test alone lifts the guard to write the old shape.
    await t.ctx.db.execute(sql`alter table ticket_event disable trigger ticket_event_append_only`);
    for (const [id, resolved] of [
      [yes.id, true],
      [no.id, false],
    ] as const) {
      await t.ctx.db.execute(
        sql`update ticket_event set data = (data - 'countsSatisfied' - 'solved') || jsonb_build_object('resolved', ${resolved}::boolean) where ticket_id = ${id}::uuid and type = 'Rated'`,
      );
      await t.ctx.db.execute(
        sql`update ticket set state = (state - 'countsSatisfied' - 'solved') || jsonb_build_object('resolved', ${resolved}::boolean) where id = ${id}::uuid`,
      );
    }
    await t.ctx.db.execute(sql`alter table ticket_event enable trigger ticket_event_append_only`);
    const dir = new URL("../../src/store/migrations/", import.meta.url);
    const file = readdirSync(dir).find((f) => f.endsWith("_five_level_ratings.sql"));
    const statements = readFileSync(new URL(file!, dir), "utf8").split("--> statement-breakpoint");
    const backfill = statements.find((s) => s.includes('UPDATE "ticket"'))!;
    await t.ctx.db.execute(sql.raw(backfill));
    await t.ctx.db.execute(sql.raw(backfill)); // a second run changes nothing

    const migratedYes = await loadTicket(t.ctx.db, yes.id);
    const migratedNo = await loadTicket(t.ctx.db, no.id);
    expect(migratedYes).toMatchObject({ rating: "basically_satisfied", countsSatisfied: true, solved: "resolved" });
    expect(migratedNo).toMatchObject({ rating: "unsatisfied", countsSatisfied: false, solved: "unresolved" });
    expect(migratedYes).not.toHaveProperty("resolved");
    // The events keep the original answer, and replaying them yields the migrated state.
    const events = await loadTicketEvents(t.ctx.db, yes.id);
    expect(events.find((e) => e.data.type === "Rated")?.data).toMatchObject({ rating: "basically_satisfied", resolved: true });
    expect(events.find((e) => e.data.type === "Rated")?.data).not.toHaveProperty("solved");
    const replayed = replay(events)!;
    expect({ rating: replayed.rating, countsSatisfied: replayed.countsSatisfied, solved: replayed.solved }).toEqual({
      rating: "basically_satisfied",
      countsSatisfied: true,
      solved: "resolved",
    });
  });
});
