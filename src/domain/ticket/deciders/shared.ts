import { type WorkingCalendar } from "../../calendar/working-calendar.ts";
import { applyClockEvent, type ClockEvent, type ClockUpdate } from "../../deadlines/handling-clock.ts";
import { type UnitKind } from "../../org/unit.ts";
import { type ResolvedPolicy } from "../../policy/resolve-policy.ts";
import { domainError, type DomainError, type Result } from "../../shared/domain-error.ts";
import { type TicketCommand } from "../commands.ts";
import { type ContactMethod, type TicketActor, type TicketEventData, type TicketState } from "../ticket.ts";

/** A unit a command names, as the app layer found it. */
export interface UnitRef {
  readonly id: string;
  readonly kind: UnitKind;
  readonly jurisdictionId: string;
  readonly active: boolean;
}

/** What a decision needs besides the state and the command. */
export interface DecideContext {
  readonly policy: ResolvedPolicy;
  readonly calendar: WorkingCalendar;
  readonly now: number;
  readonly actor: TicketActor;
  /** Every unit the command names, looked up by the app layer. */
  readonly units: ReadonlyMap<string, UnitRef>;
  /** Of the files the command names, those stored on this ticket (looked up by the app layer). */
  readonly attachmentIds?: ReadonlySet<string>;
  /** Of the catalogue entries the command names, those current on the ticket's platform (looked up by the app layer). */
  readonly catalogueEntryIds?: ReadonlySet<string>;
}

/** One event to append, with the rule that made it so. */
export interface Decided {
  readonly data: TicketEventData;
  readonly rule?: string;
}

/** A command's kind, and the command of a kind. */
export type CommandKind = TicketCommand["kind"];
export type CommandOf<K extends CommandKind> = Extract<TicketCommand, { kind: K }>;

/**
 * Decides one kind of command on a ticket the state machine already allows it on: the events
 * to append, or a typed refusal. Pure.
 */
export type Decider<K extends CommandKind> = (s: TicketState, cmd: CommandOf<K>, ctx: DecideContext) => Result<Decided[]>;

/** A command family's deciders, one per kind. */
export type Deciders<K extends CommandKind> = { readonly [P in K]: Decider<P> };

const MAX_TEXT = 10_000;
export const CONTACT_METHODS: readonly ContactMethod[] = ["phone", "visit", "sms", "online"];

export function invalid(field: string, zh: string, en: string, rule?: string): DomainError {
  return domainError("INVALID_ARGUMENT", zh, en, { field, ...(rule ? { rule } : {}) });
}

/** A required text field: present, not blank, not over 10 000 characters. */
export function text(value: string | undefined, field: string, label: string): DomainError | undefined {
  if (!value || !value.trim()) return invalid(field, `${label}不能为空`, `${field} is required`);
  if (value.length > MAX_TEXT) return invalid(field, `${label}超过 ${MAX_TEXT} 字`, `${field} is longer than ${MAX_TEXT} characters`);
  return undefined;
}

/** The handling clock after an event, by the ticket's policy and calendar. */
export function clock(ctx: DecideContext, s: TicketState, ev: ClockEvent): Result<ClockUpdate> {
  return applyClockEvent(
    ctx.policy,
    ctx.calendar,
    { type: s.type, urgent: s.urgent, channel: s.channel, ...(s.category ? { category: s.category } : {}) },
    s.clock,
    ev,
  );
}

/** Every unit named exists on the ticket's platform, is active, and is named once. */
export function checkUnits(ctx: DecideContext, s: TicketState, ids: readonly string[], field: string): DomainError | undefined {
  for (const id of ids) {
    const u = ctx.units.get(id);
    if (!u || u.jurisdictionId !== s.jurisdictionId) return invalid(field, `单位 ${id} 不存在或不属于本平台`, `unit ${id} does not exist on this platform`);
    if (!u.active) return invalid(field, `单位 ${id} 已停用`, `unit ${id} is inactive`);
  }
  if (new Set(ids).size !== ids.length) return invalid(field, "单位重复", "a unit is named twice");
  return undefined;
}
