import { sql } from "drizzle-orm";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { listJurisdictions } from "../../store/repositories/org.repository.ts";
import { type AppContext } from "../context.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { runTicketCommand } from "../tickets/run-ticket-command.ts";

const ARCHIVIST: TicketActor = { id: "system:archive", name: "自动归档", role: "system" };

/**
 * Files the tickets concluded at least the policy's `archive.afterDays` ago (GX-28), oldest
 * first, up to `limit` per platform and run. Each is the ordinary `archive` command, so it is an
 * event like any other; two instances racing for one ticket meet the version check, one wins.
 */
export async function archiveConcluded(ctx: AppContext, limit = 500): Promise<{ archived: number }> {
  let archived = 0;
  for (const j of await listJurisdictions(ctx.db)) {
    const p = await policyOfJurisdiction(ctx, j.id);
    if (!p.ok) continue;
    const cutoff = ctx.now() - p.value.archive.afterDays * 86_400_000;
    const due = (await ctx.db.execute(sql`
      select id, version from ticket
      where jurisdiction_id = ${j.id} and status = 'concluded' and (state->>'concludedAt')::bigint <= ${cutoff}
      order by (state->>'concludedAt')::bigint limit ${limit}`)) as unknown as { rows: { id: string; version: number }[] };
    for (const t of due.rows) {
      const r = await runTicketCommand(ctx, ARCHIVIST, t.id, Number(t.version), { kind: "archive" });
      if (r.ok) archived++;
    }
  }
  return { archived };
}
