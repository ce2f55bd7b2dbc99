import { guardedJsonParser, pathParamGuard } from "./hostile-input.ts";
import { recordRoutes } from "./route-table.ts";
import Fastify, { type FastifyInstance } from "fastify";
import { type AppContext } from "../app/context.ts";
import { domainError } from "../app/errors.ts";
import { errorBody } from "./errors.ts";
import { metrics } from "./metrics.ts";
import { calendarRoutes } from "./routes/calendar.routes.ts";
import { deadlineRoutes } from "./routes/deadlines.routes.ts";
import { legacyPaths } from "./routes/legacy-paths.ts";
import { healthRoutes } from "./routes/health.routes.ts";
import { referenceRoutes } from "./routes/reference.routes.ts";
import { homePage } from "./routes/home.page.ts";
import { isConsolePath, webApp, webAppBuilt } from "./routes/web-app.ts";
import { ticketRoutes } from "./v1/tickets.routes.ts";
import { catalogueRoutes } from "./v1/catalogue.routes.ts";
import { assistRoutes } from "./v1/assist.routes.ts";
import { knowledgeRoutes } from "./v1/knowledge.routes.ts";
import { open311Routes } from "./open311/open311.routes.ts";
import { assessmentRoutes } from "./v1/assessment.routes.ts";
import { callRoutes } from "./v1/calls.routes.ts";
import { wechatRoutes } from "./channels/wechat.routes.ts";
import { exchangeRoutes } from "./v1/exchange.routes.ts";
import { handoverRoutes } from "./v1/handover.routes.ts";
import { archiveRoutes } from "./v1/archive.routes.ts";
import { supervisionRoutes } from "./v1/supervision.routes.ts";
import { authRoutes } from "./v1/auth.routes.ts";
import { portalRoutes } from "./v1/portal.routes.ts";
import { analyticsRoutes } from "./v1/analytics.routes.ts";
import cookie from "@fastify/cookie";
import { securityHeaders } from "./security-headers.ts";
import rateLimit from "@fastify/rate-limit";
import { databaseRateLimitStore } from "./rate-limit-store.ts";
import swagger from "@fastify/swagger";
import multipart from "@fastify/multipart";
import { inRequest } from "../app/request-context.ts";
import { attachmentRoutes } from "./v1/attachments.routes.ts";
import { unitRoutes } from "./v1/units.routes.ts";
import { categoryRoutes } from "./v1/categories.routes.ts";
import { noticeReceiptRoutes } from "./v1/notice-receipts.routes.ts";
import { leaderSessionRoutes } from "./v1/leader-sessions.routes.ts";
import swaggerUi from "@fastify/swagger-ui";

/** Options of the HTTP server. */
export interface ServerOptions {
  /** Pino log level; `silent` in tests. */
  readonly logLevel?: string;
  /** Shared secret the telephony system signs call events with (`HOTLINE_TELEPHONY_SECRET`). */
  readonly telephonySecret?: string | undefined;
  /** The SMS gateway's shared secret: its delivery receipts are signed with it. */
  readonly smsSecret?: string | undefined;
  /** The WeChat official account's server token (`HOTLINE_WECHAT_TOKEN`). */
  readonly wechatToken?: string | undefined;
  /** The secret city and region sign the exchange with (`HOTLINE_EXCHANGE_SECRET`). */
  readonly exchangeSecret?: string | undefined;
  /** Proxies whose forwarded client address and protocol are believed (`HOTLINE_TRUST_PROXY`). */
  readonly trustProxy?: string | undefined;
}

/** Builds the Fastify app over a context; the caller listens (after `ready`) and closes. */
export async function buildServer(ctx: AppContext, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? "info" },
    bodyLimit: 2 * 1024 * 1024,
    // A balancer's or caller's X-Request-Id is kept when it looks like one, so one id follows a
    // contact through HAProxy, the logs and the events it wrote.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[A-Za-z0-9._:-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
  });
  recordRoutes(app);
  // Route schemas document the API (OpenAPI at /docs); zod validates, so errors name fields in both languages.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  // helmet's headers on every answer (API, console, errors, 404s). Images may be blob: URLs: the
  // portal's photo picker (el-upload, picture-card) previews the chosen files through them.
  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  // Everything a request does runs inside its id, so the events it writes carry it.
  app.addHook("onRequest", (req, reply, done) => {
    void reply.headers(security);
    void reply.header("x-request-id", req.id);
    inRequest(req.id, done);
  });
  await app.register(cookie);
  // Uploads stream through multipart; each route sets its own file limits.
  await app.register(multipart);
  // Per-route limits only (sign-in, public intake, Open311). Counted in the database, so several
  // instances count a client together; if the database cannot count, the request is let through.
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(ctx),
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      ...errorBody(
        domainError("RATE_LIMITED", `请求过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`, `too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s`),
      ),
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: "12345 热线工单系统 API / hotline API", version: "1" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  guardedJsonParser(app);
  pathParamGuard(app);
  app.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: { statusCode?: number; message?: string; error?: unknown }, _req, reply) => {
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    // Plugins that already speak our error shape (the rate limiter) pass through as they are.
    if (status < 500 && typeof err.error === "object" && err.error !== null) return reply.code(status).send({ error: err.error });
    if (status === 500) app.log.error(err);
    const e =
      status === 413
        ? domainError("PAYLOAD_TOO_LARGE", "请求体过大", "the request body is too large", { field: "body" })
        : status < 500
          ? domainError("BAD_REQUEST", `请求无效：${err.message ?? ""}`, `bad request: ${err.message ?? ""}`)
          : domainError("INTERNAL", "服务器内部错误，请稍后重试", "internal server error; please retry");
    return reply.code(status).send(errorBody(e));
  });

  const console = webAppBuilt();
  app.setNotFoundHandler((req, reply) => {
    if (console && req.method === "GET" && isConsolePath(req.url)) return reply.sendFile("index.html");
    return reply.code(404).send(errorBody(domainError("ROUTE_NOT_FOUND", `没有这个地址：${req.method} ${req.url}`, `no such route: ${req.method} ${req.url}`)));
  });

  metrics(app, ctx);
  healthRoutes(app, ctx);
  referenceRoutes(app, ctx);
  calendarRoutes(app, ctx);
  deadlineRoutes(app, ctx);
  legacyPaths(app);
  authRoutes(app, ctx);
  portalRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  ticketRoutes(app, ctx);
  attachmentRoutes(app, ctx);
  unitRoutes(app, ctx);
  categoryRoutes(app, ctx);
  leaderSessionRoutes(app, ctx);
  catalogueRoutes(app, ctx);
  assistRoutes(app, ctx);
  knowledgeRoutes(app, ctx);
  open311Routes(app, ctx);
  assessmentRoutes(app, ctx);
  callRoutes(app, ctx, opts.telephonySecret);
  noticeReceiptRoutes(app, ctx, opts.smsSecret);
  wechatRoutes(app, ctx, opts.wechatToken);
  exchangeRoutes(app, ctx, opts.exchangeSecret);
  handoverRoutes(app, ctx);
  archiveRoutes(app, ctx);
  supervisionRoutes(app, ctx);
  if (console) await webApp(app);
  else homePage(app, ctx);
  return app;
}
