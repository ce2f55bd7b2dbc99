import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/database.ts";
import { startServer } from "../support/http.ts";

let t: TestApp;
let a: { url: string; close: () => Promise<void> };
let b: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  t = await openTestApp();
  // Two instances of the server on one database, as behind a load balancer.
  a = await startServer(t.ctx);
  b = await startServer(t.ctx);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await t?.close();
});

const login = (url: string, username: string) =>
  fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "wrong-password-1" }),
  });

describe("rate limits shared by every instance", () => {
  it("GZ-25 sign-in attempts at one name are counted across instances: the 11th in a minute is refused with 429 on either; another name still gets through", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(i % 2 ? a.url : b.url, "guessed")).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const over = await login(a.url, "guessed");
    expect(over.status).toBe(429);
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toMatch(/登录尝试过于频繁/);
    expect((await login(b.url, "guessed")).status).toBe(429);
    expect((await login(b.url, "someone-else")).status).toBe(401);
  });
});
