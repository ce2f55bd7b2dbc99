import { type AddressInfo } from "node:net";
import { buildServer } from "../../src/http/server.ts";
import { type AppContext } from "../../src/app/context.ts";

/** The real server on a loopback port, for tests that speak HTTP to it. */
export async function startServer(ctx: AppContext): Promise<{ url: string; close: () => Promise<void> }> {
  const app = await buildServer(ctx, { logLevel: "silent" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
