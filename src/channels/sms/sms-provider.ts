import { createHmac } from "node:crypto";

/** A message to hand to a provider. */
export interface OutgoingSms {
  readonly id: string;
  readonly recipient: string;
  readonly body: string;
}

/** A provider's answer: taken (with its reference), or refused (retry or not). */
export type SendOutcome = { readonly ok: true; readonly ref?: string } | { readonly ok: false; readonly error: string; readonly retry: boolean };

/** Where notices go: a log for development, an HTTP gateway in production. */
export interface SmsProvider {
  readonly name: string;
  send(m: OutgoingSms): Promise<SendOutcome>;
}

/** Writes each message to a log line instead of sending it (development and demo). */
export function consoleProvider(log: (line: string) => void): SmsProvider {
  return {
    name: "console",
    send: async (m) => {
      log(`[SMS ${m.id}] → ${m.recipient}: ${m.body}`);
      return { ok: true, ref: `console-${m.id}` };
    },
  };
}

/** The signature an HTTP gateway checks: HMAC-SHA256 of the exact body with the shared secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Posts `{id, to, body}` as JSON to an SMS gateway, signed (`X-Hotline-Signature`) and with
 * the message id as `Idempotency-Key`, so a retry after a lost answer is not sent twice.
 * 2xx is taken; 4xx is a refusal not worth retrying; anything else (5xx, timeout) retries.
 */
export function httpProvider(url: string, secret: string, timeoutMs = 5_000): SmsProvider {
  return {
    name: "http",
    send: async (m) => {
      const body = JSON.stringify({ id: m.id, to: m.recipient, body: m.body });
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hotline-signature": signature(secret, body), "idempotency-key": m.id },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        if (res.ok) {
          const ref = (() => {
            try {
              const j = JSON.parse(text) as { ref?: unknown };
              return typeof j.ref === "string" ? j.ref : undefined;
            } catch {
              return undefined;
            }
          })();
          return ref ? { ok: true, ref } : { ok: true };
        }
        return { ok: false, error: `HTTP ${res.status}: ${text.slice(0, 200)}`, retry: res.status >= 500 || res.status === 429 };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e), retry: true };
      }
    },
  };
}
