import { TICKET_NUMBER } from "../../domain/ticket/ticket-number.ts";
import { ticketSearchQuery } from "../../text/knowledge-text.ts";

/**
 * What a search box's text asks for: a whole ticket number (upper-cased), or words as the
 * same-matter index's query; undefined when it is neither (single characters, punctuation).
 * The ticket list and the archive read the box alike.
 */
export function ticketSearch(q: string): { number: string } | { words: string } | undefined {
  const text = q.trim();
  if (TICKET_NUMBER.test(text.toUpperCase())) return { number: text.toUpperCase() };
  const words = ticketSearchQuery(text);
  return words ? { words } : undefined;
}
