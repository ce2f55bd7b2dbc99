import { createHash } from "node:crypto";
import { checkAttachment, mayAttach, mayReadAttachment } from "../../domain/attachments/attachment.ts";
import { ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { countAttachments, insertAttachment, listAttachments, loadAttachment, type AttachmentInfo } from "../../store/repositories/attachment.repository.ts";
import { type AppContext } from "../context.ts";
import { isUuid } from "../../domain/shared/uuid-format.ts";

/**
 * Adds a file to a ticket the actor may open (the caller checked the data scope). The file
 * is its own append-only record (who, when, its hash); a feedback that names it makes it
 * part of the ticket's history.
 */
export async function addAttachment(
  ctx: AppContext,
  actor: TicketActor,
  t: TicketState,
  file: { name: string; bytes: Uint8Array },
): Promise<Result<AttachmentInfo>> {
  const count = await countAttachments(ctx.db, t.id);
  const allowed = mayAttach(actor.role, t, count.fromRequester);
  if (!allowed.ok) return allowed;
  const checked = checkAttachment({ ...file, alreadyOnTicket: count.all });
  if (!checked.ok) return checked;
  return ok(
    await insertAttachment(ctx.db, {
      ticketId: t.id,
      name: checked.value.name,
      contentType: checked.value.contentType,
      size: file.bytes.length,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      data: Buffer.from(file.bytes),
      uploadedBy: actor.id,
      uploaderName: actor.name,
      uploaderRole: actor.role,
      uploaderUnitId: actor.unitId ?? null,
      uploadedAt: new Date(ctx.now()),
    }),
  );
}

/** The ticket's files this actor may see. */
export async function attachmentsFor(ctx: AppContext, actor: TicketActor, t: TicketState): Promise<AttachmentInfo[]> {
  return (await listAttachments(ctx.db, t.id)).filter((a) => mayReadAttachment(actor.role, t, a.uploaderRole));
}

/** One stored file with its bytes, by its id (the caller checks the ticket's scope and the role). */
export async function attachmentById(ctx: AppContext, id: string) {
  return isUuid(id) ? loadAttachment(ctx.db, id) : undefined;
}
