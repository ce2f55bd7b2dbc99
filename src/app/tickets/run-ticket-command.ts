import { type TicketCommand } from "../../domain/ticket/commands.ts";
import { decide } from "../../domain/ticket/decide.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { evolve } from "../../domain/ticket/evolve.ts";
import { type TicketActor, type TicketEvent, type TicketState } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { loadTicketToChange, saveTicket, VersionConflictError, type TicketChange, type Tx } from "../../store/repositories/ticket.repository.ts";
import { type TicketHome } from "../../store/ticket-homes.ts";
import { noticesFor } from "../../domain/notices/notices.ts";
import { renderNotices } from "../notices/render-notices.ts";
import { timersFor } from "../../domain/ticket/timers.ts";
import { currentEntriesOn, dispatchProposalFor } from "../dispatch/catalogue.ts";
import { type AppContext } from "../context.ts";
import { reachesPlatform } from "../../domain/org/platform-scope.ts";
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
export function versionConflict(current: number) {
  return domainError(
    "VERSION_CONFLICT",
    `工单已被他人修改（当前版本 ${current}），请刷新后重试`,
    `the ticket changed meanwhile (now at version ${current}); reload and retry`,
    {
      field: "version",
      details: [{ field: "version", zh: String(current), en: String(current) }],
    },
  );
}

/** How a command's change is written: in the caller's transaction, or with concurrent commands' changes. */
type SaveChange = (change: TicketChange, home: TicketHome) => Promise<void>;

/** Where a command runs outside a transaction: its save shared with others, and the state it may decide on without reading it. */
interface SharedWrites {
  readonly save: SaveChange;
  readonly held?: { readonly state: TicketState; readonly home: TicketHome } | undefined;
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
  shared?: SharedWrites,
): Promise<Result<CommandOutcome>> {
  const save: SaveChange = shared?.save ?? ((c, home) => saveTicket(tx, c, home));
  // Optimistic: the save below succeeds only if the version is still the one decided on.
  const held = shared?.held;
  const loaded = held ?? (await loadTicketToChange(tx, ticketId, ctx.ticketHomes));
  // Another platform's ticket does not exist for this actor.
  if (!loaded || !reachesPlatform(actor, loaded.state.jurisdictionId))
    return fail(domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" }));
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
  const files =
    (cmd.kind === "submitFeedback" || cmd.kind === "fileRectification" || cmd.kind === "appealRating") && cmd.attachments?.length
      ? await attachmentIdsOn(tx, ticketId, cmd.attachments)
      : undefined;
  const entries = cmd.kind === "requestReturn" && cmd.catalogueEntryId ? await currentEntriesOn(tx, state.jurisdictionId, [cmd.catalogueEntryId]) : undefined;
  const decided = decide(state, cmd, {
    policy: policy.value,
    calendar: ctx.calendars.forPolicy(policy.value),
    now,
    actor,
    units: await lookupUnits(tx, unitIdsOf(cmd)),
    ...(files ? { attachmentIds: files } : {}),
    ...(entries ? { catalogueEntryIds: entries } : {}),
  });
  if (!decided.ok) return decided;
  const events: TicketEvent[] = decided.value.map((d, i) => ({
    ticketId,
    seq: state.version + i + 1,
    at: now,
    actor,
    command: cmd.kind,
    ...(d.rule ? { rule: d.rule } : {}),
    data: d.data,
  }));
  const next = events.reduce<TicketState>((s, e) => evolve(s, e), state);
  await save(
    {
      expected: state.version,
      ...(held ? { priorUpdatedAt: state.updatedAt } : {}),
      state: next,
      events,
      timers: timersFor(next, policy.value),
      messages: renderNotices(noticesFor(events, next)),
    },
    home,
  );
  return ok({ ticket: next, events });
}

/**
 * Runs one command on one ticket: load, check the version, decide, then append the events,
 * write the new state and its timers atomically. A refusal or a conflict changes nothing.
 */
export async function runTicketCommand(
  ctx: AppContext,
  actor: TicketActor,
  ticketId: string,
  expectedVersion: number | undefined,
  cmd: TicketCommand,
): Promise<Result<CommandOutcome>> {
  const writes = ctx.ticketWrites;
  // The version the caller saw, as this process last wrote it: decided on without reading it.
  const held = expectedVersion !== undefined ? writes.recent(ticketId, expectedVersion) : undefined;
  const now = ctx.now();
  const attempt = async (shared: SharedWrites): Promise<Result<CommandOutcome> | VersionConflictError> => {
    try {
      // One read and one atomic write statement (shared with concurrent commands' changes): no
      // explicit transaction is needed, and a refusal writes nothing.
      return await applyTicketCommand(ctx, ctx.db, actor, ticketId, expectedVersion, cmd, now, shared);
    } catch (e) {
      if (e instanceof VersionConflictError) return e;
      throw e;
    }
  };
  if (held) {
    const r = await attempt({ save: writes.save, held });
    if (!(r instanceof VersionConflictError) && r.ok) return r;
    // Refused, or the row was not the state held (another instance wrote it, or the database is
    // not the one it was written to): decided again on the row as stored, so every refusal and
    // every change rests on what the database holds.
    if (r instanceof VersionConflictError) writes.forget(ticketId);
  }
  const r = await attempt({ save: writes.save });
  return r instanceof VersionConflictError ? fail(versionConflict(r.current)) : r;
}
