import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, newTicket, TestClock, unitId } from "../support/tickets.ts";
import { runTicketCommand } from "../../src/app/tickets/run-ticket-command.ts";
import { applicableCommands } from "../../src/domain/ticket/applicable-commands.ts";
import { type TicketCommand, type TicketCommandKind } from "../../src/domain/ticket/commands.ts";
import { type TicketActor, type TicketState } from "../../src/domain/ticket/ticket.ts";
import { replay } from "../../src/domain/ticket/evolve.ts";
import { loadTicket, loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";

const clock = new TestClock(Date.parse("2026-06-01T09:00:00+08:00"));
let t: TestApp;
let units: string[];
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  units = await Promise.all(["GZ-TH", "GZ-HZ", "GZ-D-ZJ", "GZ-TH-01"].map((c) => unitId(t.ctx, c)));
});
afterAll(async () => t?.close());

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** A plausible payload for each command a person can issue. */
function payload(kind: TicketCommandKind, tk: TicketState, r: () => number): TicketCommand | undefined {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const [a, b, c, ws] = units as [string, string, string, string];
  switch (kind) {
    case "dispatch":
      return {
        kind,
        leadUnitId: pick([a, b, c]),
        overrideReason: "随机测试",
        ...(tk.difficult ? { consultation: { disputeKind: "unclear_duties" as const, consultedUnitId: "", opinion: "x" } } : {}),
      };
    case "sign":
      return { kind };
    case "requestReturn":
      return { kind, reasonCode: "not_our_duty", reason: "不属本单位", legalBasis: "职责清单" };
    case "decideReturn":
      return {
        kind,
        decision: pick(["approve", "refuse", "multi_unit"] as const),
        reason: "审核",
        assistingUnitIds: [tk.assignment?.leadUnitId === c ? b : c],
      };
    case "designateExecutingUnit":
      return { kind, unitId: ws };
    case "requestExtension":
      return { kind, reason: "需要协调" };
    case "decideExtension":
      return { kind, approved: r() < 0.7, reason: "审批" };
    case "addInformation":
      return { kind, text: "补充信息" };
    case "decideInformation":
      return { kind, relevant: r() < 0.5, explanation: "说明" };
    case "adjustDeadline":
      return { kind, due: clock.value + 20 * 86_400_000, reason: "不可抗力" };
    case "startStatutoryProcedure":
      return { kind, description: "立案调查" };
    case "endStatutoryProcedure":
      return { kind };
    case "fileLongRunningPlan":
      return { kind, plan: "分期解决" };
    case "reportStage":
      return { kind, report: "阶段进展" };
    case "submitFeedback":
      return { kind, handledAt: clock.value, process: "处理过程", result: "处理结果", requesterInformedBy: "phone" };
    case "reviewUnitFeedback":
      return { kind, approved: r() < 0.7, reason: "审核" };
    case "reviewFeedback":
      return { kind, approved: r() < 0.7, reason: "审核" };
    case "rate":
      return {
        kind,
        rating: pick(["satisfied", "basically_satisfied", "unsatisfied"] as const),
        ...(pick([true, false]) ? { resolved: pick([true, false]) } : {}),
      };
    case "orderRehandling":
      return { kind, reason: "重办" };
    case "reviewUnsatisfied":
      return { kind, reasons: "原因", calledBack: true };
    case "conclude":
      return { kind, note: "办结" };
    case "archive":
      return { kind };
    case "supervise":
      return { kind, supervisionId: `s${Math.floor(r() * 1e9)}`, method: "phone", reason: "other", note: "督办", answerDue: clock.value + 86_400_000 };
    case "answerSupervision":
      return { kind, supervisionId: tk.supervisions?.find((s) => !s.answer)?.id ?? "", text: "答复" };
    case "explainOverdue":
      return { kind, text: "原因" };
    case "fileWrittenStatement":
      return { kind, statement: "书面说明", legalBasis: "依据" };
    default:
      return undefined;
  }
}

describe("randomized whole lifecycles", () => {
  it("replaying a ticket's events rebuilds exactly its stored state, over random walks through every command", async () => {
    const people: TicketActor[] = [actors.dispatcher, actors.reviewer, actors.supervisor, actors.operator];
    let commandsRun = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed);
      clock.set("2026-06-01T09:00:00+08:00");
      let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value));
      for (let step = 0; step < 40; step++) {
        clock.value += Math.floor(r() * 30 * 3_600_000);
        const candidates = [...people, ...units.map((u) => actors.unit(u))].flatMap((actor) => applicableCommands(tk, actor).map((k) => [actor, k] as const));
        if (candidates.length === 0) break;
        const [actor, kind] = candidates[Math.floor(r() * candidates.length)] as (typeof candidates)[number];
        const cmd = payload(kind, tk, r);
        if (!cmd) continue;
        const out = await runTicketCommand(t.ctx, actor, tk.id, tk.version, cmd);
        if (out.ok) {
          tk = out.value.ticket;
          commandsRun++;
        } else {
          expect(await loadTicket(t.ctx.db, tk.id)).toEqual(tk); // a refusal changes nothing
        }
      }
      const stored = await loadTicket(t.ctx.db, tk.id);
      expect(replay(await loadTicketEvents(t.ctx.db, tk.id))).toEqual(stored);
      expect(stored?.version).toBe((await loadTicketEvents(t.ctx.db, tk.id)).length);
    }
    expect(commandsRun).toBeGreaterThan(150);
  }, 120_000);
});
