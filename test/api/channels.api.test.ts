import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { issueApiToken } from "../../src/app/auth/api-tokens.ts";
import { loadTicket } from "../../src/store/repositories/ticket.repository.ts";
import { serverForTests } from "../support/http.ts";
import { actors, must, TestClock, unitId } from "../support/tickets.ts";

const TOKEN = "hotline12345";
const clock = new TestClock(Date.parse("2026-11-24T09:00:00+08:00"));
const env = serverForTests({ now: clock.now, wechatToken: TOKEN });

function signed(token = TOKEN): string {
  const timestamp = "1764000000";
  const nonce = "n0nce";
  const signature = createHash("sha1").update([token, timestamp, nonce].sort().join("")).digest("hex");
  return `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
}
const push = (xml: string, token = TOKEN) =>
  fetch(`${env.url}/channels/wechat/guangzhou?${signed(token)}&openid=oABC`, { method: "POST", headers: { "content-type": "text/xml" }, body: xml });
const text = (content: string, msgId: string) =>
  `<xml><ToUserName><![CDATA[gh_12345]]></ToUserName><FromUserName><![CDATA[oABC]]></FromUserName><CreateTime>1764000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;

describe("online channels (GZ-2, GX-2)", () => {
  it("GZ-2 the WeChat server check answers the echo only with a valid signature", async () => {
    expect(await (await fetch(`${env.url}/channels/wechat/guangzhou?${signed()}&echostr=hello123`)).text()).toBe("hello123");
    expect((await fetch(`${env.url}/channels/wechat/guangzhou?${signed("wrong-token")}&echostr=hello123`)).status).toBe(403);
  });

  it("GZ-2 GX-2 a WeChat text becomes a wechat ticket and the sender is answered with its number; WeChat's retry makes nothing new", async () => {
    const first = await push(text("天河路公交站台顶棚破损漏雨，请维修。", "900001"));
    expect(first.status).toBe(200);
    const reply = await first.text();
    const number = /工单编号(GZ\d{14})/.exec(reply)?.[1];
    expect(number).toBeDefined();
    expect(reply).toContain("<ToUserName><![CDATA[oABC]]></ToUserName>");
    expect(reply).toContain("<FromUserName><![CDATA[gh_12345]]></FromUserName>");
    const again = await (await push(text("天河路公交站台顶棚破损漏雨，请维修。", "900001"))).text();
    expect(/工单编号(GZ\d{14})/.exec(again)?.[1]).toBe(number);
    const rows = (await env.app.ctx.db.execute(sql`select channel, count(*)::int as n from ticket where number = ${number} group by channel`)) as unknown as {
      rows: { channel: string; n: number }[];
    };
    expect(rows.rows).toEqual([{ channel: "wechat", n: 1 }]);
    expect((await push(text("x", "900002"), "wrong-token")).status).toBe(403);
  });

  it("GZ-2 a subscription is welcomed and a picture is asked to be described in words, without a ticket", async () => {
    const sub = await (
      await push(
        `<xml><ToUserName><![CDATA[gh_12345]]></ToUserName><FromUserName><![CDATA[oABC]]></FromUserName><CreateTime>1764000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`,
      )
    ).text();
    expect(sub).toContain("欢迎关注12345");
    const img = await (
      await push(
        `<xml><ToUserName><![CDATA[gh_12345]]></ToUserName><FromUserName><![CDATA[oABC]]></FromUserName><CreateTime>1764000000</CreateTime><MsgType><![CDATA[image]]></MsgType><MsgId>900003</MsgId></xml>`,
      )
    ).text();
    expect(img).toContain("仅受理文字诉求");
  });

  it("GX-26.2 a chairman's-mailbox message taken by an integration keeps its channel and gets the mailbox's 3-working-day limit at dispatch", async () => {
    const key = (await issueApiToken(env.app.ctx, "mailbox", ["integration"])).token;
    const res = await fetch(`${env.url}/api/v1/jurisdictions/guangxi/contacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": "mailbox:2026-0001" },
      body: JSON.stringify({ channel: "mailbox", requester: { name: "黄某", phone: "13977100000" }, type: "complaint", content: "反映某县道路长期失修。" }),
    });
    expect(res.status).toBe(201);
    const { ticket } = (await res.json()) as { ticket: { id: string; channel: string } };
    expect(ticket.channel).toBe("mailbox");
    const unit = await unitId(env.app.ctx, "GX-D-ZJ");
    const t = await loadTicket(env.app.ctx.db, ticket.id);
    const dispatched = await must(env.app.ctx, actors.dispatcher, t!, { kind: "dispatch", leadUnitId: unit });
    // Tuesday 24 Nov: counted from the next day, Wed 25, Thu 26, Fri 27.
    expect(dispatched.clock).toMatchObject({ due: Date.parse("2026-11-27T23:59:59.999+08:00"), rule: "GX-26.2" });
  });
});
