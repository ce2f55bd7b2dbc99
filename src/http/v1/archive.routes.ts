import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import {
  addArchiveFile,
  archiveFileData,
  archiveRecordsOfTicket,
  archiveYearView,
  disposeArchiveRecord,
  fileArchiveRecord,
} from "../../app/archive/archive-records.ts";
import { ARCHIVE_RECORD_KINDS } from "../../app/vocabulary.ts";
import { RETENTION_KINDS } from "../../app/vocabulary.ts";
import { sendError } from "../errors.ts";
import { NO_SUCH_TICKET, ticketActor, ticketInScope } from "../ticket-actor.ts";
import { uploadedFile } from "../uploaded-file.ts";
import { jsonSchema, parseWith } from "../validation.ts";
import { InstantSchema } from "./schemas.ts";

const YearQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    kind: z.enum(RETENTION_KINDS).default("ticket"),
    q: z.string().trim().max(100).optional(),
    /** `false`: the volumes only (a screen that pages the items from /tickets?archiveYear= or /call-records). */
    items: z.enum(["true", "false"]).default("true"),
  })
  .strict();

const RecordSchema = z
  .object({
    kind: z.enum(ARCHIVE_RECORD_KINDS),
    title: z.string().max(200),
    source: z.string().max(100),
    issuedAt: InstantSchema,
    body: z.string().max(20_000).optional(),
    ticketNumbers: z.array(z.string().trim().min(1).max(40)).max(200).default([]),
  })
  .strict();

const DisposeSchema = z.object({ reason: z.string().max(2000) }).strict();

/** The archive (GX-28): a year's volumes and their items, leaders' instructions and meeting materials, disposal after retention. */
export function archiveRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    "/api/v1/jurisdictions/:jurisdiction/archive",
    { schema: { tags: ["archive"], summary: "档案：某年度各类档案的数量与保管期限，及一类档案的条目（可检索）/ a year of the archive" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const q = parseWith(YearQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      const r = await archiveYearView(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, { ...q.value, items: q.value.items === "true" });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/archive/records",
    {
      schema: { tags: ["archive"], summary: "归档领导批示件或会议材料 / file a leader's instruction or a meeting's material", body: jsonSchema(RecordSchema) },
    },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(RecordSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { ticketNumbers, body, ...rest } = b.value;
      const r = await fileArchiveRecord(
        ctx,
        actor,
        (req.params as { jurisdiction: string }).jurisdiction,
        { ...rest, ...(body !== undefined ? { body } : {}) },
        ticketNumbers,
      );
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send(r.value);
    },
  );

  app.post(
    "/api/v1/archive/records/:id/files",
    { schema: { tags: ["archive"], summary: "为档案添加文件（扫描件、纪要；图片或 PDF，multipart 字段 file）/ add a file to a record" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const file = await uploadedFile(req);
      if (!file.ok) return sendError(reply, file.error);
      const r = await addArchiveFile(ctx, actor, (req.params as { id: string }).id, file.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send({ file: r.value });
    },
  );

  app.get("/api/v1/archive/files/:id", { schema: { tags: ["archive"], summary: "下载档案文件 / one file of a record" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const r = await archiveFileData(
      ctx,
      actor,
      (req.params as { id: string }).id,
      async (ticketId) => (await ticketInScope(ctx, ticketId, actor)) !== undefined,
    );
    if (!r.ok) return sendError(reply, r.error);
    return reply
      .header("content-type", r.value.contentType)
      .header("content-disposition", `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(r.value.name)}`)
      .header("x-content-type-options", "nosniff")
      .send(r.value.data);
  });

  app.post(
    "/api/v1/archive/records/:id/dispose",
    { schema: { tags: ["archive"], summary: "销毁保管期满的档案（保留销毁记录）/ dispose of a record after its retention", body: jsonSchema(DisposeSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(DisposeSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await disposeArchiveRecord(ctx, actor, (req.params as { id: string }).id, b.value.reason);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.get(
    "/api/v1/tickets/:id/archive-records",
    { schema: { tags: ["archive"], summary: "与工单相关的领导批示件、会议材料 / instructions and materials about a ticket" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const t = await ticketInScope(ctx, (req.params as { id: string }).id, actor);
      if (!t) return sendError(reply, NO_SUCH_TICKET);
      return { records: await archiveRecordsOfTicket(ctx, t.id) };
    },
  );
}
