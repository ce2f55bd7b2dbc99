import { type FastifyInstance } from "fastify";

/**
 * The reference routes' first addresses, before every route moved under `/api/v1`: each answers
 * 308 to its new address (method, body and query kept) and is marked deprecated in `/docs`.
 */
const MOVED: readonly [method: "GET" | "POST", path: string][] = [
  ["GET", "/api/policies"],
  ["GET", "/api/policies/:policy"],
  ["GET", "/api/jurisdictions"],
  ["GET", "/api/jurisdictions/:jurisdiction/units"],
  ["GET", "/api/calendar/years"],
  ["GET", "/api/calendar/days"],
  ["GET", "/api/admin/calendar/imports"],
  ["POST", "/api/admin/calendar/import"],
  ["GET", "/api/deadlines"],
  ["GET", "/api/categories"],
];

export function legacyPaths(app: FastifyInstance): void {
  for (const [method, path] of MOVED) {
    app.route({
      method,
      url: path,
      schema: { tags: ["deprecated"], deprecated: true, summary: `已迁移至 /api/v1${path.slice(4)}（308）/ moved to /api/v1${path.slice(4)} (308)` },
      handler: async (req, reply) =>
        reply
          .code(308)
          .header("location", `/api/v1${req.url.slice(4)}`)
          .send(),
    });
  }
}
