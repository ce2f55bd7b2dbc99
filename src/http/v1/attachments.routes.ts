import { type FastifyInstance } from "fastify";
import { type AppContext } from "../../app/context.ts";
import { addAttachment, attachmentsFor } from "../../app/tickets/attachments.ts";
import { ATTACHMENT_LIMITS, mayReadAttachment } from "../../domain/attachments/attachment.ts";
import { domainError } from "../../domain/shared/domain-error.ts";
import { loadAttachment } from "../../store/repositories/attachment.repository.ts";
import { isUuid } from "../../store/uuid.ts";
import { sendError } from "../errors.ts";
import { ticketActor, ticketInScope } from "../ticket-actor.ts";

const NO_TICKET = domainError("TICKET_NOT_FOUND", "工单不存在", "no such ticket", { field: "id" });
const NO_FILE = domainError("ATTACHMENT_NOT_FOUND", "附件不存在", "no such attachment", { field: "id" });
const TOO_LARGE = domainError("INVALID_ARGUMENT", "文件不能超过 10 MB", "the file is larger than 10 MB", { field: "file" });

/** Images are shown in the page; anything else is downloaded, never rendered by the browser. */
function disposition(contentType: string, name: string): string {
  const kind = contentType.startsWith("image/") ? "inline" : "attachment";
  return `${kind}; filename="attachment"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Files on tickets: upload (multipart, field `file`), the ticket's list, and one file's bytes. */
export function attachmentRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post("/api/v1/tickets/:id/attachments", { schema: { tags: ["tickets"], summary: "上传附件（图片或 PDF，multipart 字段 file）/ upload a photo or PDF (multipart field `file`)" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const t = await ticketInScope(ctx, (req.params as { id: string }).id, actor);
    if (!t) return sendError(reply, NO_TICKET);
    if (!req.isMultipart()) return sendError(reply, domainError("INVALID_ARGUMENT", "请以 multipart/form-data 上传，文件字段名为 file", "send multipart/form-data with the file in the field `file`", { field: "file" }));
    // preservePath: the name as sent, so one with a path is refused rather than silently cut to its last part.
    const part = await req.file({ preservePath: true, limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: 1, fields: 0, parts: 1 } });
    if (!part || part.fieldname !== "file") return sendError(reply, domainError("INVALID_ARGUMENT", "缺少文件字段 file", "the field `file` is missing", { field: "file" }));
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") return sendError(reply, TOO_LARGE);
      throw e;
    }
    const r = await addAttachment(ctx, actor, t, { name: part.filename, bytes });
    if (!r.ok) return sendError(reply, r.error);
    return reply.code(201).send({ attachment: r.value });
  });

  app.get("/api/v1/tickets/:id/attachments", { schema: { tags: ["tickets"], summary: "工单附件 / a ticket's files" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const t = await ticketInScope(ctx, (req.params as { id: string }).id, actor);
    if (!t) return sendError(reply, NO_TICKET);
    return { attachments: await attachmentsFor(ctx, actor, t) };
  });

  app.get("/api/v1/attachments/:id", { schema: { tags: ["tickets"], summary: "下载附件 / one file" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const id = (req.params as { id: string }).id;
    const a = isUuid(id) ? await loadAttachment(ctx.db, id) : undefined;
    // Out of scope or hidden from this role, a file does not exist for the asker.
    const t = a ? await ticketInScope(ctx, a.ticketId, actor) : undefined;
    if (!a || !t || !mayReadAttachment(actor.role, t, a.uploaderRole)) return sendError(reply, NO_FILE);
    return reply
      .header("content-type", a.contentType)
      .header("content-disposition", disposition(a.contentType, a.name))
      .header("cache-control", "private, max-age=3600")
      .header("x-content-type-options", "nosniff")
      .send(a.data);
  });
}
