import { type FastifyReply, type FastifyRequest } from "fastify";
import { type Actor } from "../app/actor.ts";
import { type AppContext } from "../app/context.ts";
import { can, forbidden } from "../domain/org/permissions.ts";
import { sendError } from "./errors.ts";
import { ticketActor } from "./ticket-actor.ts";

/**
 * The administrator behind a request (a signed-in admin, or an admin API token), or undefined
 * after answering 401/403.
 */
export async function requireAdmin(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<Actor | undefined> {
  const actor = await ticketActor(ctx, req, reply);
  if (!actor) return undefined;
  if (!can(actor, "calendar.import")) {
    await sendError(reply, forbidden("calendar.import"));
    return undefined;
  }
  return { kind: actor.id.includes(":") ? "token" : "user", id: actor.id, name: actor.name };
}
