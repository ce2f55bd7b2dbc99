import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";
import { type Role, type TicketState } from "../ticket/ticket.ts";

/**
 * What may be attached to a ticket: photos of the matter and scanned documents. The type is
 * read from the file's first bytes, not trusted from the client, so a script renamed `.jpg`
 * is refused; only types a browser shows without running anything are kept.
 */
export const ATTACHMENT_TYPES = {
  "image/jpeg": { zh: "JPEG 图片", magic: (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  "image/png": { zh: "PNG 图片", magic: (b: Uint8Array) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x) },
  "image/webp": { zh: "WebP 图片", magic: (b: Uint8Array) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
  "application/pdf": { zh: "PDF 文件", magic: (b: Uint8Array) => ascii(b, 0, 5) === "%PDF-" },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

/** Technical limits (not legal ones): a phone photo is 2–6 MB; a feedback needs a handful. */
export const ATTACHMENT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxNameChars: 100, maxPerTicket: 30, maxFromRequester: 9 } as const;

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

/** The checked file: its type as detected and the name to show. */
export interface CheckedAttachment {
  readonly contentType: AttachmentType;
  readonly name: string;
}

/**
 * Accepts a file or says why not (field and reason in both languages). The name is shown,
 * never used as a path; names with a path or control characters are refused rather than
 * silently cut, so what is stored is what was sent.
 */
export function checkAttachment(file: { name: string; bytes: Uint8Array; alreadyOnTicket: number }): Result<CheckedAttachment> {
  const name = file.name.normalize("NFC").trim();
  if (!name) return fail(domainError("INVALID_ARGUMENT", "文件名不能为空", "the file name is empty", { field: "file" }));
  if ([...name].length > ATTACHMENT_LIMITS.maxNameChars)
    return fail(
      domainError(
        "INVALID_ARGUMENT",
        `文件名不能超过 ${ATTACHMENT_LIMITS.maxNameChars} 个字符`,
        `the file name is longer than ${ATTACHMENT_LIMITS.maxNameChars} characters`,
        { field: "file" },
      ),
    );
  // A path separator, or a control character (below U+0020, and DEL).
  if ([...name].some((c) => c === "/" || c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || name === "." || name === "..") {
    return fail(
      domainError("INVALID_ARGUMENT", "文件名不能包含路径或控制字符", "the file name must not contain a path or control characters", { field: "file" }),
    );
  }
  if (file.bytes.length === 0) return fail(domainError("INVALID_ARGUMENT", "文件为空", "the file is empty", { field: "file" }));
  if (file.bytes.length > ATTACHMENT_LIMITS.maxBytes)
    return fail(domainError("INVALID_ARGUMENT", "文件不能超过 10 MB", "the file is larger than 10 MB", { field: "file" }));
  if (file.alreadyOnTicket >= ATTACHMENT_LIMITS.maxPerTicket)
    return fail(
      domainError(
        "INVALID_ARGUMENT",
        `每张工单最多 ${ATTACHMENT_LIMITS.maxPerTicket} 个附件`,
        `a ticket holds at most ${ATTACHMENT_LIMITS.maxPerTicket} attachments`,
        { field: "file" },
      ),
    );
  const type = (Object.keys(ATTACHMENT_TYPES) as AttachmentType[]).find((t) => ATTACHMENT_TYPES[t].magic(file.bytes));
  if (!type)
    return fail(
      domainError("INVALID_ARGUMENT", "只接受 JPEG、PNG、WebP 图片或 PDF 文件", "only JPEG, PNG or WebP images and PDF files are accepted", { field: "file" }),
    );
  return ok({ contentType: type, name });
}

const ATTACHING_ROLES: readonly Role[] = ["operator", "dispatcher", "reviewer", "supervisor", "admin", "unit_handler", "unit_leader", "requester"];
const UNIT_ROLES: readonly Role[] = ["unit_handler", "unit_leader"];

/**
 * Files are added while the matter is open or concluded; an archived or merged ticket is closed
 * for good. The requester adds photos of the matter until the unit has answered, at most nine.
 */
export function mayAttach(role: Role, t: Pick<TicketState, "status">, fromRequesterSoFar = 0): Result<true> {
  if (!ATTACHING_ROLES.includes(role)) return fail(domainError("FORBIDDEN", "无权上传附件", "you may not add attachments"));
  if (role === "requester") {
    if (!["awaiting_dispatch", "awaiting_sign", "handling", "awaiting_return_decision"].includes(t.status))
      return fail(
        domainError(
          "COMMAND_NOT_ALLOWED",
          "诉求已答复，不能再补充照片；如有新情况请重新反映",
          "the request has been answered; send a new request for anything new",
        ),
      );
    if (fromRequesterSoFar >= ATTACHMENT_LIMITS.maxFromRequester)
      return fail(
        domainError(
          "INVALID_ARGUMENT",
          `每件诉求最多上传 ${ATTACHMENT_LIMITS.maxFromRequester} 张照片`,
          `at most ${ATTACHMENT_LIMITS.maxFromRequester} photos per request`,
          { field: "file" },
        ),
      );
  }
  if (t.status === "archived" || t.status === "merged")
    return fail(
      domainError("COMMAND_NOT_ALLOWED", "工单已归档或已并入其他工单，不能再上传附件", "the ticket is archived or merged; no more attachments", {
        rule: "GX-28",
      }),
    );
  return ok(true);
}

/**
 * Whether a file shows to this role: everyone who may open the ticket sees it, except that
 * what the hotline took in from a whistle-blower or a confidential requester (a signed letter,
 * a photo of them) is not shown to the units (GX-22).
 */
export function mayReadAttachment(role: Role, t: Pick<TicketState, "type" | "requester">, uploaderRole: string): boolean {
  if (!UNIT_ROLES.includes(role)) return true;
  if (t.type !== "report" && !t.requester.confidential) return true;
  return UNIT_ROLES.includes(uploaderRole as Role);
}
