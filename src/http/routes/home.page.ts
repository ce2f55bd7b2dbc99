import { type FastifyInstance } from "fastify";
import { type AppContext } from "../../app/context.ts";

/** A plain status page at `/` when the console has not been built (`npm run build:web`). */
export function homePage(app: FastifyInstance, ctx: AppContext) {
  app.get("/", async (_req, reply) => {
    const policies = ctx.policies
      .all()
      .map((p) => `<li>${p.name}（${p.id}）</li>`)
      .join("");
    return reply.type("text/html; charset=utf-8").send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>12345 热线工单系统</title></head>
<body style="font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2rem;color:#303133">
<h1 style="font-size:20px">12345 政务服务便民热线工单系统</h1>
<p>服务已启动（数据库：${ctx.handle.kind}）。</p>
<ul><li><a href="/health/ready">运行状态</a></li><li><a href="/api/v1/calendar/years">工作日历</a></li><li><a href="/api/v1/policies">管理办法（政策）</a></li><li><a href="/api/v1/jurisdictions">平台与单位</a></li></ul>
<h2 style="font-size:16px">已加载的管理办法</h2><ul>${policies}</ul></body></html>`);
  });
}
