import { reactive } from "vue";
import { api, setCsrf, type Me } from "./api";

/** Who is signed in, shared by every page. */
export const session = reactive<{ me: Me | null; checked: boolean }>({ me: null, checked: false });

export async function loadMe(): Promise<Me | null> {
  try {
    const r = await api<{ user: Me; csrfToken?: string }>("GET", "/api/v1/auth/me");
    session.me = r.user;
    if (r.csrfToken) setCsrf(r.csrfToken);
  } catch {
    session.me = null;
  }
  session.checked = true;
  return session.me;
}

export async function login(username: string, password: string): Promise<void> {
  const r = await api<{ csrfToken: string }>("POST", "/api/v1/auth/login", { username, password });
  setCsrf(r.csrfToken);
  await loadMe();
}

export async function logout(): Promise<void> {
  await api("POST", "/api/v1/auth/logout").catch(() => undefined);
  setCsrf(null);
  session.me = null;
}
