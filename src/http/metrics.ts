import { type FastifyInstance } from "fastify";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { type AppContext } from "../app/context.ts";
import { openTicketCounts, overdueByUnit, timerLagSeconds } from "../app/ops/operating-figures.ts";
import { actorForToken, ADMIN_SCOPE, MONITORING_SCOPE } from "../app/auth/api-tokens.ts";
import { domainError } from "../app/errors.ts";
import { sendError } from "./errors.ts";

/**
 * Prometheus metrics at `/metrics`: request latency by route, intake and commands by kind,
 * and, read at scrape time from the database, open and overdue tickets and timer lag.
 * One registry per server instance, so several servers in one process never clash. Read with a
 * deployment token of scope `monitoring` (or the deployment's admin token).
 */
export function metrics(app: FastifyInstance, ctx: AppContext): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: "hotline_http_request_duration_seconds",
    help: "HTTP request latency by route",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const intake = new Counter({
    name: "hotline_intake_total",
    help: "contacts taken, by channel, type and decision",
    labelNames: ["channel", "type", "decision"],
    registers: [registry],
  });
  const commands = new Counter({
    name: "hotline_commands_total",
    help: "ticket commands by command and outcome",
    labelNames: ["command", "outcome"],
    registers: [registry],
  });

  new Gauge({
    name: "hotline_open_tickets",
    help: "tickets not concluded, by platform and status",
    labelNames: ["jurisdiction", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await openTicketCounts(ctx)) this.set({ jurisdiction: row.j, status: row.s }, row.n);
    },
  });
  new Gauge({
    name: "hotline_overdue_tickets",
    help: "running tickets past their handling limit, by lead unit",
    labelNames: ["unit"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await overdueByUnit(ctx)) this.set({ unit: row.c }, row.n);
    },
  });
  new Gauge({
    name: "hotline_timer_lag_seconds",
    help: "how late the oldest due timer is (0 when none is due)",
    registers: [registry],
    async collect() {
      this.set(await timerLagSeconds(ctx));
    },
  });

  new Gauge({
    name: "hotline_db_pool_connections",
    help: "PostgreSQL pool connections by state (in use, idle) and requests waiting for one",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const use = ctx.handle.poolUse?.();
      if (!use) return;
      this.set({ state: "in_use" }, use.total - use.idle);
      this.set({ state: "idle" }, use.idle);
      this.set({ state: "waiting" }, use.waiting);
    },
  });

  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    latency.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    const m = /^\/api\/v1\/tickets\/:id\/(\w+)$/.exec(route);
    if (m && req.method === "POST") commands.inc({ command: m[1] ?? "", outcome: reply.statusCode < 400 ? "ok" : String(reply.statusCode) });
    if (route === "/api/v1/jurisdictions/:jurisdiction/contacts" && reply.statusCode === 201) {
      const b = (req.body ?? {}) as { channel?: string; type?: string; outcome?: { decision?: string } };
      intake.inc({ channel: b.channel ?? "", type: b.type ?? "", decision: b.outcome?.decision ?? "ticket" });
    }
  });

  // The figures span every platform (open tickets by platform): only the monitoring system reads
  // them, with a deployment's token (a city admin's tokens act for the city and are refused).
  app.get("/metrics", { schema: { hide: true } }, async (req, reply) => {
    const m = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "");
    const who = m?.[1] ? ((await actorForToken(ctx, m[1], MONITORING_SCOPE)) ?? (await actorForToken(ctx, m[1], ADMIN_SCOPE))) : undefined;
    if (!who)
      return sendError(
        reply,
        domainError("UNAUTHORIZED", "请提供监控令牌（Authorization: Bearer）", "a monitoring token is required (Authorization: Bearer)", {
          field: "authorization",
        }),
      );
    if (who.jurisdictionId !== undefined)
      return sendError(
        reply,
        domainError("FORBIDDEN", "平台令牌不能读取全部署的监控指标", "a platform's token may not read the deployment's metrics", { field: "authorization" }),
      );
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
