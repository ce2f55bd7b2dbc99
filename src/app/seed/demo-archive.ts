import { sql } from "drizzle-orm";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { fileArchiveRecord } from "../archive/archive-records.ts";
import { type AppContext } from "../context.ts";

const SUPERVISOR: TicketActor = { id: "demo-supervisor", name: "演示督办员", role: "supervisor" };

/** A leader's instruction on one of the demo's open complaints and a joint meeting's minutes (GX-28), so the archive page is not empty. */
export async function seedDemoArchive(ctx: AppContext, jurisdictionId: string): Promise<void> {
  const open = (await ctx.db.execute(
    sql`select number from ticket where jurisdiction_id = ${jurisdictionId} and type = 'complaint' and status = 'handling' order by received_at limit 2`,
  )) as unknown as { rows: { number: string }[] };
  const now = ctx.now();
  await fileArchiveRecord(
    ctx,
    SUPERVISOR,
    jurisdictionId,
    {
      kind: "leaderInstruction",
      title: "关于群众反映问题加快办理的批示（演示）",
      source: "分管副市长（演示）",
      issuedAt: now - 3 * 86_400_000,
      body: "请相关承办单位高度重视，限期办结并向诉求人反馈，热线工作机构跟踪督办。",
    },
    open.rows.map((r) => r.number),
  );
  await fileArchiveRecord(
    ctx,
    SUPERVISOR,
    jurisdictionId,
    {
      kind: "meetingMaterial",
      title: "热线联席会议纪要（演示）",
      source: "热线联席会议（演示）",
      issuedAt: now - 7 * 86_400_000,
      body: "会议研究了职责交叉事项的主办单位确定原则，议定：……",
    },
    [],
  );
}
