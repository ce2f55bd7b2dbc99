import { eq } from "drizzle-orm";
import { type AppContext } from "../../src/app/context.ts";
import { intakeContact } from "../../src/app/tickets/intake-contact.ts";
import { runTicketCommand } from "../../src/app/tickets/run-ticket-command.ts";
import { type TicketCommand } from "../../src/domain/ticket/commands.ts";
import { type IntakeInput } from "../../src/domain/ticket/intake.ts";
import { type TicketActor, type TicketState } from "../../src/domain/ticket/ticket.ts";
import { units } from "../../src/store/schema/index.ts";

/** A settable clock for use cases: tests move time by hand. */
export class TestClock {
  constructor(public value: number) {}
  readonly now = () => this.value;
  set(iso: string) {
    this.value = Date.parse(iso);
  }
}

/** Object mothers for the people who act on tickets. */
export const actors = {
  operator: { id: "op-1", name: "话务员甲", role: "operator" } satisfies TicketActor,
  dispatcher: { id: "disp-1", name: "派单员乙", role: "dispatcher" } satisfies TicketActor,
  reviewer: { id: "rev-1", name: "审核员丙", role: "reviewer" } satisfies TicketActor,
  supervisor: { id: "sup-1", name: "督办员丁", role: "supervisor" } satisfies TicketActor,
  system: { id: "system", name: "系统", role: "system" } satisfies TicketActor,
  unit: (unitId: string, name = "承办人"): TicketActor => ({ id: `u-${unitId.slice(0, 8)}`, name, role: "unit_handler", unitId }),
};

/** The id of a demo unit by its code. */
export async function unitId(ctx: AppContext, code: string): Promise<string> {
  const [r] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, code));
  if (!r) throw new Error(`no unit ${code}`);
  return r.id;
}

/** A complaint as intake receives it; override any field. */
export function complaint(receivedAt: number, over: Partial<IntakeInput> = {}): IntakeInput {
  return {
    channel: "phone",
    receivedAt,
    requester: { name: "张三", phone: "13800138000", kind: "person" },
    type: "complaint",
    content: "小区门口夜间施工噪音扰民，持续一周，请相关部门处理。",
    location: { district: "天河区", subDistrict: "五山街道", address: "五山路1号" },
    outcome: { decision: "ticket" },
    ...over,
  };
}

/** Takes a contact that must become a ticket. */
export async function newTicket(ctx: AppContext, jurisdictionId: string, input: IntakeInput): Promise<TicketState> {
  const r = await intakeContact(ctx, actors.operator, jurisdictionId, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  if (!r.value.ticket) throw new Error("no ticket made");
  return r.value.ticket;
}

/** Runs a command that must succeed, at the ticket's current version. */
export async function must(ctx: AppContext, actor: TicketActor, t: TicketState, cmd: TicketCommand): Promise<TicketState> {
  const r = await runTicketCommand(ctx, actor, t.id, t.version, cmd);
  if (!r.ok) throw new Error(`${cmd.kind} refused: ${r.error.code}: ${r.error.en}`);
  return r.value.ticket;
}

/** Runs a command that must be refused, and returns the refusal. */
export async function refused(ctx: AppContext, actor: TicketActor, t: TicketState, cmd: TicketCommand) {
  const r = await runTicketCommand(ctx, actor, t.id, t.version, cmd);
  if (r.ok) throw new Error(`${cmd.kind} was accepted`);
  return r.error;
}
