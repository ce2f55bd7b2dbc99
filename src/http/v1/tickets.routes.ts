import { leaderSessionFor } from "../../app/leaders/leader-sessions.ts";
import { ownLineUnitOf, takeOwnLineContact, type OwnLineContact } from "../../app/tickets/own-line-intake.ts";
import { ticketSearch } from "../../app/tickets/ticket-search.ts";
import { randomUUID } from "node:crypto";
import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { intakeContact } from "../../app/tickets/intake-contact.ts";
import { recordSuggestionChoices } from "../../app/assist/intake-models.ts";
import { checkSuggestionChoices } from "../../app/assist/intake-suggestions.ts";
import { runTicketCommand } from "../../app/tickets/run-ticket-command.ts";
import { TICKET_COMMAND_KINDS, type TicketCommand } from "../../app/vocabulary.ts";
import { domainError, fail, ok, type Result } from "../../app/errors.ts";
import { contactsAbout, requesterHistoryOf, ticketBounces, ticketById, ticketEvents, ticketPage, type TicketFilter } from "../../app/tickets/ticket-queries.ts";
import { ticketListXlsx } from "../../app/tickets/ticket-export.ts";
import { errorBody, sendError } from "../errors.ts";
import { isUuid } from "../../app/vocabulary.ts";
import { adjustDeadlines } from "../../app/tickets/adjust-deadlines.ts";
import { mergeOrSplit } from "../../app/tickets/merge-tickets.ts";
import { REVEAL_PURPOSES, revealRequester, shownEvents, shownTicket, ticketView, type RevealPurpose } from "../../app/tickets/ticket-view.ts";
import { personalDataViews, personalDataViewsXlsx, recordPersonalDataView } from "../../app/privacy/personal-data-log.ts";
import { pagedLogRoutes, sendXlsx } from "../log-page-query.ts";
import { NO_SUCH_TICKET, ticketActor, ticketInScope, type HttpActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";
import { CommandBodySchemas, InstantSchema, IntakeBodySchema, TicketListQuerySchema, type TicketListQuery } from "./schemas.ts";

const RevealSchema = z
  .object({ purpose: z.enum(Object.keys(REVEAL_PURPOSES) as [RevealPurpose, ...RevealPurpose[]]), note: z.string().max(200).optional() })
  .strict();

function encodeCursor(c: { key: number; id: string }): string {
  return Buffer.from(`${Number.isFinite(c.key) ? c.key : "inf"}|${c.id}`).toString("base64url");
}

function decodeCursor(s: string): { key: number; id: string } | undefined {
  const [key, id] = Buffer.from(s, "base64url").toString().split("|");
  if (!key || !id || !isUuid(id)) return undefined;
  if (key === "inf") return { key: Infinity, id };
  return /^\d+$/.test(key) ? { key: Number(key), id } : undefined;
}

/** `/api/v1`: intake, ticket lists and pages, history, and one route per command. */
export function ticketRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/contacts",
    { schema: { tags: ["intake"], summary: "受理一次来电/来件 / take one contact", body: jsonSchema(IntakeBodySchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const body = parseWith(IntakeBodySchema, req.body);
      if (!body.ok) return sendError(reply, body.error);
      const key = req.headers["idempotency-key"];
      if (key !== undefined && (typeof key !== "string" || key.length > 200 || key.length === 0)) {
        return sendError(
          reply,
          domainError("INVALID_ARGUMENT", "Idempotency-Key 无效（1–200 个字符）", "Idempotency-Key must be 1–200 characters", { field: "idempotency-key" }),
        );
      }
      const { jurisdiction } = req.params as { jurisdiction: string };
      const b = body.value;
      const contact: OwnLineContact = {
        receivedAt: b.receivedAt ?? ctx.now(),
        requester: {
          kind: b.requester.kind,
          ...(b.requester.name ? { name: b.requester.name } : {}),
          ...(b.requester.phone ? { phone: b.requester.phone } : {}),
          ...(b.requester.confidential !== undefined ? { confidential: b.requester.confidential } : {}),
        },
        type: b.type,
        content: b.content,
        ...(b.urgent !== undefined ? { urgent: b.urgent } : {}),
        ...(b.category ? { category: b.category } : {}),
        ...(b.title ? { title: b.title } : {}),
        ...(b.location ? { location: Object.fromEntries(Object.entries(b.location).filter(([, v]) => v !== undefined)) } : {}),
      };
      const idempotencyKey = typeof key === "string" ? key : undefined;
      // Staff of a sub-centre or dual-number unit record the calls of their own line (GZ-7, GZ-28).
      const ownLine = await ownLineUnitOf(ctx, actor);
      if (ownLine) {
        if (ownLine.jurisdictionId !== jurisdiction)
          return sendError(reply, domainError("FORBIDDEN", "只能登记本平台的来电", "contacts are taken on your own platform only", { field: "jurisdiction" }));
        if (b.outcome.decision !== "ticket")
          return sendError(
            reply,
            domainError("INVALID_ARGUMENT", "本单位线路的来电登记为工单", "a call of the unit's own line is recorded as a ticket", {
              field: "outcome.decision",
              rule: "GZ-7",
            }),
          );
        const own = await takeOwnLineContact(ctx, actor, ownLine, contact, idempotencyKey);
        if (!own.ok) return sendError(reply, own.error);
        return reply
          .code(own.value.replayed ? 200 : 201)
          .send({ contactId: own.value.contactId, decision: "ticket", rule: "GZ-7", replayed: own.value.replayed, ticket: shownTicket(ctx, own.value.ticket) });
      }
      const session = b.leaderSessionId ? await leaderSessionFor(ctx, jurisdiction, b.leaderSessionId) : undefined;
      if (session && !session.ok) return sendError(reply, session.error);
      if (b.suggestionChoices?.length) {
        const checked = await checkSuggestionChoices(ctx, jurisdiction, b.suggestionChoices);
        if (!checked.ok) return sendError(reply, checked.error);
      }
      const r = await intakeContact(
        ctx,
        actor,
        jurisdiction,
        { ...contact, channel: b.channel, outcome: b.outcome, ...(session?.ok ? { leaderSession: session.value } : {}) },
        idempotencyKey,
      );
      if (!r.ok) return sendError(reply, r.error);
      if (b.suggestionChoices?.length && !r.value.replayed) {
        await recordSuggestionChoices(
          ctx,
          actor,
          jurisdiction,
          { contactId: r.value.contactId, ...(r.value.ticket ? { ticketId: r.value.ticket.id } : {}), text: `${b.title ?? ""}。${b.content}` },
          b.suggestionChoices,
        );
      }
      return reply.code(r.value.replayed ? 200 : 201).send({ ...r.value, ...(r.value.ticket ? { ticket: shownTicket(ctx, r.value.ticket) } : {}) });
    },
  );

  /** The list's filter as asked, narrowed to what the actor may see; undefined when it can find nothing; an error names the field. */
  const listFilter = (actor: HttpActor, f: TicketListQuery): Result<TicketFilter | undefined> => {
    // Unit roles see their unit's and its sub-units' tickets only.
    if (actor.unitScope && f.unit && !actor.unitScope.has(f.unit)) return ok(undefined);
    const search = f.q ? ticketSearch(f.q) : undefined;
    if (f.q && !search)
      return fail(
        domainError("INVALID_ARGUMENT", "请输入完整的工单编号，或至少两个字的关键词", "q must be a whole ticket number or words of two or more characters", {
          field: "q",
        }),
      );
    return ok({
      // A platform's staff list their platform's tickets whatever they ask; the deployment's tokens any.
      ...((actor.jurisdictionId ?? f.jurisdiction) ? { jurisdictionId: actor.jurisdictionId ?? f.jurisdiction } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.unit ? { unitId: f.unit } : {}),
      ...(actor.unitScope ? { unitScope: [...actor.unitScope] } : {}),
      ...(f.type ? { type: f.type } : {}),
      ...(f.channel ? { channel: f.channel } : {}),
      ...(f.overdue === "true" ? { overdueAt: ctx.now() } : {}),
      ...(f.ratingWork ? { ratingWork: f.ratingWork } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.district ? { district: f.district } : {}),
      ...(f.from !== undefined ? { receivedFrom: f.from } : {}),
      ...(f.to !== undefined ? { receivedTo: f.to } : {}),
      ...(f.leaderSession ? { leaderSessionId: f.leaderSession } : {}),
      ...(f.archiveYear !== undefined ? { archiveYear: f.archiveYear } : {}),
      ...search,
    });
  };

  app.get(
    "/api/v1/tickets",
    { schema: { tags: ["tickets"], summary: "工单列表 / list tickets", querystring: jsonSchema(TicketListQuerySchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(TicketListQuerySchema, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const f = q.value;
      const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
      if (f.cursor && !cursor) return sendError(reply, domainError("INVALID_ARGUMENT", "cursor 无效", "cursor is invalid", { field: "cursor" }));
      const filter = listFilter(actor, f);
      if (!filter.ok) return sendError(reply, filter.error);
      if (!filter.value) return { tickets: [], nextCursor: null, total: { n: 0, capped: false } };
      const page = await ticketPage(ctx, filter.value, f.limit, cursor, f.sort);
      return { tickets: page.tickets.map((x) => shownTicket(ctx, x)), nextCursor: page.next ? encodeCursor(page.next) : null, total: page.total };
    },
  );

  app.get(
    "/api/v1/tickets.xlsx",
    {
      schema: {
        tags: ["tickets"],
        summary: "导出工单列表（按当前筛选，诉求人已脱敏）/ the filtered list as a workbook",
        querystring: jsonSchema(TicketListQuerySchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(TicketListQuerySchema, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const filter = listFilter(actor, q.value);
      if (!filter.ok) return sendError(reply, filter.error);
      const buf = await ticketListXlsx(ctx, filter.value, q.value.sort);
      return sendXlsx(reply, buf, "tickets.xlsx");
    },
  );

  const load = (id: string, actor: HttpActor) => ticketInScope(ctx, id, actor);

  app.get("/api/v1/tickets/:id", { schema: { tags: ["tickets"], summary: "工单详情 / one ticket" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const t = await load((req.params as { id: string }).id, actor);
    if (!t) return sendError(reply, NO_SUCH_TICKET);
    return ticketView(ctx, t, actor);
  });

  app.post(
    "/api/v1/tickets/:id/requester/reveal",
    {
      schema: {
        tags: ["privacy"],
        summary: "查看诉求人信息（说明用途，留痕）/ see the requester in clear, for a stated purpose (logged)",
        body: jsonSchema(RevealSchema),
      },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const body = parseWith(RevealSchema, req.body);
      if (!body.ok) return sendError(reply, body.error);
      const t = await load((req.params as { id: string }).id, actor);
      if (!t) return sendError(reply, NO_SUCH_TICKET);
      const r = revealRequester(t, actor.role, body.value);
      if (!r.ok) return sendError(reply, r.error);
      await recordPersonalDataView(ctx, actor, { jurisdictionId: t.jurisdictionId, ticketId: t.id, phone: t.requester.phone, purpose: r.value.purpose });
      return { requester: r.value.requester, merged: r.value.merged };
    },
  );

  app.get(
    "/api/v1/tickets/:id/related",
    { schema: { tags: ["tickets"], summary: "关联工单与来电 / merged tickets and later contacts about this one" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const t = await load((req.params as { id: string }).id, actor);
      if (!t) return sendError(reply, NO_SUCH_TICKET);
      const into = t.mergedInto ? await ticketById(ctx, t.mergedInto) : undefined;
      const contacts = await contactsAbout(ctx, t.id);
      return {
        mergedInto: into ? { id: into.id, number: into.number } : null,
        merged: (t.mergedTickets ?? []).map((m) => ({ id: m.id, number: m.number, at: m.at })),
        contacts: contacts.map((c) => ({ ...c, receivedAt: c.receivedAt.getTime() })),
      };
    },
  );

  app.get(
    "/api/v1/tickets/:id/bounces",
    { schema: { tags: ["tickets"], summary: "工单流转：经手单位、退回原因、审核结论 / the units a ticket visited, its returns and their rulings" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const t = await load((req.params as { id: string }).id, actor);
      if (!t) return sendError(reply, NO_SUCH_TICKET);
      return { visits: await ticketBounces(ctx, t.id) };
    },
  );

  app.get("/api/v1/tickets/:id/events", { schema: { tags: ["tickets"], summary: "工单流转记录 / a ticket's history" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const t = await load((req.params as { id: string }).id, actor);
    if (!t) return sendError(reply, NO_SUCH_TICKET);
    return { events: shownEvents(await ticketEvents(ctx, t.id)) };
  });

  pagedLogRoutes(app, ctx, {
    path: "/api/v1/admin/personal-data-access",
    tag: "privacy",
    summary: "个人信息查看记录（分页）/ who viewed personal data, a page at a time",
    exportSummary: "导出个人信息查看记录（号码脱敏）/ the filtered log of views as a workbook",
    filename: "personal-data-views.xlsx",
    key: "accesses",
    query: z.object({
      ticket: z.uuid().optional(),
      number: z.string().trim().min(1).max(40).optional(),
      actor: z.string().max(200).optional(),
      from: InstantSchema.optional(),
      to: InstantSchema.optional(),
    }),
    filter: (v) => ({
      ...(v.ticket ? { ticketId: v.ticket } : {}),
      ...(v.number ? { ticketNumber: v.number } : {}),
      ...(v.actor ? { actorId: v.actor } : {}),
      ...(v.from !== undefined ? { from: v.from } : {}),
      ...(v.to !== undefined ? { to: v.to } : {}),
    }),
    page: personalDataViews,
    xlsx: personalDataViewsXlsx,
  });

  app.get(
    "/api/v1/jurisdictions/:jurisdiction/requesters/:phone",
    { schema: { tags: ["intake"], summary: "诉求人历史与提示 / a requester's earlier contacts and notes" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const { jurisdiction, phone } = req.params as { jurisdiction: string; phone: string };
      const r = await requesterHistoryOf(ctx, actor, jurisdiction, phone);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  const BulkAdjustSchema = z
    .object({ ticketIds: z.array(z.uuid()).min(1).max(5000), due: CommandBodySchemas.adjustDeadline.shape.due, reason: z.string().trim().min(1).max(2000) })
    .strict();
  app.post(
    "/api/v1/tickets/bulk/adjustDeadline",
    { schema: { tags: ["commands"], summary: "不可抗力批量调整期限 / force-majeure adjustment of many tickets (GZ-17)", body: jsonSchema(BulkAdjustSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const body = parseWith(BulkAdjustSchema, req.body);
      if (!body.ok) return sendError(reply, body.error);
      const r = await adjustDeadlines(ctx, actor, body.value.ticketIds, body.value.due, body.value.reason);
      return { adjusted: r.adjusted, refused: r.refused.map((x) => ({ ticketId: x.ticketId, ...errorBody(x.error) })) };
    },
  );

  const MergeSchema = z.object({ targetId: z.uuid(), reason: z.string().trim().min(1).max(2000) }).strict();
  for (const op of ["merge", "split"] as const) {
    app.post(
      `/api/v1/tickets/:id/${op}`,
      {
        schema: {
          tags: ["commands"],
          summary: op === "merge" ? "并单：并入目标工单 / merge into the target" : "拆分：从目标工单拆出 / split off the target",
          body: jsonSchema(MergeSchema),
        },
      },
      async (req, reply) => {
        const actor = await ticketActor(ctx, req, reply);
        if (!actor) return reply;
        const b = parseWith(MergeSchema, req.body);
        if (!b.ok) return sendError(reply, b.error);
        const r = await mergeOrSplit(ctx, actor, op, (req.params as { id: string }).id, b.value.targetId, b.value.reason);
        if (!r.ok) return sendError(reply, r.error);
        return { source: shownTicket(ctx, r.value.source), target: shownTicket(ctx, r.value.target) };
      },
    );
  }

  for (const kind of TICKET_COMMAND_KINDS) {
    if (kind === "applyDefaultSatisfaction" || kind === "recordRequestUndelivered" || kind === "raiseFlag" || kind === "recalculateDeadline") continue; // the system's, not a person's
    if (kind === "decideReplyMismatch") continue; // with its misconduct record: the flagged-reply routes
    const schema: z.ZodType = CommandBodySchemas[kind];
    app.post(`/api/v1/tickets/:id/${kind}`, { schema: { tags: ["commands"], summary: kind, body: jsonSchema(schema) } }, async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const body = parseWith(schema, req.body);
      if (!body.ok) return sendError(reply, body.error);
      const { version, ...payload } = body.value as { version: number } & Record<string, unknown>;
      const id = (req.params as { id: string }).id;
      // Unit staff must not learn that a ticket outside their scope exists (404, not 403); for
      // everyone else the command's own load answers TICKET_NOT_FOUND, so no second read.
      if (actor.unitScope && !(await load(id, actor))) return sendError(reply, NO_SUCH_TICKET);
      // A new supervision gets its id here when the client did not name one.
      const extra = kind === "supervise" && !payload["supervisionId"] ? { supervisionId: randomUUID() } : {};
      const r = await runTicketCommand(ctx, actor, id, version, { kind, ...payload, ...extra } as TicketCommand);
      if (!r.ok) return sendError(reply, r.error);
      return { ...ticketView(ctx, r.value.ticket, actor), events: shownEvents(r.value.events) };
    });
  }
}
