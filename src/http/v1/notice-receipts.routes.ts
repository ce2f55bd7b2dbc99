import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { applyDeliveryReceipt } from "../../app/notices/delivery-receipts.ts";
import { applyRatingReply } from "../../app/notices/rating-replies.ts";
import { sendError } from "../errors.ts";
import { verifiedJson } from "../signed-json.ts";
import { jsonSchema, parseWith } from "../validation.ts";
import { InstantSchema } from "./schemas.ts";

const ReplySchema = z.object({ from: z.string().trim().min(5).max(20), text: z.string().max(500), at: InstantSchema.optional() }).strict();
const ReceiptSchema = z
  .object({
    id: z.string().max(100).optional(),
    ref: z.string().min(1).max(200).optional(),
    status: z.enum(["delivered", "failed"]),
    at: InstantSchema,
    error: z.string().max(500).optional(),
  })
  .strict();

/**
 * Delivery receipts from the SMS gateway, signed with the same shared secret as the messages
 * sent to it, so the SMS log says which notices reached the phone. Without a gateway configured
 * the endpoint refuses everything.
 */
export function noticeReceiptRoutes(app: FastifyInstance, ctx: AppContext, smsSecret: string | undefined) {
  void app.register(async (scoped) => {
    // The server-wide parser checks nesting; this one keeps the signed bytes as they came.
    scoped.removeContentTypeParser("application/json");
    scoped.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post(
      "/api/v1/notices/receipts",
      { schema: { tags: ["notices"], summary: "短信网关回执（HMAC 签名）/ the SMS gateway's delivery receipts", body: jsonSchema(ReceiptSchema) } },
      async (req, reply) => {
        const json = verifiedJson(req.body, req.headers["x-hotline-signature"], smsSecret);
        if (!json.ok) return sendError(reply, json.error);
        const b = parseWith(ReceiptSchema, json.value);
        if (!b.ok) return sendError(reply, b.error);
        const { id, ref, error, ...rest } = b.value;
        const r = await applyDeliveryReceipt(ctx, { ...rest, ...(id ? { id } : {}), ...(ref ? { ref } : {}), ...(error ? { error } : {}) });
        if (!r.ok) return sendError(reply, r.error);
        return reply.code(200).send(r.value);
      },
    );
    // The requester's reply to the satisfaction request: five levels and solved? (51号, GX-27.2).
    scoped.post(
      "/api/v1/notices/replies",
      {
        schema: {
          tags: ["notices"],
          summary: "短信上行：诉求人回复满意度评价（HMAC 签名）/ the requester's SMS reply rating the result",
          body: jsonSchema(ReplySchema),
        },
      },
      async (req, reply) => {
        const json = verifiedJson(req.body, req.headers["x-hotline-signature"], smsSecret);
        if (!json.ok) return sendError(reply, json.error);
        const b = parseWith(ReplySchema, json.value);
        if (!b.ok) return sendError(reply, b.error);
        const r = await applyRatingReply(ctx, { from: b.value.from, text: b.value.text });
        if (!r.ok) return sendError(reply, r.error);
        return reply.code(200).send(r.value);
      },
    );
  });
}
