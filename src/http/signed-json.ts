import { timingSafeEqual } from "node:crypto";
import { signature } from "../channels/sms/sms-provider.ts";
import { domainError, type DomainError } from "../app/errors.ts";

/**
 * The JSON of a body signed with a shared secret (`X-Hotline-Signature: sha256=HMAC(body)`),
 * checked against the exact bytes received; without a configured secret nothing passes.
 */
export function verifiedJson(raw: unknown, header: unknown, secret: string | undefined): { ok: true; value: unknown } | { ok: false; error: DomainError } {
  const body = typeof raw === "string" ? raw : "";
  const expected = secret ? Buffer.from(signature(secret, body)) : undefined;
  const got = typeof header === "string" ? Buffer.from(header) : undefined;
  if (!expected || !got || got.length !== expected.length || !timingSafeEqual(got, expected)) {
    return { ok: false, error: domainError("UNAUTHORIZED", "签名无效", "missing or wrong X-Hotline-Signature", { field: "x-hotline-signature" }) };
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false, error: domainError("INVALID_ARGUMENT", "请求体不是有效的 JSON", "the body is not valid JSON", { field: "body" }) };
  }
}
