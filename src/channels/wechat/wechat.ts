import { createHash, timingSafeEqual } from "node:crypto";
import { XMLBuilder, XMLParser } from "fast-xml-parser";

/** A message the WeChat official-account platform pushes (the fields the hotline uses). */
export interface WechatMessage {
  readonly toUser: string;
  readonly fromUser: string;
  readonly createTime: number;
  readonly msgType: string;
  readonly content?: string;
  readonly msgId?: string;
  readonly event?: string;
}

/** WeChat's check: SHA-1 of token, timestamp and nonce sorted and joined. */
export function wechatSignatureValid(token: string, timestamp: string, nonce: string, signature: string): boolean {
  const expected = createHash("sha1").update([token, timestamp, nonce].sort().join("")).digest("hex");
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

const parser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, trimValues: true, processEntities: false });

/** Reads the pushed XML; undefined when it is not a WeChat message. */
export function parseWechatMessage(xml: string): WechatMessage | undefined {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return undefined;
  }
  const x = (doc as { xml?: Record<string, unknown> }).xml;
  if (!x || typeof x["FromUserName"] !== "string" || typeof x["MsgType"] !== "string") return undefined;
  const str = (k: string): string | undefined => (typeof x[k] === "string" && x[k] !== "" ? (x[k] as string) : undefined);
  return {
    toUser: str("ToUserName") ?? "",
    fromUser: x["FromUserName"],
    createTime: Number(str("CreateTime") ?? 0),
    msgType: x["MsgType"],
    ...(str("Content") ? { content: str("Content")! } : {}),
    ...(str("MsgId") ? { msgId: str("MsgId")! } : {}),
    ...(str("Event") ? { event: str("Event")! } : {}),
  };
}

const builder = new XMLBuilder({ cdataPropName: "__cdata" });

/** A passive text reply to the sender (the account answers within WeChat's 5 seconds). */
export function wechatTextReply(to: WechatMessage, content: string, now: number): string {
  return builder.build({
    xml: {
      ToUserName: { __cdata: to.fromUser },
      FromUserName: { __cdata: to.toUser },
      CreateTime: Math.floor(now / 1000),
      MsgType: { __cdata: "text" },
      Content: { __cdata: content },
    },
  }) as string;
}
