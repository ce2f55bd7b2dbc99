import { type FastifyReply, type FastifyRequest } from "fastify";
import { actorForToken, ADMIN_SCOPE } from "../app/auth/api-tokens.ts";
import { type AppContext } from "../app/context.ts";
import { ROLES, type Role, type TicketActor } from "../domain/ticket/ticket.ts";
import { domainError } from "../domain/shared/domain-error.ts";
import { sendError } from "./errors.ts";

const UNIT_ROLES: readonly Role[] = ["unit_handler", "unit_leader"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The actor of a ticket request. Until staff accounts exist (issue 4), an admin token acts
 * in the role named by `X-Act-As-Role` (and for unit roles the unit in `X-Act-As-Unit`),
 * so integrations and tests can drive every step; each event still records the token.
 */
export async function ticketActor(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<TicketActor | undefined> {
  const m = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "");
  const token = m?.[1] ? await actorForToken(ctx, m[1], ADMIN_SCOPE) : undefined;
  if (!token) {
    await sendError(reply, domainError("UNAUTHORIZED", "需要令牌（Authorization: Bearer …）", "a token is required (Authorization: Bearer …)", { field: "authorization" }));
    return undefined;
  }
  const roleHeader = req.headers["x-act-as-role"];
  const role = typeof roleHeader === "string" ? roleHeader : "admin";
  if (!(ROLES as readonly string[]).includes(role) || role === "system") {
    await sendError(reply, domainError("INVALID_ARGUMENT", `X-Act-As-Role 无效：${role}`, `X-Act-As-Role is invalid: ${role}`, { field: "x-act-as-role" }));
    return undefined;
  }
  const unitHeader = req.headers["x-act-as-unit"];
  const unitId = typeof unitHeader === "string" ? unitHeader : undefined;
  if (UNIT_ROLES.includes(role as Role) && (!unitId || !UUID.test(unitId))) {
    await sendError(reply, domainError("INVALID_ARGUMENT", "单位角色须在 X-Act-As-Unit 中给出单位编号", "unit roles need the unit id in X-Act-As-Unit", { field: "x-act-as-unit" }));
    return undefined;
  }
  return { id: `${token.id}:${role}`, name: token.name, role: role as Role, ...(unitId ? { unitId } : {}) };
}
