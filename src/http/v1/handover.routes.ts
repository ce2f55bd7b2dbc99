import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { handoverLinkOf, listHandoverLinks, setHandoverLink } from "../../app/handover/handover-links.ts";
import { receiveHandover, type HandoverItem } from "../../app/handover/receive-handover.ts";
import { TICKET_COMMAND_KINDS, type TicketCommand, type TicketCommandKind } from "../../app/vocabulary.ts";
import { errorBody, sendError } from "../errors.ts";
import { verifiedJson } from "../signed-json.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith, withoutUndefined } from "../validation.ts";
import { CommandBodySchemas, SentDownContactSchema, InstantSchema } from "./schemas.ts";

/** The system's own commands never come from outside. */
// The system's commands, and the supervisors' decision on a flagged reply (a hotline matter, not a sub-centre's).
const SYSTEM_COMMANDS: readonly TicketCommandKind[] = [
  "applyDefaultSatisfaction",
  "recordRequestUndelivered",
  "raiseFlag",
  "recalculateDeadline",
  "decideReplyMismatch",
];
const commandKinds = TICKET_COMMAND_KINDS.filter((k) => !SYSTEM_COMMANDS.includes(k));
// Discriminated by kind, so a bad command names its own field, not just "invalid input".
const CommandSchema = z.discriminatedUnion(
  "kind",
  commandKinds.map((k) => CommandBodySchemas[k as keyof typeof CommandBodySchemas].extend({ kind: z.literal(k) })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ kind: z.ZodLiteral<string> }>[],
  ],
);

const ItemId = z.string().trim().min(1).max(100);
const BatchSchema = z
  .object({
    items: z
      .array(
        z.discriminatedUnion("kind", [
          z
            .object({
              id: ItemId,
              kind: z.literal("contact"),
              contact: SentDownContactSchema.extend({ receivedAt: InstantSchema.optional(), handleSelf: z.boolean().optional() }).strict(),
            })
            .strict(),
          z.object({ id: ItemId, kind: z.literal("command"), ticket: z.string().trim().min(1).max(40), command: CommandSchema }).strict(),
        ]),
      )
      .min(1)
      .max(200),
  })
  .strict();

const LinkSchema = z.object({ url: z.string().trim().min(1).max(500), secret: z.string().min(1).max(200) }).strict();

/**
 * Sub-centres and dual-number units (GZ-7, GZ-28): their own systems hand over contacts of
 * their lines and their steps on tickets (signed with the unit's secret); admins connect them.
 */
export function handoverRoutes(app: FastifyInstance, ctx: AppContext) {
  void app.register(async (scoped) => {
    // The server-wide parser checks nesting; this one keeps the signed bytes as they came.
    scoped.removeContentTypeParser("application/json");
    scoped.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post(
      "/api/v1/jurisdictions/:jurisdiction/handover/:unitCode/items",
      {
        schema: {
          tags: ["handover"],
          summary: "分中心、双号并行单位系统交换：自受理诉求与办理步骤（单位密钥签名，按条目编号去重）/ a unit's system hands over contacts and its steps",
        },
      },
      async (req, reply) => {
        const p = req.params as { jurisdiction: string; unitCode: string };
        const link = await handoverLinkOf(ctx, p.jurisdiction, p.unitCode);
        // An unknown unit answers like a wrong signature: the interface does not tell which units exist.
        const json = verifiedJson(req.body, req.headers["x-hotline-signature"], link?.secret);
        if (!json.ok) return sendError(reply, json.error);
        if (!link) throw new Error("a body verified without a secret"); // verifiedJson refuses everything without one
        const b = parseWith(BatchSchema, json.value);
        if (!b.ok) return sendError(reply, b.error);
        const items: HandoverItem[] = b.value.items.map((i) => {
          if (i.kind === "contact") return { id: i.id, kind: "contact", contact: withoutUndefined(i.contact) };
          const { version, ...command } = i.command as { version: number; kind: TicketCommandKind };
          return { id: i.id, kind: "command", ticket: i.ticket, version, command: withoutUndefined<TicketCommand>(command) };
        });
        const out = await receiveHandover(ctx, link.unit, items);
        return { items: out.map((o) => (o.ok ? o : { id: o.id, ok: false, error: errorBody(o.error).error })) };
      },
    );
  });

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/handover-links",
    { schema: { tags: ["handover"], summary: "已对接的分中心、双号并行单位系统及推送情况 / connected unit systems" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const r = await listHandoverLinks(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction);
      if (!r.ok) return sendError(reply, r.error);
      return { links: r.value };
    },
  );

  app.put(
    "/api/v1/jurisdictions/:jurisdiction/handover-links/:unitId",
    { schema: { tags: ["handover"], summary: "对接单位系统（推送地址与签名密钥）/ connect a unit's system", body: jsonSchema(LinkSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(LinkSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const p = req.params as { jurisdiction: string; unitId: string };
      const r = await setHandoverLink(ctx, actor, p.jurisdiction, p.unitId, b.value);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.delete(
    "/api/v1/jurisdictions/:jurisdiction/handover-links/:unitId",
    { schema: { tags: ["handover"], summary: "解除单位系统对接 / disconnect a unit's system" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const p = req.params as { jurisdiction: string; unitId: string };
      const r = await setHandoverLink(ctx, actor, p.jurisdiction, p.unitId, null);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );
}
