import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type Database } from "../database.ts";
import { executeNamed } from "../named-statement.ts";
import { classifierModels, suggestionChoices, tickets } from "../schema/index.ts";
import { type Tx } from "./ticket.repository.ts";

/** What a classifier suggests. */
export type ModelTarget = "type" | "category" | "unit";

export type ClassifierModelRow = typeof classifierModels.$inferSelect;

/** The newest version's id and number, without its bytes (a cheap check before using a cached model). */
export async function latestModelHead(db: Tx, jurisdictionId: string, target: ModelTarget): Promise<{ id: string; version: number } | undefined> {
  const [r] = await db
    .select({ id: classifierModels.id, version: classifierModels.version })
    .from(classifierModels)
    .where(and(eq(classifierModels.jurisdictionId, jurisdictionId), eq(classifierModels.target, target)))
    .orderBy(desc(classifierModels.version))
    .limit(1);
  return r;
}

/** One model with its bytes. */
export async function modelById(db: Tx, id: string): Promise<ClassifierModelRow | undefined> {
  const [r] = await db.select().from(classifierModels).where(eq(classifierModels.id, id));
  return r;
}

/** Every version, newest first, without the bytes. */
export async function listModels(db: Database, jurisdictionId: string) {
  return db
    .select({
      id: classifierModels.id,
      target: classifierModels.target,
      version: classifierModels.version,
      source: classifierModels.source,
      examples: classifierModels.examples,
      labels: classifierModels.labels,
      facts: classifierModels.facts,
      trainedBy: classifierModels.trainedBy,
      trainedAt: classifierModels.trainedAt,
    })
    .from(classifierModels)
    .where(eq(classifierModels.jurisdictionId, jurisdictionId))
    .orderBy(classifierModels.target, desc(classifierModels.version));
}

/** Stores a new version (the next number for its jurisdiction and target). */
export async function insertModel(db: Database, row: Omit<typeof classifierModels.$inferInsert, "id" | "version">): Promise<number> {
  return db.transaction(async (tx) => {
    // Serialises concurrent trainings of one target, so versions never collide.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`classifier:${row.jurisdictionId}:${row.target}`}))`);
    const head = await latestModelHead(tx, row.jurisdictionId, row.target as ModelTarget);
    const version = (head?.version ?? 0) + 1;
    await tx.insert(classifierModels).values({ ...row, version });
    return version;
  });
}

const DONE = ["concluded", "archived"];

/**
 * Training texts with their label: the concluded tickets. An operator's override is not a label
 * until an admin accepts it on the correction queue (the caller adds the accepted corrections).
 */
export async function trainingExamples(db: Database, jurisdictionId: string, target: ModelTarget): Promise<{ text: string; label: string }[]> {
  const labelColumn = target === "type" ? tickets.type : target === "category" ? tickets.category : tickets.leadUnitId;
  const concluded = await db
    .select({ title: sql<string>`${tickets.state}->>'title'`, content: sql<string>`${tickets.state}->>'content'`, label: labelColumn })
    .from(tickets)
    .where(and(eq(tickets.jurisdictionId, jurisdictionId), inArray(tickets.status, DONE), sql`${labelColumn} is not null`));
  return concluded.map((r) => ({ text: `${r.title}。${r.content}`, label: String(r.label) }));
}

/** Records what the operator was offered and chose. */
export async function insertSuggestionChoices(db: Tx, rows: (typeof suggestionChoices.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(suggestionChoices).values(rows);
}

/** The unit the operator chose at intake for a ticket, the latest if several. */
export async function intakeUnitChoice(db: Tx, ticketId: string): Promise<{ unitId: string; accepted: boolean; chosenBy: string; at: number } | undefined> {
  // Asked on every dispatch suggestion: prepared once per connection.
  const { rows } = await executeNamed<{ chosen: string; accepted: boolean; chosen_by: string; at: string | Date }>(
    db,
    "intake_unit_choice_v1",
    sql`select chosen, accepted, chosen_by, at from suggestion_choice where ticket_id = ${ticketId}::uuid and target = 'unit' order by at desc limit 1`,
  );
  const r = rows[0];
  return r ? { unitId: r.chosen, accepted: r.accepted, chosenBy: r.chosen_by, at: new Date(r.at).getTime() } : undefined;
}
