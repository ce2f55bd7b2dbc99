import { misconductRecords } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

/** Writes a misconduct record inside the caller's transaction (with the ticket event that names it). */
export async function insertMisconductIn(tx: Tx, row: typeof misconductRecords.$inferInsert): Promise<void> {
  await tx.insert(misconductRecords).values(row);
}
