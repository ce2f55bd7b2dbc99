import { type FastifyReply, type FastifyRequest } from "fastify";
import { type Actor } from "../app/actor.ts";
import { type AppContext } from "../app/context.ts";
import { domainError } from "../domain/shared/domain-error.ts";
import { sendError } from "./errors.ts";
import { ticketActor } from "./ticket-actor.ts";

/**
 * The administrator behind a request (a signed-in admin, or an admin API token), or undefined
 * after answering 401/403.
 */
export async function requireAdmin(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<Actor | undefined> {
  const actor = await ticketActor(ctx, req, reply);
  if (!actor) return undefined;
  if (actor.role !== "admin") {
    await sendError(reply, domainError("FORBIDDEN", "需要管理员权限", "administrators only"));
    return undefined;
  }
  return { kind: actor.id.includes(":") ? "token" : "user", id: actor.id, name: actor.name };
}
