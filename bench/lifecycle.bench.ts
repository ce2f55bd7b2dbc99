import { eq, sql } from "drizzle-orm";
import { intakeContact } from "../src/app/tickets/intake-contact.ts";
import { runTicketCommand } from "../src/app/tickets/run-ticket-command.ts";
import { type TicketActor } from "../src/domain/ticket/ticket.ts";
import { units } from "../src/store/schema/index.ts";
import { benchDatabase } from "./bench-database.ts";
import { median, writeReport } from "./report.ts";
import { cpuPerOp, cpuSeconds } from "./cpu.ts";

const TICKETS = 1000;
const CONCURRENCY = 10;
const ROUNDS = 5;

/**
 * Full lifecycles per second through the use cases on PostgreSQL: intake → dispatch → sign →
 * feedback → review → rating → conclusion, CONCURRENCY tickets at a time. The baseline is the
 * same number of bare transactions (one row insert each) in the same run.
 */
export async function run(): Promise<void> {
  const db = await benchDatabase();
  const ctx = db.ctx;
  const [unit] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, "GZ-TH"));
  if (!unit) throw new Error("demo unit missing");
  const op: TicketActor = { id: "bench-op", name: "压测", role: "operator" };
  const disp: TicketActor = { id: "bench-disp", name: "压测", role: "dispatcher" };
  const rev: TicketActor = { id: "bench-rev", name: "压测", role: "reviewer" };
  const u: TicketActor = { id: "bench-unit", name: "压测", role: "unit_handler", unitId: unit.id };
  const one = async () => {
    const c = await intakeContact(ctx, op, "guangzhou", {
      channel: "phone",
      receivedAt: ctx.now(),
      requester: { kind: "person", phone: "13800138000" },
      type: "complaint",
      content: "压测工单",
      outcome: { decision: "ticket" },
    });
    if (!c.ok || !c.value.ticket) throw new Error("intake failed");
    let t = c.value.ticket;
    const steps: [TicketActor, Parameters<typeof runTicketCommand>[4]][] = [
      [disp, { kind: "dispatch", leadUnitId: unit.id, overrideReason: "压测" }],
      [u, { kind: "sign" }],
      [u, { kind: "submitFeedback", handledAt: ctx.now(), process: "处理", result: "完成", requesterInformedBy: "phone" }],
      [rev, { kind: "reviewFeedback", approved: true, reason: "" }],
      [rev, { kind: "rate", rating: "satisfied" }],
      [rev, { kind: "conclude" }],
    ];
    for (const [a, cmd] of steps) {
      const r = await runTicketCommand(ctx, a, t.id, t.version, cmd);
      if (!r.ok) throw new Error(`${cmd.kind}: ${r.error.en}`);
      t = r.value.ticket;
    }
  };
  const pool = async (n: number, task: () => Promise<void>) => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < n) await task();
      }),
    );
    return n / ((performance.now() - start) / 1000);
  };
  await ctx.db.execute(sql`create table bench_tx (id bigserial primary key, at timestamptz default now())`);
  const subject: number[] = [];
  const baseline: number[] = [];
  const cpu: ReturnType<typeof cpuPerOp>[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      baseline.push(await pool(TICKETS * 7, () => ctx.db.transaction(async (tx) => void (await tx.execute(sql`insert into bench_tx default values`)))));
      const a = cpuSeconds();
      subject.push(await pool(TICKETS, one));
      cpu.push(cpuPerOp(a, cpuSeconds(), TICKETS));
    }
  } finally {
    await db.drop();
  }
  const value = Math.round(median(subject));
  const base = Math.round(median(baseline));
  writeReport({
    name: "lifecycle",
    metric: "tickets_per_s",
    value,
    unit: "full lifecycles/s",
    baseline: { name: "bare one-row transactions/s (7 per lifecycle)", value: base },
    ratio: Math.round(((value * 7) / base) * 100) / 100,
    target: "value >= 300 full lifecycles/s",
    met: value >= 300,
    details: {
      tickets_per_round: TICKETS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      steps: "intake, dispatch, sign, feedback, review, rating, conclusion",
      // Median CPU per full lifecycle: the machine's cores bound lifecycles/s at cores / (node + pg).
      cpu_ms_per_lifecycle: { node: median(cpu.map((c) => c.node_ms)), postgres: cpu.every((c) => c.pg_ms !== null) ? median(cpu.map((c) => c.pg_ms!)) : null },
    },
  });
}
