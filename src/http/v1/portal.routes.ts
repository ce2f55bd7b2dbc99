import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { publicAttach, publicProgress, publicRate } from "../../app/portal/public-requests.ts";
import { uploadedFile } from "../uploaded-file.ts";
import { intakeContact } from "../../app/tickets/intake-contact.ts";
import { RATINGS, REQUEST_TYPES, SOLVED } from "../../app/vocabulary.ts";
import { domainError } from "../../app/errors.ts";
import { sendError } from "../errors.ts";
import { jsonSchema, parseWith } from "../validation.ts";

const SubmitSchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    phone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, "a mobile number such as 13800138000"),
    type: z.enum(REQUEST_TYPES),
    title: z.string().trim().max(200).optional(),
    content: z.string().trim().min(5).max(5000),
    district: z.string().trim().max(50).optional(),
    address: z.string().trim().max(300).optional(),
    confidential: z.boolean().optional(),
  })
  .strict();
const TrackSchema = z.object({ phone: z.string().trim().min(1).max(20) }).strict();
const RateSchema = z
  .object({ phone: z.string().trim().min(1).max(20), rating: z.enum(RATINGS), solved: z.enum(SOLVED), note: z.string().trim().max(500).optional() })
  .strict();

const PUBLIC_LIMIT = { rateLimit: { max: 30, timeWindow: "1 minute" } };

/** The citizen portal's API: submit a request, follow it by number + phone, rate the result. */
export function portalRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post(
    "/api/public/v1/jurisdictions/:jurisdiction/requests",
    { schema: { tags: ["portal"], summary: "市民提交诉求 / a citizen submits a request", body: jsonSchema(SubmitSchema) }, config: PUBLIC_LIMIT },
    async (req, reply) => {
      const b = parseWith(SubmitSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const key = req.headers["idempotency-key"];
      const v = b.value;
      const r = await intakeContact(
        ctx,
        { id: `portal:${v.phone}`, name: "市民门户", role: "requester" },
        (req.params as { jurisdiction: string }).jurisdiction,
        {
          channel: "web",
          receivedAt: ctx.now(),
          requester: { name: v.name, phone: v.phone, kind: "person", ...(v.confidential ? { confidential: true } : {}) },
          type: v.type,
          content: v.content,
          ...(v.title ? { title: v.title } : {}),
          location: { ...(v.district ? { district: v.district } : {}), ...(v.address ? { address: v.address } : {}) },
          outcome: { decision: "ticket" },
        },
        typeof key === "string" && key.length <= 200 ? key : undefined,
      );
      if (!r.ok) return sendError(reply, r.error);
      if (!r.value.ticket) return sendError(reply, domainError("INTERNAL", "提交失败，请稍后再试", "the request was not recorded; retry later"));
      return reply.code(r.value.replayed ? 200 : 201).send({ number: r.value.ticket.number, receivedAt: r.value.ticket.receivedAt });
    },
  );

  app.post(
    "/api/public/v1/requests/:number/progress",
    { schema: { tags: ["portal"], summary: "按工单编号和手机号查询进度 / progress by number and phone", body: jsonSchema(TrackSchema) }, config: PUBLIC_LIMIT },
    async (req, reply) => {
      const b = parseWith(TrackSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await publicProgress(ctx, (req.params as { number: string }).number, b.value.phone);
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );

  app.post(
    "/api/public/v1/requests/:number/attachments",
    { schema: { tags: ["portal"], summary: "补充照片（multipart：先 phone，再 file）/ add a photo (multipart: phone, then file)" }, config: PUBLIC_LIMIT },
    async (req, reply) => {
      const file = await uploadedFile(req, 1);
      if (!file.ok) return sendError(reply, file.error);
      const phone = TrackSchema.shape.phone.safeParse(file.value.fields["phone"] ?? "");
      if (!phone.success)
        return sendError(
          reply,
          domainError(
            "INVALID_ARGUMENT",
            "请填写提交诉求时的手机号（phone 字段，放在 file 之前）",
            "give the phone the request was sent with (field `phone`, before `file`)",
            { field: "phone" },
          ),
        );
      const r = await publicAttach(ctx, (req.params as { number: string }).number, phone.data, file.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send({ attachment: r.value });
    },
  );

  app.post(
    "/api/public/v1/requests/:number/rating",
    { schema: { tags: ["portal"], summary: "评价办理结果 / rate the result", body: jsonSchema(RateSchema) }, config: PUBLIC_LIMIT },
    async (req, reply) => {
      const b = parseWith(RateSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const r = await publicRate(ctx, (req.params as { number: string }).number, b.value.phone, {
        rating: b.value.rating,
        solved: b.value.solved,
        ...(b.value.note ? { note: b.value.note } : {}),
      });
      if (!r.ok) return sendError(reply, r.error);
      return r.value;
    },
  );
}
