import { asc } from "drizzle-orm";
import { policyDocuments } from "../../store/schema/index.ts";
import { type Database } from "../../store/database.ts";
import { type PolicyRegistry } from "./policy-registry.ts";

/**
 * Learns the policies added with their platforms after the release (`hotline jurisdiction add`),
 * in the order they came (one may extend another): at start, and when an instance meets a platform
 * another instance added since. A stored policy that no longer resolves stops the start, loudly.
 */
export async function learnStoredPolicies(db: Database, policies: PolicyRegistry): Promise<void> {
  for (const row of await db.select().from(policyDocuments).orderBy(asc(policyDocuments.addedAt))) {
    if (policies.get(row.id).ok) continue;
    const r = policies.add(row.id, row.document);
    if (!r.ok) throw new Error(`stored policy ${row.id}: ${r.error.en}\n${(r.error.details ?? []).map((d) => `  ${d.en}`).join("\n")}`);
  }
}
