import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import { type FastifyInstance } from "fastify";

/** Where `npm run build:web` (run by `npm install`) puts the console. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "web", "dist");

/** True when the built console is there to serve. */
export function webAppBuilt(): boolean {
  return existsSync(join(WEB_DIST, "index.html"));
}

/** Serves the built console at `/`; paths of the single-page app fall back to index.html. */
export async function webApp(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: "/", index: ["index.html"], wildcard: false });
}

/** Whether an unknown GET path belongs to the console's routes rather than the API. */
export function isConsolePath(url: string): boolean {
  return !/^\/(api|health|docs|open311|metrics)(\/|$)/.test(url);
}
