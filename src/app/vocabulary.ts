/**
 * The words, kinds and formats the adapters' request schemas speak, as the domain defines them:
 * channels, request types, roles, commands, unit, archive, call and file kinds, local dates.
 */
export {
  CHANNEL_LABELS,
  CHANNELS,
  RATINGS,
  REQUEST_TYPE_LABELS,
  REQUEST_TYPES,
  RATING_WORK,
  SOLVED,
  type Rating,
  type RatingWork,
  type RequestType,
  type Solved,
} from "../domain/shared/vocabulary.ts";
export { isUuid } from "../domain/shared/uuid-format.ts";
export { RATING_APPEAL_GROUNDS, ROLES, type Role, type TicketActor, type TicketState } from "../domain/ticket/ticket.ts";
export { TICKET_COMMAND_KINDS, type TicketCommand, type TicketCommandKind } from "../domain/ticket/commands.ts";
export { UNIT_KIND_LABELS, UNIT_KINDS, isUnitKind } from "../domain/org/unit.ts";
export { RETENTION_KINDS } from "../domain/archive/retention.ts";
export { ARCHIVE_RECORD_KINDS } from "../domain/archive/archive-record.ts";
export { CALL_EVENT_TYPES } from "../domain/calls/call-record.ts";
export { ATTACHMENT_LIMITS } from "../domain/attachments/attachment.ts";
export { dayOfInstant, formatDay, parseIsoDate, yearOfDay } from "../domain/calendar/local-date.ts";
export { CATALOGUE_SOURCE_KINDS, CATALOGUE_SOURCE_LABELS } from "../domain/dispatch/catalogue-source.ts";
export { FORMULA_RATES, RateFormulaSchema, type FormulaRate, type RateFormula } from "../domain/assessment/rate-formulas.ts";

export { LISTED_OUTCOMES, type ListedOutcome } from "../domain/assessment/outcome-counts.ts";
export { NOTICE_STATUSES } from "../domain/notices/notices.ts";
