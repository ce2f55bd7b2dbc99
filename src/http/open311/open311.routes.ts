import { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { open311Request, open311Requests, open311Services, submitOpen311Request } from "../../app/open311/open311.ts";
import { type DomainError } from "../../app/errors.ts";
import { allJurisdictions } from "../../app/org/jurisdictions.ts";
import { statusOf } from "../errors.ts";
import { parseWith } from "../validation.ts";
import { InstantSchema } from "../v1/schemas.ts";
import { toXml } from "./xml.ts";

type Format = "json" | "xml";

/** `requests.json` → ["requests", "json"]; no or another suffix → undefined. */
function split(resource: string): [string, Format] | undefined {
  const m = /^(.+)\.(json|xml)$/.exec(resource);
  return m ? [m[1]!, m[2] as Format] : undefined;
}

function send(reply: FastifyReply, format: Format, root: string, item: string, rows: readonly Record<string, unknown>[], status = 200) {
  if (format === "xml")
    return reply
      .code(status)
      .type("text/xml; charset=utf-8")
      .send(toXml(root, item, rows));
  return reply.code(status).send(rows);
}

/** GeoReport v2 errors: a list of `{code, description}` with the HTTP status; description in Chinese and English. */
function sendError(reply: FastifyReply, format: Format, e: DomainError) {
  const status = statusOf(e.code) === 422 ? 400 : statusOf(e.code);
  return send(reply, format, "errors", "error", [{ code: status, description: `${e.field ? `${e.field}: ` : ""}${e.zh} / ${e.en}` }], status);
}

const ListQuerySchema = z
  .object({
    jurisdiction_id: z.string().min(1).max(64).optional(),
    service_request_id: z.string().max(2000).optional(),
    service_code: z.string().max(2000).optional(),
    start_date: InstantSchema.optional(),
    end_date: InstantSchema.optional(),
    status: z.enum(["open", "closed"]).optional(),
  })
  .strict();

const PostSchema = z
  .object({
    api_key: z.string().min(1).max(200),
    jurisdiction_id: z.string().min(1).max(64).optional(),
    service_code: z.string().min(1).max(20),
    description: z.string().trim().min(1).max(10_000),
    address_string: z.string().trim().min(1).max(300).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    first_name: z.string().trim().max(50).optional(),
    last_name: z.string().trim().max(50).optional(),
    phone: z.string().trim().max(20).optional(),
    email: z.string().trim().max(200).optional(),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    media_url: z.string().max(2000).optional(),
  })
  .passthrough();

/**
 * Open311 GeoReport v2 (GZ-2, GX-2 channels): services are the category tree, requests are
 * tickets. Reading is public and shows no requester, exact address or unit result; posting
 * needs an integration API key as `api_key`.
 */
export function open311Routes(app: FastifyInstance, ctx: AppContext) {
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  const jurisdiction = async (asked: string | undefined): Promise<string | undefined> => {
    const all = await allJurisdictions(ctx);
    if (asked) return all.some((j) => j.id === asked) ? asked : undefined;
    return all[0]?.id;
  };
  const noJurisdiction: DomainError = { code: "JURISDICTION_NOT_FOUND", zh: "jurisdiction_id 不存在", en: "unknown jurisdiction_id", field: "jurisdiction_id" };

  app.get(
    "/open311/v2/:resource",
    { schema: { tags: ["open311"], summary: "GeoReport v2: services.{json|xml}, requests.{json|xml}" } },
    async (req: FastifyRequest, reply) => {
      const parts = split((req.params as { resource: string }).resource);
      if (!parts) return reply.code(404).send([{ code: 404, description: "use services.json, services.xml, requests.json or requests.xml" }]);
      const [what, format] = parts;
      if (what === "services") {
        const q = parseWith(z.object({ jurisdiction_id: z.string().min(1).max(64).optional() }).strict(), req.query, "query");
        if (!q.ok) return sendError(reply, format, q.error);
        const j = await jurisdiction(q.value.jurisdiction_id);
        if (!j) return sendError(reply, format, noJurisdiction);
        return send(reply, format, "services", "service", (await open311Services(ctx, j)) as unknown as Record<string, unknown>[]);
      }
      if (what !== "requests") return sendError(reply, format, { code: "RESOURCE_NOT_FOUND", zh: "资源不存在", en: "no such resource" });
      const q = parseWith(ListQuerySchema, req.query, "query");
      if (!q.ok) return sendError(reply, format, q.error);
      const j = await jurisdiction(q.value.jurisdiction_id);
      if (!j) return sendError(reply, format, noJurisdiction);
      const rows = await open311Requests(ctx, {
        jurisdictionId: j,
        ...(q.value.service_request_id
          ? {
              serviceRequestIds: q.value.service_request_id
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : {}),
        ...(q.value.service_code
          ? {
              serviceCodes: q.value.service_code
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : {}),
        ...(q.value.start_date !== undefined ? { startDate: q.value.start_date } : {}),
        ...(q.value.end_date !== undefined ? { endDate: q.value.end_date } : {}),
        ...(q.value.status ? { status: q.value.status } : {}),
      });
      return send(reply, format, "service_requests", "request", rows as unknown as Record<string, unknown>[]);
    },
  );

  app.get("/open311/v2/requests/:idf", { schema: { tags: ["open311"], summary: "GeoReport v2: requests/{id}.{json|xml}" } }, async (req, reply) => {
    const parts = split((req.params as { idf: string }).idf);
    if (!parts) return reply.code(404).send([{ code: 404, description: "use requests/{id}.json or requests/{id}.xml" }]);
    const [id, format] = parts;
    const q = parseWith(z.object({ jurisdiction_id: z.string().min(1).max(64).optional() }).strict(), req.query, "query");
    if (!q.ok) return sendError(reply, format, q.error);
    const j = await jurisdiction(q.value.jurisdiction_id);
    if (!j) return sendError(reply, format, noJurisdiction);
    const r = await open311Request(ctx, j, id);
    if (!r.ok) return sendError(reply, format, r.error);
    return send(reply, format, "service_requests", "request", [r.value as unknown as Record<string, unknown>]);
  });

  app.post(
    "/open311/v2/:resource",
    {
      schema: { tags: ["open311"], summary: "GeoReport v2: POST requests.{json|xml} (api_key required)" },
      config: { rateLimit: { max: 60, timeWindow: "1 minute" } },
    },
    async (req, reply) => {
      const parts = split((req.params as { resource: string }).resource);
      if (!parts || parts[0] !== "requests") return reply.code(404).send([{ code: 404, description: "POST requests.json or requests.xml" }]);
      const format = parts[1];
      const b = parseWith(PostSchema, req.body ?? {});
      if (!b.ok) return sendError(reply, format, b.error);
      const j = await jurisdiction(b.value.jurisdiction_id);
      if (!j) return sendError(reply, format, noJurisdiction);
      const v = b.value;
      const key = req.headers["idempotency-key"];
      const r = await submitOpen311Request(
        ctx,
        {
          apiKey: v.api_key,
          jurisdictionId: j,
          serviceCode: v.service_code,
          description: v.description,
          ...(v.address_string ? { addressString: v.address_string } : {}),
          ...(v.lat !== undefined ? { lat: v.lat } : {}),
          ...(v.long !== undefined ? { long: v.long } : {}),
          ...(v.first_name ? { firstName: v.first_name } : {}),
          ...(v.last_name ? { lastName: v.last_name } : {}),
          ...(v.phone ? { phone: v.phone } : {}),
        },
        typeof key === "string" && key.length <= 200 ? key : undefined,
      );
      if (!r.ok) return sendError(reply, format, r.error);
      return send(reply, format, "service_requests", "request", [r.value as unknown as Record<string, unknown>], 201);
    },
  );
}
