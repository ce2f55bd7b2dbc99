import { randomUUID } from "node:crypto";

export { isUuid } from "../domain/shared/uuid-format.ts";

/**
 * A ticket's id: a time-ordered UUID (version 7) stamped with the moment the ticket was received,
 * the rest random. The ticket table is partitioned by month on the id (migration
 * 20261201185653), so a ticket and its events are found by its id alone in its month's partitions.
 */
export function ticketIdAt(receivedAt: number): string {
  // Written here rather than with the uuid package: its v7 draws fresh bytes from the OS on every
  // call (~5 µs, 6 % of an intake's server time under load), where node's randomUUID takes its
  // 122 random bits from a pooled buffer (~0.2 µs). The first 48 bits become the time and the
  // version nibble 7 (RFC 9562 §5.7); the variant bits stay those of the random UUID.
  return `${timePrefix(receivedAt)}7${randomUUID().slice(15)}`;
}

/**
 * An id's first 48 bits as a number: the millisecond a time-ordered id was stamped with (the
 * inverse of {@link ticketIdFloor}); for a random id, the moment its value sorts at.
 */
export function idMillis(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** The smallest id of a moment: ids of tickets received at or after `at` sort at or after it. */
export function ticketIdFloor(at: number): string {
  return `${timePrefix(at)}0000-0000-000000000000`;
}

/** The first two groups of an id stamped with the millisecond `at` (48 bits of hex), with their dashes. */
function timePrefix(at: number): string {
  const h = Math.max(0, Math.floor(at)).toString(16).padStart(12, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-`;
}
