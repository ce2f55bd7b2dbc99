import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { type HotSpot } from "../../text/hotspots.ts";
import { type AppContext } from "../context.ts";
import { hotSpots } from "./hotspots.ts";
import { policyOfJurisdiction } from "../org/jurisdictions.ts";
import { summary, type Bucket } from "./summary.ts";
import { dispatchQualityOver } from "./dispatch-quality.ts";
import { addDispatchSheet } from "./dispatch-quality-sheet.ts";
import { type DispatchFigures } from "../../domain/dispatch/dispatch-quality.ts";

/** A bucket with the same bucket of the period before. */
export interface Compared extends Bucket {
  readonly previous: number;
}

/** The public-opinion analysis for leaders (GX-17, GZ-5): volume and its trend, what and where, hot spots. */
export interface AnalysisReport {
  readonly jurisdictionId: string;
  readonly from: number;
  readonly to: number;
  readonly total: number;
  readonly previousTotal: number;
  readonly byDay: readonly Bucket[];
  readonly byChannel: readonly Bucket[];
  readonly byType: readonly Bucket[];
  readonly topCategories: readonly Compared[];
  readonly byDistrict: readonly Compared[];
  readonly onTimeRate: number | null;
  readonly satisfactionRate: number | null;
  readonly hotspots: readonly HotSpot[];
  readonly hotspotDays: number;
  /** The platform's zone offset, for showing its days. */
  readonly utcOffsetMinutes: number;
  /** Dispatch quality of the tickets first dispatched in the period, overall and the units with the most bounces (派单质量). */
  readonly dispatch: { readonly overall: DispatchFigures; readonly worstUnits: readonly { unit: string; figures: DispatchFigures }[] };
}

async function byDistrict(ctx: AppContext, jurisdictionId: string, from: number, to: number): Promise<Bucket[]> {
  const r = (await ctx.db.execute(
    sql`select coalesce(district, '未注明') as key, count(*)::int as n from ticket where jurisdiction_id = ${jurisdictionId} and ${ctx.ticketIds.receivedIn(undefined, from, to)} group by 1 order by 2 desc`,
  )) as unknown as { rows: Bucket[] };
  return r.rows;
}

function compare(now: readonly Bucket[], before: readonly Bucket[]): Compared[] {
  const prev = new Map(before.map((b) => [b.key, b.n]));
  return now.map((b) => ({ ...b, previous: prev.get(b.key) ?? 0 }));
}

/** The report for `[from, to)`, compared with the period of the same length before; hot spots of its last 30 days at most. */
export async function analysisReport(ctx: AppContext, jurisdictionId: string, from: number, to: number): Promise<AnalysisReport> {
  const span = to - from;
  const [now, before, districts, previousDistricts] = await Promise.all([
    summary(ctx, jurisdictionId, from, to),
    summary(ctx, jurisdictionId, from - span, from),
    byDistrict(ctx, jurisdictionId, from, to),
    byDistrict(ctx, jurisdictionId, from - span, from),
  ]);
  const hotspotDays = Math.max(1, Math.min(30, Math.round(span / 86_400_000)));
  const hot = await hotSpots(ctx, jurisdictionId, hotspotDays, to);
  const policy = await policyOfJurisdiction(ctx, jurisdictionId);
  const dq = await dispatchQualityOver(ctx, jurisdictionId, { from, to, label: "" }, "unit");
  const worstUnits = (dq.groups ?? [])
    .filter((g) => g.figures.meanBounces.numerator > 0)
    .slice(0, 10)
    .map((g) => ({ unit: g.label ?? g.key, figures: g.figures }));
  return {
    dispatch: { overall: dq.overall, worstUnits },
    utcOffsetMinutes: policy.ok ? policy.value.utcOffsetMinutes : 0,
    jurisdictionId,
    from,
    to,
    total: now.total,
    previousTotal: before.total,
    byDay: now.byDay,
    byChannel: now.byChannel,
    byType: now.byType,
    topCategories: compare(now.topCategories, before.topCategories),
    byDistrict: compare(districts, previousDistricts),
    onTimeRate: now.onTime.withFeedback ? now.onTime.onTime / now.onTime.withFeedback : null,
    // By the policy's formula, as the dashboard and the assessment count it.
    satisfactionRate: now.rates.satisfaction?.rate ?? null,
    hotspots: hot.hotspots,
    hotspotDays,
  };
}

const pct = (x: number | null): string => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
const change = (n: number, p: number): string => (p === 0 ? (n === 0 ? "持平" : "新增") : `${n >= p ? "+" : ""}${(((n - p) / p) * 100).toFixed(1)}%`);

/** The report as .xlsx: overview, daily volume, categories, districts, hot spots. */
export async function analysisReportXlsx(
  r: AnalysisReport,
  labels: { channel: Record<string, string>; type: Record<string, string>; day: (ms: number) => string },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const o = wb.addWorksheet("概况");
  o.addRows([
    ["诉求分析报告", `${labels.day(r.from)} 至 ${labels.day(r.to - 1)}`],
    ["受理总量", r.total],
    ["上期总量", r.previousTotal],
    ["环比", change(r.total, r.previousTotal)],
    ["按时反馈率", pct(r.onTimeRate)],
    ["满意率", pct(r.satisfactionRate)],
    [],
    ["渠道", "件数"],
    ...r.byChannel.map((b) => [labels.channel[b.key] ?? b.key, b.n]),
    [],
    ["诉求类型", "件数"],
    ...r.byType.map((b) => [labels.type[b.key] ?? b.key, b.n]),
  ]);
  o.getColumn(1).width = 22;
  o.getColumn(2).width = 28;
  const d = wb.addWorksheet("每日受理");
  d.addRows([["日期", "件数"], ...r.byDay.map((b) => [b.key, b.n])]);
  const c = wb.addWorksheet("热点分类");
  c.addRows([["分类", "件数", "上期", "环比"], ...r.topCategories.map((b) => [b.key, b.n, b.previous, change(b.n, b.previous)])]);
  c.getColumn(1).width = 24;
  const g = wb.addWorksheet("区域分布");
  g.addRows([["区/县", "件数", "上期", "环比"], ...r.byDistrict.map((b) => [b.key, b.n, b.previous, change(b.n, b.previous)])]);
  const h = wb.addWorksheet("热点诉求");
  const TREND: Record<string, string> = { rising: "上升", new: "新出现", steady: "持平", falling: "下降" };
  h.addRows([
    [`近 ${r.hotspotDays} 天热点（与前 ${r.hotspotDays} 天比较）`],
    ["地点", "关键词", "件数", "前期", "趋势", "示例工单"],
    ...r.hotspots.map((s) => [s.place, s.topWords.join("、"), s.count, s.previousCount, TREND[s.trend] ?? s.trend, s.examples.map((e) => e.number).join("、")]),
  ]);
  h.getColumn(2).width = 30;
  h.getColumn(6).width = 60;
  addDispatchSheet(wb, "派单质量（按首次派单时间；退回以热线审核结论为准）", [
    { name: "全平台", figures: r.dispatch.overall },
    ...r.dispatch.worstUnits.map((u) => ({ name: u.unit, figures: u.figures })),
  ]);
  for (const ws of [o, d, c, g, h]) ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
