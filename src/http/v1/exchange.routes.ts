import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { cityTicketPage, cityTicketsXlsx, receiveTickets, type ExchangeItem } from "../../app/exchange/receive-tickets.ts";
import { pagedLogRoutes } from "../log-page-query.ts";
import { receiveFromRegion, sendDown, sentDown, type SentDownContact } from "../../app/exchange/send-down.ts";
import { SentDownContactSchema } from "./schemas.ts";
import { jsonSchema } from "../validation.ts";
import { type TicketState } from "../../app/vocabulary.ts";
import { sendError } from "../errors.ts";
import { verifiedJson } from "../signed-json.ts";
import { ticketActor } from "../ticket-actor.ts";
import { parseWith, withoutUndefined } from "../validation.ts";

const BatchSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            source: z.string().min(1).max(64),
            ticketId: z.uuid(),
            version: z.number().int().positive(),
            state: z
              .object({ id: z.uuid(), number: z.string().min(1).max(40), jurisdictionId: z.string().min(1).max(64), status: z.string().min(1).max(40) })
              .passthrough(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

const SendDownSchema = z.object({ target: z.string().min(1).max(64), note: z.string().max(2000), contact: SentDownContactSchema }).strict();
const IncomingSchema = z
  .object({
    source: z.string().min(1).max(64),
    target: z.string().min(1).max(64),
    reference: z.uuid(),
    note: z.string().max(2000),
    contact: SentDownContactSchema,
  })
  .strict();

/**
 * City → region exchange (GX-5, GX-16): the region's receiving end, signed with the shared
 * exchange secret, and its read-only view of the cities' tickets.
 */
export function exchangeRoutes(app: FastifyInstance, ctx: AppContext, secret: string | undefined) {
  void app.register(async (scoped) => {
    // The server-wide parser checks nesting; this one keeps the signed bytes as they came.
    scoped.removeContentTypeParser("application/json");
    scoped.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post(
      "/api/v1/exchange/tickets",
      { schema: { tags: ["exchange"], summary: "接收下级平台推送的工单（签名、按工单版本去重）/ receive a city's ticket versions" } },
      async (req, reply) => {
        const json = verifiedJson(req.body, req.headers["x-hotline-signature"], secret);
        if (!json.ok) return sendError(reply, json.error);
        const b = parseWith(BatchSchema, json.value);
        if (!b.ok) return sendError(reply, b.error);
        const items: ExchangeItem[] = b.value.items.map((i) => ({
          source: i.source,
          ticketId: i.ticketId,
          version: i.version,
          state: i.state as unknown as TicketState,
        }));
        const r = await receiveTickets(ctx, items);
        if (!r.ok) return sendError(reply, r.error);
        return r.value;
      },
    );

    // The city's end of region → city (GX-16): a ticket its region sent down, once per reference.
    scoped.post(
      "/api/v1/exchange/incoming",
      { schema: { tags: ["exchange"], summary: "接收上级平台转办的工单（签名、按转办编号去重）/ take a ticket the region sent down" } },
      async (req, reply) => {
        const json = verifiedJson(req.body, req.headers["x-hotline-signature"], secret);
        if (!json.ok) return sendError(reply, json.error);
        const b = parseWith(IncomingSchema, json.value);
        if (!b.ok) return sendError(reply, b.error);
        const r = await receiveFromRegion(ctx, { ...b.value, contact: withoutUndefined<SentDownContact>(b.value.contact) });
        if (!r.ok) return sendError(reply, r.error);
        return reply.code(r.value.replayed ? 200 : 201).send(r.value);
      },
    );
  });

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/exchange/send-down",
    { schema: { tags: ["exchange"], summary: "向下级平台转办工单 / send a ticket down to a city", body: jsonSchema(SendDownSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(SendDownSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await sendDown(
        ctx,
        actor,
        (req.params as { jurisdiction: string }).jurisdiction,
        b.value.target,
        withoutUndefined<SentDownContact>(b.value.contact),
        b.value.note,
      );
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/exchange/sent-down",
    { schema: { tags: ["exchange"], summary: "已向下级平台转办的工单及其下级工单编号 / what was sent down" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const r = await sentDown(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction);
      if (!r.ok) return sendError(reply, r.error);
      return { sent: r.value };
    },
  );

  pagedLogRoutes(app, ctx, {
    path: "/api/v1/exchange/tickets",
    tag: "exchange",
    summary: "下级平台工单（只读，分页）/ the cities' tickets, read-only, a page at a time",
    exportSummary: "导出下级平台工单 / the cities' tickets as a workbook",
    filename: "city-tickets.xlsx",
    key: "tickets",
    query: z.object({ source: z.string().min(1).max(64).optional() }),
    filter: (q) => ({ source: q.source }),
    page: cityTicketPage,
    xlsx: cityTicketsXlsx,
  });
}
