import { resolvePolicy, type ResolvedPolicy } from "../../domain/policy/resolve-policy.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { shippedPolicyDocuments } from "../../store/shipped-data.ts";

/** The jurisdiction policies the platform knows, resolved and validated once at start. */
export class PolicyRegistry {
  private readonly byId: Map<string, ResolvedPolicy>;
  /** The documents as written (a policy may extend another): what a new one is resolved against. */
  private readonly docs: Map<string, unknown>;
  private constructor(byId: Map<string, ResolvedPolicy>, docs: Map<string, unknown>) {
    this.byId = byId;
    this.docs = docs;
  }

  /** Resolves every document; a shipped policy that does not validate stops the start, loudly. */
  static fromDocuments(docs: ReadonlyMap<string, unknown>): PolicyRegistry {
    const byId = new Map<string, ResolvedPolicy>();
    for (const id of docs.keys()) {
      const r = resolvePolicy(id, docs);
      if (!r.ok) throw new Error(`policy ${id}: ${r.error.en}\n${(r.error.details ?? []).map((d) => `  ${d.en}`).join("\n")}`);
      byId.set(id, r.value);
    }
    return new PolicyRegistry(byId, new Map(docs));
  }

  /** A new document resolved against those known, without adding it: the policy, or why not (each field named). */
  check(id: string, doc: unknown): Result<ResolvedPolicy> {
    if (this.docs.has(id)) return fail(domainError("POLICY_EXISTS", `政策 ${id} 已存在`, `policy ${id} exists`, { field: "policy.id" }));
    return resolvePolicy(id, new Map([...this.docs, [id, doc]]));
  }

  /** Adds a document (checked by {@link check}, or stored after being checked): known from now on in this process. */
  add(id: string, doc: unknown): Result<ResolvedPolicy> {
    const r = this.check(id, doc);
    if (!r.ok) return r;
    this.docs.set(id, doc);
    this.byId.set(id, r.value);
    return r;
  }

  /** The policies shipped in `data/policies/`. */
  static shipped(): PolicyRegistry {
    return PolicyRegistry.fromDocuments(shippedPolicyDocuments());
  }

  get(id: string): Result<ResolvedPolicy> {
    const p = this.byId.get(id);
    return p
      ? ok(p)
      : fail(
          domainError("POLICY_NOT_FOUND", `未找到政策 ${id}（可用：${this.ids().join("、")}）`, `unknown policy ${id} (known: ${this.ids().join(", ")})`, {
            field: "policy",
          }),
        );
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  all(): ResolvedPolicy[] {
    return this.ids().flatMap((id) => this.byId.get(id) ?? []);
  }

  /** Calendar scopes the platform accepts: the national one and every policy's region. */
  calendarScopes(): string[] {
    return ["CN", ...new Set(this.all().flatMap((p) => (p.calendar.region ? [p.calendar.region.scope] : [])))];
  }

  /** Each calendar scope in words: the nation's, or a region's by the holiday it adds. */
  calendarScopeNames(): Record<string, string> {
    return {
      CN: "全国",
      ...Object.fromEntries(this.all().flatMap((p) => (p.calendar.region ? [[p.calendar.region.scope, `地方节日（${p.calendar.region.holidayName}）`]] : []))),
    };
  }
}
