import { noticeLogPage, noticeLogXlsx, revealNoticeRecipient } from "../../app/notices/notice-log.ts";
import { databaseRateLimitStore } from "../rate-limit-store.ts";
import type {} from "@fastify/cookie";
import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { changePassword, createUser, listUsers, resetPassword, SESSION_HOURS, signIn, signOut } from "../../app/auth/accounts.ts";
import { type AppContext } from "../../app/context.ts";
import { createApiToken, listTokens, revokeToken, TOKEN_SCOPES } from "../../app/auth/api-tokens.ts";
import { NOTICE_STATUSES, ROLES } from "../../app/vocabulary.ts";
import { ownLineUnitOf } from "../../app/tickets/own-line-intake.ts";
import { domainError } from "../../app/errors.ts";
import { sendError } from "../errors.ts";
import { SESSION_COOKIE, ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";
import { pagedLogRoutes } from "../log-page-query.ts";
import { auditLogPage, auditLogXlsx } from "../../app/auth/audit-log.ts";

const LoginSchema = z.object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) }).strict();
const PasswordSchema = z.object({ oldPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }).strict();
const NewUserSchema = z
  .object({
    jurisdictionId: z.string().min(1).max(64),
    username: z.string().trim().min(3).max(40),
    displayName: z.string().trim().min(1).max(50),
    password: z.string().min(1).max(200),
    role: z.enum(ROLES),
    unitId: z.uuid().optional(),
  })
  .strict();

/** Sign-in with server-side sessions in an HTTP-only, SameSite=Strict cookie; accounts and the audit log for admins. */
export function authRoutes(app: FastifyInstance, ctx: AppContext) {
  // Two limits: per address and name (guessing one account; lockout follows), and a wide one
  // per address (spraying many accounts) that a whole office behind one NAT signing in at the
  // start of a shift stays well under.
  const perAccount = app.createRateLimit({
    store: databaseRateLimitStore(ctx),
    skipOnError: true,
    max: 10,
    timeWindow: 60_000,
    keyGenerator: (req) => `signin:${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? "").slice(0, 100)}`,
  });
  app.post(
    "/api/v1/auth/login",
    { schema: { tags: ["auth"], summary: "登录 / sign in", body: jsonSchema(LoginSchema) }, config: { rateLimit: { max: 300, timeWindow: "1 minute" } } },
    async (req, reply) => {
      const b = parseWith(LoginSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const limit = await perAccount(req);
      if (!limit.isAllowed && limit.isExceeded) {
        return sendError(
          reply,
          domainError("RATE_LIMITED", `登录尝试过于频繁，请 ${limit.ttlInSeconds} 秒后再试`, `too many sign-in attempts; retry in ${limit.ttlInSeconds} s`, {
            field: "username",
          }),
          429,
        );
      }
      const r = await signIn(ctx, b.value.username, b.value.password, req.ip);
      if (!r.ok) return sendError(reply, r.error);
      reply.setCookie(SESSION_COOKIE, r.value.sessionToken, {
        httpOnly: true,
        sameSite: "strict",
        path: "/",
        secure: req.protocol === "https",
        maxAge: SESSION_HOURS * 3600,
      });
      return { user: r.value.user, csrfToken: r.value.csrfToken };
    },
  );

  app.post("/api/v1/auth/logout", { schema: { tags: ["auth"], summary: "退出 / sign out" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await signOut(ctx, cookie, actor);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  app.get("/api/v1/auth/me", { schema: { tags: ["auth"], summary: "当前用户 / who am I" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    // The session's CSRF token again, so a second tab of the console can write too; only
    // same-origin scripts can read this answer.
    // Whether the person's unit has a line of its own: its staff record those calls (GZ-7, GZ-28).
    const ownLine = await ownLineUnitOf(ctx, actor);
    return {
      user: {
        id: actor.id,
        name: actor.name,
        role: actor.role,
        unitId: actor.unitId ?? null,
        jurisdictionId: actor.jurisdictionId ?? null,
        ownLineUnitKind: ownLine?.kind ?? null,
      },
      ...(actor.csrfToken ? { csrfToken: actor.csrfToken } : {}),
    };
  });

  app.post(
    "/api/v1/auth/password",
    { schema: { tags: ["auth"], summary: "修改密码 / change password", body: jsonSchema(PasswordSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const cookie = req.cookies[SESSION_COOKIE];
      if (!cookie) return sendError(reply, domainError("FORBIDDEN", "请登录后修改密码", "sign in to change your password"));
      const b = parseWith(PasswordSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await changePassword(ctx, actor.id, b.value.oldPassword, b.value.newPassword, cookie);
      if (!r.ok) return sendError(reply, r.error);
      return { ok: true };
    },
  );

  app.post(
    "/api/v1/admin/users",
    { schema: { tags: ["admin"], summary: "创建账号 / create an account", body: jsonSchema(NewUserSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(NewUserSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { unitId, ...rest } = b.value;
      const r = await createUser(ctx, actor, { ...rest, ...(unitId ? { unitId } : {}) });
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.get("/api/v1/admin/users", { schema: { tags: ["admin"], summary: "账号列表 / accounts" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const q = parseWith(z.object({ jurisdiction: z.string().min(1).max(64) }).strict(), req.query, "query");
    if (!q.ok) return sendError(reply, q.error);
    const r = await listUsers(ctx, actor, q.value.jurisdiction);
    if (!r.ok) return sendError(reply, r.error);
    return { users: r.value };
  });

  app.post("/api/v1/admin/users/:id/reset-password", { schema: { tags: ["admin"], summary: "重置密码 / reset a password" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const r = await resetPassword(ctx, actor, (req.params as { id: string }).id);
    if (!r.ok) return sendError(reply, r.error);
    return r.value;
  });

  const TokenSchema = z
    .object({
      name: z.string().trim().min(1).max(100),
      scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
      expiresInDays: z.number().int().min(1).max(3650).optional(),
    })
    .strict();
  app.post(
    "/api/v1/admin/tokens",
    { schema: { tags: ["admin"], summary: "创建接口令牌（仅显示一次）/ issue an API token (shown once)", body: jsonSchema(TokenSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(TokenSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await createApiToken(ctx, actor, b.value.name, b.value.scopes, b.value.expiresInDays);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );
  app.get("/api/v1/admin/tokens", { schema: { tags: ["admin"], summary: "接口令牌列表 / API tokens" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const r = await listTokens(ctx, actor);
    if (!r.ok) return sendError(reply, r.error);
    return { tokens: r.value };
  });
  app.post("/api/v1/admin/tokens/:id/revoke", { schema: { tags: ["admin"], summary: "吊销令牌 / revoke a token" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const r = await revokeToken(ctx, actor, (req.params as { id: string }).id);
    if (!r.ok) return sendError(reply, r.error);
    return { ok: true };
  });

  pagedLogRoutes(app, ctx, {
    path: "/api/v1/admin/audit",
    tag: "admin",
    summary: "审计记录（分页，含总数）/ the audit log, a page at a time",
    exportSummary: "导出审计记录（按当前筛选）/ the filtered audit log as a workbook",
    filename: "audit.xlsx",
    key: "entries",
    query: z.object({ actor: z.string().max(200).optional(), action: z.string().max(100).optional() }),
    filter: (q) => ({ ...(q.actor ? { actorId: q.actor } : {}), ...(q.action ? { action: q.action } : {}) }),
    page: auditLogPage,
    xlsx: auditLogXlsx,
  });
  pagedLogRoutes(app, ctx, {
    path: "/api/v1/admin/notices",
    tag: "admin",
    summary: "短信与消息发送记录（号码脱敏，分页）/ every notice and its delivery (recipients masked), a page at a time",
    exportSummary: "导出短信记录（按当前筛选，号码脱敏）/ the filtered SMS log as a workbook",
    filename: "notices.xlsx",
    key: "notices",
    query: z.object({ jurisdiction: z.string().min(1).max(64).optional(), status: z.enum(NOTICE_STATUSES).optional(), ticketId: z.uuid().optional() }),
    filter: (q) => ({ jurisdictionId: q.jurisdiction, status: q.status, ticketId: q.ticketId }),
    page: noticeLogPage,
    xlsx: noticeLogXlsx,
  });

  const RevealSchema = z.object({ purpose: z.string().trim().min(2).max(200) }).strict();
  app.post(
    "/api/v1/admin/notices/:id/recipient/reveal",
    {
      schema: {
        tags: ["admin"],
        summary: "查看短信接收号码（说明用途，留痕）/ a recipient in clear, for a stated purpose (logged)",
        body: jsonSchema(RevealSchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(RevealSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await revealNoticeRecipient(ctx, actor, (req.params as { id: string }).id, b.value.purpose);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );
}
