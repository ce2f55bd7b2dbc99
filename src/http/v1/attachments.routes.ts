import { type FastifyInstance } from "fastify";
import { type AppContext } from "../../app/context.ts";
import { addAttachment, attachmentById, attachmentsFor } from "../../app/tickets/attachments.ts";
import { mayReadFile } from "../../app/tickets/ticket-view.ts";
import { uploadedFile } from "../uploaded-file.ts";
import { domainError } from "../../app/errors.ts";
import { sendError } from "../errors.ts";
import { NO_SUCH_TICKET, ticketActor, ticketInScope } from "../ticket-actor.ts";

const NO_FILE = domainError("ATTACHMENT_NOT_FOUND", "附件不存在", "no such attachment", { field: "id" });

/** Images are shown in the page; anything else is downloaded, never rendered by the browser. */
function disposition(contentType: string, name: string): string {
  const kind = contentType.startsWith("image/") ? "inline" : "attachment";
  return `${kind}; filename="attachment"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Files on tickets: upload (multipart, field `file`), the ticket's list, and one file's bytes. */
export function attachmentRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post(
    "/api/v1/tickets/:id/attachments",
    { schema: { tags: ["tickets"], summary: "上传附件（图片或 PDF，multipart 字段 file）/ upload a photo or PDF (multipart field `file`)" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const t = await ticketInScope(ctx, (req.params as { id: string }).id, actor);
      if (!t) return sendError(reply, NO_SUCH_TICKET);
      const file = await uploadedFile(req);
      if (!file.ok) return sendError(reply, file.error);
      const r = await addAttachment(ctx, actor, t, file.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send({ attachment: r.value });
    },
  );

  app.get("/api/v1/tickets/:id/attachments", { schema: { tags: ["tickets"], summary: "工单附件 / a ticket's files" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const t = await ticketInScope(ctx, (req.params as { id: string }).id, actor);
    if (!t) return sendError(reply, NO_SUCH_TICKET);
    return { attachments: await attachmentsFor(ctx, actor, t) };
  });

  app.get("/api/v1/attachments/:id", { schema: { tags: ["tickets"], summary: "下载附件 / one file" } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const id = (req.params as { id: string }).id;
    const a = await attachmentById(ctx, id);
    // Out of scope or hidden from this role, a file does not exist for the asker.
    const t = a ? await ticketInScope(ctx, a.ticketId, actor) : undefined;
    if (!a || !t || !mayReadFile(actor, t, a.uploaderRole)) return sendError(reply, NO_FILE);
    return reply
      .header("content-type", a.contentType)
      .header("content-disposition", disposition(a.contentType, a.name))
      .header("cache-control", "private, max-age=3600")
      .header("x-content-type-options", "nosniff")
      .send(a.data);
  });
}
