import { type FastifyReply, type FastifyRequest } from "fastify";
import { actorForToken, ADMIN_SCOPE } from "../app/auth/api-tokens.ts";
import { type Actor } from "../app/actor.ts";
import { type AppContext } from "../app/context.ts";
import { domainError } from "../domain/shared/domain-error.ts";
import { sendError } from "./errors.ts";

/**
 * The admin actor of a request with `Authorization: Bearer <admin token>`, or undefined after
 * answering 401. Staff accounts and sessions replace this for people with issue 4.
 */
export async function requireAdmin(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<Actor | undefined> {
  const header = req.headers.authorization ?? "";
  const m = /^Bearer\s+(\S+)$/.exec(header);
  const actor = m?.[1] ? await actorForToken(ctx, m[1], ADMIN_SCOPE) : undefined;
  if (!actor) {
    await sendError(reply, domainError("UNAUTHORIZED", "需要管理员令牌（Authorization: Bearer …）", "an admin token is required (Authorization: Bearer …)", { field: "authorization" }));
    return undefined;
  }
  return actor;
}
