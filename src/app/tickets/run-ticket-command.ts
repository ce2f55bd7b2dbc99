import { type TicketCommand } from "../../domain/ticket/commands.ts";
import { decide } from "../../domain/ticket/decide.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { evolve } from "../../domain/ticket/evolve.ts";
import { type TicketActor, type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { loadTicketToChange, saveTicket, VersionConflictError, type Tx } from "../../store/repositories/ticket.repository.ts";
import { noticesFor } from "../../domain/notices/notices.ts";
import { renderNotices } from "../notices/render-notices.ts";
import { timersFor } from "../../domain/ticket/timers.ts";
import { dispatchProposalFor } from "../dispatch/catalogue.ts";
import { type AppContext } from "../context.ts";
import { attachmentIdsOn } from "../../store/repositories/attachment.repository.ts";

/** A ticket after a command, and the events the command appended. */
export interface CommandOutcome {
  readonly ticket: TicketState;
  readonly events: readonly TicketEvent[];
}

function unitIdsOf(cmd: TicketCommand): string[] {
  switch (cmd.kind) {
    case "dispatch":
      return [cmd.leadUnitId, ...(cmd.assistingUnitIds ?? []), ...(cmd.consultation ? [cmd.consultation.consultedUnitId] : [])];
    case "decideReturn":
      return cmd.assistingUnitIds ?? [];
    case "designateExecutingUnit":
      return [cmd.unitId];
    default:
      return [];
  }
}

/** The refusal when the ticket moved past the version the command was decided on. */
function versionConflict(current: number) {
  return domainError("VERSION_CONFLICT", `工单已被他人修改（当前版本 ${current}），请刷新后重试`, `the ticket changed meanwhile (now at version ${current}); reload and retry`, {
    field: "version",
    details: [{ field: "version", zh: String(current), en: String(current) }],
  });
}

/** Decides and applies a command inside an open transaction (shared by single and bulk commands). */
export async function applyTicketCommand(
  ctx: AppContext,
  tx: Tx,
  actor: TicketActor,
  ticketId: string,
  expectedVersion: number | undefined,
  cmd: TicketCommand,
  now: number,
): Promise<Result<CommandOutcome>> {
  // Optimistic: the save below succeeds only if the version is still the one decided on.
  const loaded = await loadTicketToChange(tx, ticketId);
  if (!loaded) return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" }));
  const { state, home } = loaded;
  if (expectedVersion !== undefined && state.version !== expectedVersion) {
    return fail(versionConflict(state.version));
  }
  const policy = ctx.policies.get(state.policyId);
  if (!policy.ok) return policy;
  if (cmd.kind === "dispatch") {
    // The catalogue's proposal is looked up here, never taken from the client.
    const proposal = await dispatchProposalFor(ctx, tx, state);
    const { catalogueUnitId: _u, catalogueEntryId: _e, ...rest } = cmd;
    cmd = proposal ? { ...rest, catalogueUnitId: proposal.leadUnitId, catalogueEntryId: proposal.entryId } : rest;
  }
  const files = cmd.kind === "submitFeedback" && cmd.attachments?.length ? await attachmentIdsOn(tx, ticketId, cmd.attachments) : undefined;
  const decided = decide(state, cmd, { policy: policy.value, calendar: ctx.calendars.forPolicy(policy.value), now, actor, units: await lookupUnits(tx, unitIdsOf(cmd)), ...(files ? { attachmentIds: files } : {}) });
  if (!decided.ok) return decided;
  const events: TicketEvent[] = decided.value.map((d, i) => ({ ticketId, seq: state.version + i + 1, at: now, actor, command: cmd.kind, ...(d.rule ? { rule: d.rule } : {}), data: d.data }));
  const next = events.reduce<TicketState>((s, e) => evolve(s, e), state);
  await saveTicket(tx, state.version, next, events, timersFor(next, policy.value), renderNotices(noticesFor(events, next)), home);
  return ok({ ticket: next, events });
}

/**
 * Runs one command on one ticket: load, check the version, decide, then append the events,
 * write the new state and its timers atomically. A refusal or a conflict changes nothing.
 */
export async function runTicketCommand(ctx: AppContext, actor: TicketActor, ticketId: string, expectedVersion: number | undefined, cmd: TicketCommand): Promise<Result<CommandOutcome>> {
  try {
    // One read and one atomic write statement: no explicit transaction is needed, and a
    // refusal writes nothing.
    return await applyTicketCommand(ctx, ctx.db, actor, ticketId, expectedVersion, cmd, ctx.now());
  } catch (e) {
    if (e instanceof VersionConflictError) {
      return fail(versionConflict(e.current));
    }
    throw e;
  }
}
