import { type FastifyInstance, type FastifyReply } from "fastify";
import { z } from "zod";
import { type AppContext } from "../app/context.ts";
import { domainError, type DomainError, type Result } from "../app/errors.ts";
import { sendError } from "./errors.ts";
import { ticketActor, type HttpActor } from "./ticket-actor.ts";
import { parseWith } from "./validation.ts";
import { isUuid } from "../app/vocabulary.ts";

// The query and answer of every paged log (audit, SMS, personal-data views): `limit` and an opaque
// `cursor` in, `nextCursor` and a capped `total` out, as the ticket list pages.

/** `limit` (1–200, 50 by default) and the `cursor` a previous page answered. */
export const LogPageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

const PageFields = z.object(LogPageQuery);

interface Cursor {
  readonly micros: string;
  readonly id: string;
}

/** A cursor as the client carries it. */
export function encodeLogCursor(c: Cursor | null): string | null {
  return c ? Buffer.from(`${c.micros}|${c.id}`).toString("base64url") : null;
}

/** A cursor from the query, or the error naming the field. */
export function decodeLogCursor(
  s: string | undefined,
  idType: "uuid" | "text" = "uuid",
): { ok: true; value: Cursor | undefined } | { ok: false; error: DomainError } {
  if (s === undefined) return { ok: true, value: undefined };
  const [micros, ...rest] = Buffer.from(s, "base64url").toString().split("|");
  const id = rest.join("|");
  if (!micros || !/^-?\d{1,20}$/.test(micros) || !id || (idType === "uuid" ? !isUuid(id) : id.length > 128))
    return { ok: false, error: domainError("INVALID_ARGUMENT", "cursor 无效", "cursor is invalid", { field: "cursor" }) };
  return { ok: true, value: { micros, id } };
}

/** Answers a workbook as a download. */
export function sendXlsx(reply: FastifyReply, buf: Buffer, filename: string) {
  return reply
    .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    .header("content-disposition", `attachment; filename="${filename}"`)
    .send(buf);
}

/** A paged log's two routes: `GET path` (a page, with `limit` and `cursor`) and `GET path.xlsx` (all it filters). */
export interface PagedLog<S extends z.ZodRawShape, F> {
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly exportSummary: string;
  readonly filename: string;
  /** The answer's name for its rows (`entries`, `notices`, …). */
  readonly key: string;
  readonly query: z.ZodObject<S>;
  readonly filter: (q: z.output<z.ZodObject<S>>, params: Readonly<Record<string, string>>) => F;
  /** What the rows' ids are (the cursor's second half): uuids unless said. */
  readonly cursorId?: "uuid" | "text";
  readonly page: (
    ctx: AppContext,
    actor: HttpActor,
    f: F,
    page: { limit: number; cursor: Cursor | undefined },
  ) => Promise<Result<{ rows: unknown[]; next: Cursor | null; total: { n: number; capped: boolean } }>>;
  readonly xlsx: (ctx: AppContext, actor: HttpActor, f: F) => Promise<Result<Buffer>>;
}

/** Registers a paged log's page and export routes. */
export function pagedLogRoutes<S extends z.ZodRawShape, F>(app: FastifyInstance, ctx: AppContext, log: PagedLog<S, F>) {
  app.get(log.path, { schema: { tags: [log.tag], summary: log.summary } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    // The page's fields and the filter's are parsed apart (each refused by its name), the filter strictly.
    const { limit, cursor: c, ...rest } = (req.query ?? {}) as Record<string, unknown>;
    const p = parseWith(PageFields, { ...(limit !== undefined ? { limit } : {}), ...(c !== undefined ? { cursor: c } : {}) }, "query");
    if (!p.ok) return sendError(reply, p.error);
    const q = parseWith(log.query.strict(), rest, "query");
    if (!q.ok) return sendError(reply, q.error);
    const cursor = decodeLogCursor(p.value.cursor, log.cursorId);
    if (!cursor.ok) return sendError(reply, cursor.error);
    const r = await log.page(ctx, actor, log.filter(q.value, req.params as Record<string, string>), { limit: p.value.limit, cursor: cursor.value });
    if (!r.ok) return sendError(reply, r.error);
    return { [log.key]: r.value.rows, nextCursor: encodeLogCursor(r.value.next), total: r.value.total };
  });
  app.get(`${log.path}.xlsx`, { schema: { tags: [log.tag], summary: log.exportSummary } }, async (req, reply) => {
    const actor = await ticketActor(ctx, req, reply);
    if (!actor) return reply;
    const q = parseWith(log.query.strict(), req.query, "query");
    if (!q.ok) return sendError(reply, q.error);
    const r = await log.xlsx(ctx, actor, log.filter(q.value, req.params as Record<string, string>));
    if (!r.ok) return sendError(reply, r.error);
    return sendXlsx(reply, r.value, log.filename);
  });
}
