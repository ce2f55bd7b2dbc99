import { type FastifyInstance } from "fastify";

/** One route as the server holds it: its method and URL pattern (`/api/v1/tickets/:id`). */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Keeps every route the server registers, hidden ones included (the scope walk reads this,
 * so a new route is covered without anyone listing it). Call before any route is added.
 */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) table.push({ method: String(method), url: r.url });
  });
}

/** The routes a server built with {@link recordRoutes} holds. */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
