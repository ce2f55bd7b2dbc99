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

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  const csrf = sessionStorage.getItem(CSRF_KEY);
  if (csrf && method !== "GET") headers["x-csrf-token"] = csrf;
  const res = await fetch(path, { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? "ERROR", e.message ?? `请求失败（${res.status}）`, e.field);
  }
  return data as T;
}

/** Sends a file as the raw body (imports), with the CSRF token; errors as in {@link api}. */
export async function upload<T = any>(path: string, file: Blob, contentType: string): Promise<T> {
  const headers: Record<string, string> = { "content-type": contentType };
  const csrf = sessionStorage.getItem(CSRF_KEY);
  if (csrf) headers["x-csrf-token"] = csrf;
  const res = await fetch(path, { method: "POST", headers, credentials: "same-origin", body: file });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = data?.error ?? {};
    const lines = (e.details ?? []).map((d: { line?: number; zh: string }) => `${d.line ? `第 ${d.line} 行：` : ""}${d.zh}`);
    throw new ApiError(res.status, e.code ?? "ERROR", [e.message ?? `请求失败（${res.status}）`, ...lines].join("；"), e.field);
  }
  return data as T;
}

/** Sends one file as multipart/form-data (field `file`), the way attachments are uploaded. */
export async function uploadFile<T = any>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  // Plain fields first: the server reads them before the file.
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", file, file.name);
  const headers: Record<string, string> = {};
  const csrf = sessionStorage.getItem(CSRF_KEY);
  if (csrf) headers["x-csrf-token"] = csrf;
  const res = await fetch(path, { method: "POST", headers, credentials: "same-origin", body: form });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? "ERROR", e.message ?? `上传失败（${res.status}）`, e.field);
  }
  return data as T;
}

export interface Me {
  id: string;
  name: string;
  role: string;
  unitId: string | null;
  jurisdictionId: string | null;
}
