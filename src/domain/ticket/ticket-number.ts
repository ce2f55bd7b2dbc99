/**
 * A ticket's number as the platform makes it (`GZ20261124000123`): the platform's 2–4 letter
 * prefix, the local day received (YYYYMMDD) and a 6-digit sequence of that day
 * (`takeTicketNumbers` in the ticket repository). Groups: prefix, year, month, day, sequence.
 */
export const TICKET_NUMBER = /^([A-Z]{2,4})(\d{4})(\d{2})(\d{2})(\d{6})$/;

/** The number of a platform's day's `sequence`-th ticket. */
export function ticketNumber(prefix: string, day: string, sequence: number): string {
  return `${prefix}${day}${String(sequence).padStart(6, "0")}`;
}
