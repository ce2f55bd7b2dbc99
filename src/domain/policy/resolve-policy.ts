import { PolicySchema, type Policy } from "./policy.schema.ts";
import { domainError, fail, ok, type ErrorDetail, type Result } from "../shared/domain-error.ts";

/** A policy ready for the engine: validated, with its zone's fixed offset worked out. */
export interface ResolvedPolicy extends Policy {
  /** Minutes east of UTC; the zone must have one offset over the years the platform runs. */
  readonly utcOffsetMinutes: number;
  /** Milliseconds after local midnight at which a working-day limit ends. */
  readonly dayEndMs: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Overlays `over` on `base`: objects merge key by key, anything else (arrays too) replaces. */
export function overlay(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? overlay(base[k], v) : v;
  return out;
}

function offsetOf(timeZone: string, epochMs: number): number | undefined {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(new Date(epochMs))
      .find((p) => p.type === "timeZoneName")?.value;
    if (part === "GMT") return 0;
    const m = part ? /^GMT([+-])(\d{2}):(\d{2})$/.exec(part) : null;
    if (!m) return undefined;
    return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  } catch {
    return undefined;
  }
}

/**
 * The zone's single UTC offset over 2000–2100, or undefined if it has several.
 * The engine counts days in a fixed offset (fast, and exact for Asia/Shanghai, which has
 * had no daylight saving since 1991); a zone with DST is refused rather than miscounted.
 */
export function fixedOffsetMinutes(timeZone: string): number | undefined {
  const first = offsetOf(timeZone, Date.UTC(2000, 0, 1));
  if (first === undefined) return undefined;
  for (let y = 2000; y <= 2100; y++) {
    for (const month of [0, 6]) if (offsetOf(timeZone, Date.UTC(y, month, 1)) !== first) return undefined;
  }
  return first;
}

/**
 * Resolves a policy document against the documents it may extend (GX-38) and validates it.
 * `documents` maps policy id → raw document, as read from data files or the database.
 */
export function resolvePolicy(id: string, documents: ReadonlyMap<string, unknown>): Result<ResolvedPolicy> {
  const chain: unknown[] = [];
  const visited = new Set<string>();
  let current: string | undefined = id;
  while (current !== undefined) {
    if (visited.has(current))
      return fail(domainError("POLICY_CYCLE", `政策继承存在循环：${current}`, `policy inheritance cycles at ${current}`, { field: "extends" }));
    visited.add(current);
    const doc = documents.get(current);
    if (doc === undefined) {
      return fail(domainError("POLICY_NOT_FOUND", `未找到政策 ${current}`, `no policy ${current}`, { field: current === id ? "policy" : "extends" }));
    }
    chain.unshift(doc);
    current = isObject(doc) && typeof doc["extends"] === "string" ? doc["extends"] : undefined;
  }
  const merged = chain.reduce((acc, doc) => overlay(acc, doc), {});
  const withId = isObject(merged) ? { ...merged, id } : merged;
  if (isObject(withId) && isObject(documents.get(id))) {
    const own = documents.get(id);
    withId["extends"] = isObject(own) ? own["extends"] : undefined;
  }
  const parsed = PolicySchema.safeParse(withId);
  if (!parsed.success) {
    const details: ErrorDetail[] = parsed.error.issues.map((i) => ({
      field: i.path.join("."),
      zh: `字段 ${i.path.join(".")} 无效：${i.message}`,
      en: `field ${i.path.join(".")} is invalid: ${i.message}`,
    }));
    return fail(domainError("POLICY_INVALID", `政策 ${id} 无效`, `policy ${id} is invalid`, { details }));
  }
  const policy = parsed.data;
  const utcOffsetMinutes = fixedOffsetMinutes(policy.timeZone);
  if (utcOffsetMinutes === undefined) {
    return fail(
      domainError("POLICY_TIMEZONE_UNSUPPORTED", `时区 ${policy.timeZone} 无效或有夏令时`, `time zone ${policy.timeZone} is unknown or has daylight saving`, {
        field: "timeZone",
      }),
    );
  }
  const [h, m, rest] = policy.dayEndsAt.split(":");
  const dayEndMs = (Number(h) * 3600 + Number(m) * 60) * 1000 + Math.round(Number(rest) * 1000);
  if (dayEndMs >= 86_400_000) return fail(domainError("POLICY_INVALID", "dayEndsAt 超出一天", "dayEndsAt is past the end of the day", { field: "dayEndsAt" }));
  return ok({ ...policy, utcOffsetMinutes, dayEndMs });
}
