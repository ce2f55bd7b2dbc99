import { eq } from "drizzle-orm";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketCommand } from "../../domain/ticket/commands.ts";
import { type IntakeInput } from "../../domain/ticket/intake.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { units } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { intakeContact } from "./intake-contact.ts";
import { runTicketCommand } from "./run-ticket-command.ts";

/** Unit kinds with a line of their own (GZ-7, GZ-28). */
export const OWN_LINE_UNIT_KINDS = ["subcentre", "dual_number_unit"] as const;

/** Does a unit of this kind have a line of its own? */
export function isOwnLineKind(kind: string): kind is (typeof OWN_LINE_UNIT_KINDS)[number] {
  return (OWN_LINE_UNIT_KINDS as readonly string[]).includes(kind);
}

/** A unit that takes calls on its own line, as the intake acts for it. */
export interface OwnLineUnit {
  readonly id: string;
  readonly kind: (typeof OWN_LINE_UNIT_KINDS)[number];
  readonly jurisdictionId: string;
}

/** The actor's unit if it has a line of its own; undefined for every other unit (and for hotline staff). */
export async function ownLineUnitOf(ctx: AppContext, actor: TicketActor): Promise<OwnLineUnit | undefined> {
  if (!actor.unitId || (actor.role !== "unit_handler" && actor.role !== "unit_leader")) return undefined;
  const [u] = await ctx.db
    .select({ id: units.id, kind: units.kind, jurisdictionId: units.jurisdictionId, active: units.active })
    .from(units)
    .where(eq(units.id, actor.unitId));
  if (!u || !u.active || !isOwnLineKind(u.kind)) return undefined;
  return { id: u.id, kind: u.kind, jurisdictionId: u.jurisdictionId };
}

/** What an own-line contact carries: the contact without channel, decision or unit (the unit's line decides those). */
export type OwnLineContact = Omit<IntakeInput, "channel" | "outcome" | "ownLineUnitId" | "leaderSession">;

/**
 * A contact of a sub-centre's or dual-number unit's own line (GZ-7, GZ-28), taken by the unit's
 * staff in the console or by its system through the interface: a ticket by the unit's channel,
 * dispatched to the unit and signed by it at once unless the matter is another unit's
 * (`handleSelf` false: it waits for the hotline's dispatchers). Each step is its own command; a
 * retry with the same key picks up where the first stopped.
 */
export async function takeOwnLineContact(
  ctx: AppContext,
  actor: TicketActor,
  u: OwnLineUnit,
  c: OwnLineContact,
  key: string | undefined,
  handleSelf = true,
): Promise<Result<{ ticket: TicketState; contactId: string; replayed: boolean }>> {
  const r = await intakeContact(
    ctx,
    actor,
    u.jurisdictionId,
    { ...c, channel: u.kind === "subcentre" ? "subcentre" : "dual_number", outcome: { decision: "ticket" }, ownLineUnitId: u.id },
    key,
  );
  if (!r.ok) return r;
  let t = r.value.ticket;
  if (!t) return fail(domainError("INTERNAL", "未生成工单", "no ticket was made"));
  const steps: TicketCommand[] = handleSelf ? [{ kind: "dispatch", leadUnitId: u.id }, { kind: "sign" }] : [];
  for (const step of steps) {
    if ((step.kind === "dispatch" && t.status !== "awaiting_dispatch") || (step.kind === "sign" && t.status !== "awaiting_sign")) continue;
    const s = await runTicketCommand(ctx, actor, t.id, t.version, step);
    if (!s.ok) return s;
    t = s.value.ticket;
  }
  return ok({ ticket: t, contactId: r.value.contactId, replayed: r.value.replayed });
}
