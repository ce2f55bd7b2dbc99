import { type FastifyReply, type FastifyRequest } from "fastify";
import { type Actor } from "../app/actor.ts";
import { calendarAdministrator } from "../app/calendar/import-calendar-year.ts";
import { type AppContext } from "../app/context.ts";
import { sendError } from "./errors.ts";
import { ticketActor } from "./ticket-actor.ts";

/**
 * The calendar's administrator behind a request (a signed-in admin, or an admin API token), or
 * undefined after answering 401/403.
 */
export async function requireAdmin(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<Actor | undefined> {
  const actor = await ticketActor(ctx, req, reply);
  if (!actor) return undefined;
  const admin = calendarAdministrator(actor);
  if (!admin.ok) {
    await sendError(reply, admin.error);
    return undefined;
  }
  return admin.value;
}
