import { z } from "zod";
import { domainError, type DomainError } from "../app/errors.ts";
import { unstorableText } from "./hostile-input.ts";

/** Turns a zod failure into the bilingual error naming each bad field. */
export function zodError(err: z.ZodError, where = "body"): DomainError {
  const details = err.issues.map((i) => {
    const path = i.path.map(String).join(".");
    const keys = i.code === "unrecognized_keys" ? i.keys.join(", ") : "";
    const field = keys ? (path ? `${path}.${keys}` : keys) : path || where;
    const zh = keys ? `不允许的字段：${keys}` : `字段 ${field} 无效：${i.message}`;
    const en = keys ? `unknown field(s): ${keys}` : `field ${field} is invalid: ${i.message}`;
    return { field, zh, en };
  });
  const first = details[0] ?? { field: where, zh: "请求无效", en: "invalid request" };
  return domainError("INVALID_ARGUMENT", first.zh, first.en, { field: first.field, details });
}

/** The path of the first string PostgreSQL text cannot store (a NUL, a lone surrogate), and why. */
function unstorablePath(v: unknown, path: string): { path: string; why: "nul" | "surrogate" } | undefined {
  if (typeof v === "string") {
    const why = unstorableText(v);
    return why ? { path, why } : undefined;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = unstorablePath(v[i], path ? `${path}.${i}` : String(i));
      if (p !== undefined) return p;
    }
  } else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const p = unstorablePath(x, path ? `${path}.${k}` : k);
      if (p !== undefined) return p;
    }
  }
  return undefined;
}

/** Parses with a schema, answering the parsed value or the bilingual error. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where = "body",
): { ok: true; value: z.output<S> } | { ok: false; error: DomainError } {
  const bad = unstorablePath(value, "");
  if (bad !== undefined) {
    const field = bad.path || where;
    return {
      ok: false,
      error:
        bad.why === "nul"
          ? domainError("INVALID_ARGUMENT", `字段 ${field} 含有不允许的空字符（\\u0000）`, `field ${field} contains a NUL character (\\u0000)`, { field })
          : domainError(
              "INVALID_ARGUMENT",
              `字段 ${field} 含有无效的 Unicode 字符（孤立的代理项）`,
              `field ${field} contains invalid Unicode (a lone surrogate)`,
              { field },
            ),
    };
  }
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: zodError(r.error, where) };
}

/** JSON Schema of a zod schema for the OpenAPI document (validation itself stays with zod). */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/**
 * A parsed body with the keys zod left undefined removed: the domain's optional fields are
 * absent, never present-and-undefined (exactOptionalPropertyTypes).
 */
export function withoutUndefined<T>(v: unknown): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
