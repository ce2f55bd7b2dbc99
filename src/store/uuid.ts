import { v7 } from "uuid";

/** True for a UUID. Ids from outside are checked before they reach a uuid column, where PostgreSQL would raise. */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/**
 * A ticket's id: a time-ordered UUID (version 7) stamped with the moment the ticket was received,
 * the rest random. The ticket table is partitioned by month on the id (migration
 * 20261201185653), so a ticket and its events are found by its id alone in its month's partitions.
 */
export function ticketIdAt(receivedAt: number): string {
  return v7({ msecs: receivedAt });
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
  const h = Math.max(0, Math.floor(at)).toString(16).padStart(12, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}
