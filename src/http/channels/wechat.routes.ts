import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { suggestForIntake } from "../../app/assist/intake-models.ts";
import { type AppContext } from "../../app/context.ts";
import { intakeContact } from "../../app/tickets/intake-contact.ts";
import { parseWechatMessage, wechatSignatureValid, wechatTextReply } from "../../channels/wechat/wechat.ts";
import { REQUEST_TYPES, type RequestType } from "../../app/vocabulary.ts";
import { type TicketActor } from "../../app/vocabulary.ts";
import { parseWith } from "../validation.ts";

const SignedQuery = z
  .object({
    signature: z.string().min(1).max(100),
    timestamp: z.string().min(1).max(20),
    nonce: z.string().min(1).max(100),
    echostr: z.string().max(200).optional(),
    openid: z.string().max(100).optional(),
  })
  .passthrough();

/** The adapter acts as the channel, with the operator's rights to take contacts and nothing more. */
const WECHAT_ACTOR: TicketActor = { id: "channel:wechat", name: "微信公众号", role: "operator" };

/**
 * The WeChat official-account adapter (GZ-2, GX-2): the platform's signed push becomes the
 * same intake command as every channel, with channel `wechat`; the sender gets the ticket
 * number as the passive reply. WeChat retries a push it got no answer to: the message id is
 * the idempotency key, so a retry answers the same number and makes nothing new.
 */
export function wechatRoutes(app: FastifyInstance, ctx: AppContext, token: string | undefined) {
  void app.register(async (scoped) => {
    scoped.addContentTypeParser(["text/xml", "application/xml"], { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    const verified = (query: unknown): z.output<typeof SignedQuery> | undefined => {
      const q = parseWith(SignedQuery, query, "query");
      return token && q.ok && wechatSignatureValid(token, q.value.timestamp, q.value.nonce, q.value.signature) ? q.value : undefined;
    };

    scoped.get(
      "/channels/wechat/:jurisdiction",
      { schema: { tags: ["channels"], summary: "微信公众号服务器地址校验 / WeChat server check" } },
      async (req, reply) => {
        const q = verified(req.query);
        if (!q?.echostr) return reply.code(403).type("text/plain").send("invalid signature");
        return reply.type("text/plain").send(q.echostr);
      },
    );

    scoped.post(
      "/channels/wechat/:jurisdiction",
      { schema: { tags: ["channels"], summary: "微信公众号消息推送 / WeChat message push" } },
      async (req, reply) => {
        if (!verified(req.query)) return reply.code(403).type("text/plain").send("invalid signature");
        const m = parseWechatMessage(typeof req.body === "string" ? req.body : "");
        if (!m) return reply.code(400).type("text/plain").send("not a WeChat message");
        const xml = (text: string) => reply.type("application/xml").send(wechatTextReply(m, text, ctx.now()));
        if (m.msgType === "event")
          return m.event === "subscribe"
            ? xml("欢迎关注12345政务服务便民热线。请直接发送文字描述您的诉求，我们将生成工单并回复编号。")
            : reply.type("text/plain").send("success");
        if (m.msgType !== "text" || !m.content?.trim()) return xml("目前仅受理文字诉求，请用文字描述您的问题、地点和联系方式。");
        const jurisdictionId = (req.params as { jurisdiction: string }).jurisdiction;
        // The type the model suggests, where one is trained; the dispatcher can still correct it.
        const s = await suggestForIntake(ctx, WECHAT_ACTOR, jurisdictionId, m.content);
        const suggested = s.ok ? s.value.type?.suggestions[0]?.label : undefined;
        const type: RequestType = suggested && (REQUEST_TYPES as readonly string[]).includes(suggested) ? (suggested as RequestType) : "help";
        const r = await intakeContact(
          ctx,
          WECHAT_ACTOR,
          jurisdictionId,
          {
            channel: "wechat",
            receivedAt: m.createTime ? m.createTime * 1000 : ctx.now(),
            requester: { kind: "person" },
            type,
            content: m.content,
            outcome: { decision: "ticket" },
          },
          m.msgId ? `wechat:${m.msgId}` : undefined,
        );
        if (!r.ok || !r.value.ticket) return xml(`诉求未能受理：${r.ok ? "请稍后再试" : r.error.zh}。您也可拨打12345。`);
        return xml(`您的诉求已受理，工单编号${r.value.ticket.number}。我们将按时限办理并答复。`);
      },
    );
  });
}
