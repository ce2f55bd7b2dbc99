import type {} from "@fastify/cookie";
import { type FastifyReply, type FastifyRequest } from "fastify";
import { actorForToken, ADMIN_SCOPE } from "../app/auth/api-tokens.ts";
import { audit, sessionActor } from "../app/auth/accounts.ts";
import { type AppContext } from "../app/context.ts";
import { unitScope } from "../app/org/unit-scope.ts";
import { jurisdictionOf } from "../app/org/jurisdictions.ts";
import { ROLES, type Role, type TicketActor, type TicketState } from "../app/vocabulary.ts";
import { ticketById } from "../app/tickets/ticket-queries.ts";
import { domainError } from "../app/errors.ts";
import { sendError } from "./errors.ts";
import { isUuid } from "../app/vocabulary.ts";
import { otherPlatform, reachesPlatform } from "../app/org/platform-scope.ts";

/** The session cookie's name. */
export const SESSION_COOKIE = "hotline_session";

/** An actor of an HTTP request, with the units whose tickets it may see (unit roles only). */
export type HttpActor = TicketActor & { readonly unitScope?: ReadonlySet<string>; readonly csrfToken?: string };

const UNIT_ROLES: readonly Role[] = ["unit_handler", "unit_leader"];
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

async function withScope(ctx: AppContext, a: TicketActor): Promise<HttpActor> {
  return a.unitId && UNIT_ROLES.includes(a.role) ? { ...a, unitScope: await unitScope(ctx, a.unitId) } : a;
}

/**
 * Who is acting: a signed-in person (session cookie; writes need the session's CSRF token in
 * `X-CSRF-Token`), or an integration's admin API token, which may act in the role named by
 * `X-Act-As-Role` (and unit in `X-Act-As-Unit`); every event records which.
 */
export async function ticketActor(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<HttpActor | undefined> {
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const s = await sessionActor(ctx, cookie);
    if (!s) {
      await sendError(reply, domainError("UNAUTHORIZED", "登录已过期，请重新登录", "the session has expired; sign in again", { field: "session" }));
      return undefined;
    }
    if (!SAFE.has(req.method) && req.headers["x-csrf-token"] !== s.csrfToken) {
      await sendError(reply, domainError("FORBIDDEN", "请求缺少有效的 X-CSRF-Token", "the request lacks a valid X-CSRF-Token", { field: "x-csrf-token" }));
      return undefined;
    }
    return withinPlatform(ctx, req, reply, { ...(await withScope(ctx, { ...s.actor, jurisdictionId: s.jurisdictionId })), csrfToken: s.csrfToken });
  }
  const m = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "");
  const admin = m?.[1] ? await actorForToken(ctx, m[1], ADMIN_SCOPE) : undefined;
  // An integration token (a channel adapter) takes contacts as an operator and nothing else.
  const integration = !admin && m?.[1] ? await actorForToken(ctx, m[1], "integration") : undefined;
  const token = admin ?? integration;
  if (!token) {
    await sendError(
      reply,
      domainError("UNAUTHORIZED", "请先登录（或提供令牌 Authorization: Bearer …）", "sign in first (or send a token: Authorization: Bearer …)", {
        field: "authorization",
      }),
    );
    return undefined;
  }
  const roleHeader = req.headers["x-act-as-role"];
  const role = typeof roleHeader === "string" ? roleHeader : integration ? "operator" : "admin";
  if (!(ROLES as readonly string[]).includes(role) || role === "system" || (integration && role !== "operator")) {
    await sendError(reply, domainError("INVALID_ARGUMENT", `X-Act-As-Role 无效：${role}`, `X-Act-As-Role is invalid: ${role}`, { field: "x-act-as-role" }));
    return undefined;
  }
  const unitHeader = req.headers["x-act-as-unit"];
  const unitId = typeof unitHeader === "string" ? unitHeader : undefined;
  if (UNIT_ROLES.includes(role as Role) && (!unitId || !isUuid(unitId))) {
    await sendError(
      reply,
      domainError("INVALID_ARGUMENT", "单位角色须在 X-Act-As-Unit 中给出单位编号", "unit roles need the unit id in X-Act-As-Unit", { field: "x-act-as-unit" }),
    );
    return undefined;
  }
  const id = `${token.id}:${role}`;
  // Only the deployment's own tokens span platforms: each of their reads is in the audit log.
  if (token.jurisdictionId === undefined && SAFE.has(req.method))
    await audit(ctx, { actorId: id, action: "deployment.read", target: req.url.slice(0, 500), outcome: "ok", ip: req.ip });
  return withinPlatform(
    ctx,
    req,
    reply,
    await withScope(ctx, {
      id,
      name: token.name,
      role: role as Role,
      ...(unitId ? { unitId } : {}),
      ...(token.jurisdictionId ? { jurisdictionId: token.jurisdictionId } : {}),
    }),
  );
}

/**
 * One check for every route that names a platform (`/jurisdictions/:jurisdiction/…` or
 * `?jurisdiction=`): an actor of one platform is refused another's, before any use case runs.
 * Routes that reach a record by its id check the record's platform in their use case.
 */
async function withinPlatform(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, actor: HttpActor): Promise<HttpActor | undefined> {
  if (actor.jurisdictionId === undefined) {
    // The deployment's own actors reach every platform that exists; a path naming none is 404.
    const named = (req.params as Record<string, unknown> | undefined)?.["jurisdiction"];
    if (typeof named === "string" && !(await jurisdictionOf(ctx, named))) {
      await sendError(reply, domainError("JURISDICTION_NOT_FOUND", `平台 ${named} 不存在`, `no jurisdiction ${named}`, { field: "jurisdiction" }));
      return undefined;
    }
    return actor;
  }
  for (const [where, field] of [
    [req.params, "jurisdiction"],
    [req.query, "jurisdiction"],
  ] as const) {
    const named = (where as Record<string, unknown> | undefined)?.[field];
    if (typeof named === "string" && !reachesPlatform(actor, named)) {
      await sendError(reply, otherPlatform(field));
      return undefined;
    }
  }
  return actor;
}

/** The answer for a ticket that does not exist, or not for this actor. */
export const NO_SUCH_TICKET = domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" });

/** A ticket as this actor may reach it: outside a unit's scope it does not exist for them (404, no leak). */
export async function ticketInScope(ctx: AppContext, id: string, actor: HttpActor): Promise<TicketState | undefined> {
  const t = await ticketById(ctx, id);
  if (!t || !reachesPlatform(actor, t.jurisdictionId)) return undefined;
  if (actor.unitScope) {
    const a = t.assignment;
    const on = a ? [a.leadUnitId, ...a.assistingUnitIds, ...(a.executingUnitId ? [a.executingUnitId] : [])] : [];
    if (!on.some((u) => actor.unitScope?.has(u))) return undefined;
  }
  return t;
}
