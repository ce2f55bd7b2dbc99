/** Who is acting: every change records it. Accounts and roles arrive with the permissions work (issue 4). */
export interface Actor {
  readonly kind: "system" | "cli" | "token" | "user";
  /** Stable id (token id, user id) or a name for system and CLI actors. */
  readonly id: string;
  /** Display name for records and screens. */
  readonly name: string;
  /** A token made by a city's admin acts for that platform only. */
  readonly jurisdictionId?: string;
}

/** The system itself (first-run seeding, timers). */
export const SYSTEM_ACTOR: Actor = { kind: "system", id: "system", name: "系统" };

/** A person at the command line of the server machine. */
export function cliActor(): Actor {
  const user = process.env["USER"] ?? "operator";
  return { kind: "cli", id: `cli:${user}`, name: `命令行 ${user}` };
}

/** Text stored in `*_by` columns. */
export function actorLabel(a: Actor): string {
  return `${a.kind}:${a.id}`;
}

/** The account ids in `*_by` labels, to look their names up. */
export function accountIdsOf(labels: readonly string[]): string[] {
  return labels.flatMap((l) => (l.startsWith("user:") ? [l.slice("user:".length)] : []));
}
