import { type FastifyRequest } from "fastify";
import { ATTACHMENT_LIMITS } from "../app/vocabulary.ts";
import { domainError, fail, ok, type Result } from "../app/errors.ts";

/** One uploaded file and the plain fields sent before it. */
export interface UploadedFile {
  readonly name: string;
  readonly bytes: Buffer;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Reads the one file of a multipart/form-data request (field `file`, at most `fieldCount` plain
 * fields before it), or says what is wrong with the request in both languages.
 */
export async function uploadedFile(req: FastifyRequest, fieldCount = 0): Promise<Result<UploadedFile>> {
  if (!req.isMultipart())
    return fail(
      domainError("INVALID_ARGUMENT", "请以 multipart/form-data 上传，文件字段名为 file", "send multipart/form-data with the file in the field `file`", {
        field: "file",
      }),
    );
  // preservePath: the name as sent, so one with a path is refused rather than silently cut to its last part.
  const part = await req.file({ preservePath: true, limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: 1, fields: fieldCount, parts: fieldCount + 1 } });
  if (!part || part.fieldname !== "file") return fail(domainError("INVALID_ARGUMENT", "缺少文件字段 file", "the field `file` is missing", { field: "file" }));
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
      return fail(domainError("INVALID_ARGUMENT", "文件不能超过 10 MB", "the file is larger than 10 MB", { field: "file" }));
    throw e;
  }
  const fields: Record<string, string> = {};
  for (const [k, f] of Object.entries(part.fields)) {
    const one = Array.isArray(f) ? f[0] : f;
    if (one && one.type === "field" && typeof one.value === "string") fields[k] = one.value;
  }
  return ok({ name: part.filename, bytes, fields });
}
