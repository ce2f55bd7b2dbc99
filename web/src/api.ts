// The one place the console talks to the server: JSON, the session cookie, the CSRF token,
// and errors turned into the server's Chinese message.

/** An error answer of the API, with its Chinese message first. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const CSRF_KEY = "hotline.csrf";

export function setCsrf(token: string | null): void {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

function csrfHeader(): Record<string, string> {
  const csrf = sessionStorage.getItem(CSRF_KEY);
  return csrf ? { "x-csrf-token": csrf } : {};
}

/** The answer's JSON, or its error as an ApiError (file refusals list their bad lines). */
async function answer<T>(res: Response, fallback: string, withLines = false): Promise<T> {
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = data?.error ?? {};
    const lines = withLines ? (e.details ?? []).map((d: { line?: number; zh: string }) => `${d.line ? `第 ${d.line} 行：` : ""}${d.zh}`) : [];
    throw new ApiError(res.status, e.code ?? "ERROR", [e.message ?? `${fallback}（${res.status}）`, ...lines].join("；"), e.field);
  }
  return data as T;
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(method !== "GET" ? csrfHeader() : {}) };
  const res = await fetch(path, { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return answer<T>(res, "请求失败");
}

/** Sends a file as the raw body (imports), with the CSRF token; errors as in {@link api}. */
export async function upload<T = any>(path: string, file: Blob, contentType: string): Promise<T> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": contentType, ...csrfHeader() }, credentials: "same-origin", body: file });
  return answer<T>(res, "请求失败", true);
}

/** Sends one file as multipart/form-data (field `file`), the way attachments are uploaded. */
export async function uploadFile<T = any>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  // Plain fields first: the server reads them before the file.
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", file, file.name);
  const res = await fetch(path, { method: "POST", headers: csrfHeader(), credentials: "same-origin", body: form });
  return answer<T>(res, "上传失败");
}

export interface Me {
  id: string;
  name: string;
  role: string;
  unitId: string | null;
  jurisdictionId: string | null;
  /** A sub-centre's or dual-number unit's staff record the calls of its own line (GZ-7, GZ-28). */
  ownLineUnitKind?: "subcentre" | "dual_number_unit" | null;
}
