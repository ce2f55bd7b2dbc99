import { type AddressInfo } from "node:net";
import { buildServer } from "../../src/http/server.ts";
import { routeTable, type RouteEntry } from "../../src/http/route-table.ts";
import { type AppContext } from "../../src/app/context.ts";
import { afterAll, beforeAll } from "vitest";
import { openTestApp, type TestApp } from "./database.ts";

/** The real server on a loopback port, for tests that speak HTTP to it. */
export async function startServer(
  ctx: AppContext,
  opts: { telephonySecret?: string; wechatToken?: string; exchangeSecret?: string; trustProxy?: string; smsSecret?: string; port?: number } = {},
): Promise<{ url: string; close: () => Promise<void>; routes: readonly RouteEntry[] }> {
  const { port: wanted, ...server } = opts;
  const app = await buildServer(ctx, { logLevel: "silent", ...server });
  await app.listen({ port: wanted ?? 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close(), routes: routeTable(app) };
}

/**
 * A test file's own database and real server, opened before its tests and closed after.
 * Read `.app` and `.url` inside tests (they exist once `beforeAll` ran).
 */
export function serverForTests(opts: { now?: () => number; telephonySecret?: string; wechatToken?: string; smsSecret?: string } = {}) {
  const holder: { app: TestApp; url: string; close?: () => Promise<void> } = { app: undefined as unknown as TestApp, url: "" };
  beforeAll(async () => {
    holder.app = await openTestApp(opts.now ? { now: opts.now } : {});
    const s = await startServer(holder.app.ctx, {
      ...(opts.telephonySecret ? { telephonySecret: opts.telephonySecret } : {}),
      ...(opts.wechatToken ? { wechatToken: opts.wechatToken } : {}),
      ...(opts.smsSecret ? { smsSecret: opts.smsSecret } : {}),
    });
    holder.url = s.url;
    holder.close = s.close;
  });
  afterAll(async () => {
    await holder.close?.();
    await holder.app?.close();
  });
  return holder;
}

/**
 * Headers that make the test's admin token act as one role (and unit), the way every API test
 * signs in; `json` adds the body's content type.
 */
export function actAs(token: string | undefined, role: string, unit?: string, json = false): Record<string, string> {
  return {
    authorization: `Bearer ${token ?? ""}`,
    "x-act-as-role": role,
    ...(unit ? { "x-act-as-unit": unit } : {}),
    ...(json ? { "content-type": "application/json" } : {}),
  };
}
