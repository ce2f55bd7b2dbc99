import { signature } from "../../channels/sms/sms-provider.ts";

/**
 * POSTs a JSON body signed with the shared secret (`X-Hotline-Signature`), as every push between
 * platforms and to units' systems does: the answer's text on 2xx, else why it failed (the status
 * and the start of the answer, or the network error). Never throws; ten seconds at most.
 */
export async function postSigned(url: string, secret: string, body: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hotline-signature": signature(secret, body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return res.ok ? { ok: true, text } : { ok: false, error: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
