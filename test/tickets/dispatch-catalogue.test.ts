import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/database.ts";
import { actors, complaint, must, newTicket, refused, TestClock, unitId } from "../support/tickets.ts";
import { exportCatalogueXlsx, importCatalogueXlsx } from "../../src/app/dispatch/catalogue-xlsx.ts";
import ExcelJS from "exceljs";
import {
  catalogueDryRun,
  catalogueRoutedLastMonth,
  decideCatalogueDispute,
  dispatchProposalFor,
  fileCatalogueDispute,
  principleFromDifficultCase,
  retireCatalogueEntry,
  saveCatalogueEntry,
} from "../../src/app/dispatch/catalogue.ts";
import { catalogueAt, entryHistory } from "../../src/store/repositories/catalogue.repository.ts";
import { loadTicketEvents } from "../../src/store/repositories/ticket.repository.ts";

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
let t: TestApp;
let TH: string;
let TH_CG: string;
let CG: string;
let HZ: string;
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  [TH, TH_CG, CG, HZ] = (await Promise.all(["GZ-TH", "GZ-TH-CG", "GZ-D-CG", "GZ-HZ"].map((c) => unitId(t.ctx, c)))) as [string, string, string, string];
});
afterAll(async () => t?.close());

async function save(input: Parameters<typeof saveCatalogueEntry>[3]) {
  const r = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", input);
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
}

describe("dispatch catalogue (派单目录)", () => {
  it("GZ-6 the most specific entry proposes the unit: sub-district over district over the whole city", async () => {
    await save({
      category: "占道经营",
      leadUnitId: CG,
      legalBasis: "《广州市市容环境卫生管理规定》",
      source: { kind: "power_list", document: "市住建局权责清单", clause: "第12项" },
      reason: "初始目录",
    });
    await save({
      category: "占道经营",
      district: "天河区",
      leadUnitId: TH,
      assistingUnitIds: [CG],
      legalBasis: "属地管理",
      source: { kind: "power_list", document: "市住建局权责清单", clause: "第12项" },
      reason: "初始目录",
    });
    await save({
      category: "占道经营",
      district: "天河区",
      subDistrict: "五山街道",
      leadUnitId: TH_CG,
      legalBasis: "区城管执法局职责",
      source: { kind: "town_duty_list", document: "五山街道履职事项清单", clause: "第8项" },
      reason: "初始目录",
    });
    const at = (district?: string, subDistrict?: string) =>
      newTicket(
        t.ctx,
        "guangzhou",
        complaint(clock.value, { category: "占道经营", location: { ...(district ? { district } : {}), ...(subDistrict ? { subDistrict } : {}) } }),
      );
    expect(await dispatchProposalFor(t.ctx, t.ctx.db, await at("天河区", "五山街道"))).toMatchObject({ leadUnitId: TH_CG, matchedOn: "sub_district" });
    expect(await dispatchProposalFor(t.ctx, t.ctx.db, await at("天河区", "石牌街道"))).toMatchObject({
      leadUnitId: TH,
      assistingUnitIds: [CG],
      matchedOn: "district",
    });
    expect(await dispatchProposalFor(t.ctx, t.ctx.db, await at("海珠区"))).toMatchObject({ leadUnitId: CG, matchedOn: "jurisdiction" });
  });

  it("GZ-13.2 dispatch to another unit than the catalogue's needs a reason, which is recorded with the entry", async () => {
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "占道经营", location: { district: "海珠区" } }));
    expect(await refused(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: HZ })).toMatchObject({ field: "overrideReason" });
    tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: HZ, overrideReason: "涉及区属市场，由区政府统筹" });
    const ev = (await loadTicketEvents(t.ctx.db, tk.id)).at(-1);
    expect(ev?.data).toMatchObject({ type: "Dispatched", catalogueOverrideReason: "涉及区属市场，由区政府统筹", catalogueEntryId: expect.any(String) });
  });

  it("a change is a new version: the catalogue as of an earlier day still shows the old unit", async () => {
    const v1 = await save({
      category: "路灯故障",
      leadUnitId: CG,
      legalBasis: "职责清单",
      source: { kind: "power_list", document: "市住建局权责清单", clause: "第12项" },
      reason: "初始",
    });
    const before = clock.value;
    clock.set("2026-11-05T09:00:00+08:00");
    const v2 = await save({
      entryKey: v1.entryKey,
      category: "路灯故障",
      leadUnitId: TH,
      legalBasis: "职责调整文件",
      source: { kind: "power_list", document: "市住建局权责清单", clause: "第12项" },
      reason: "职责划转",
    });
    expect(v2.version).toBe(2);
    expect((await catalogueAt(t.ctx.db, "guangzhou", before)).find((e) => e.category === "路灯故障")?.leadUnitId).toBe(CG);
    expect((await catalogueAt(t.ctx.db, "guangzhou", clock.value)).find((e) => e.category === "路灯故障")?.leadUnitId).toBe(TH);
    expect((await entryHistory(t.ctx.db, v1.entryKey)).map((e) => [e.version, e.validTo === null])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it("GZ-16 GX-19 a principle decided for a class of difficult cases is recorded and applied to later dispatch of that class", async () => {
    await save({
      category: "小区违建",
      district: "天河区",
      leadUnitId: TH,
      legalBasis: "会商纪要",
      source: { kind: "difficult_case_principle", document: "疑难件会商纪要", number: "穗政数〔2026〕15号" },
      principle: { decision: "小区内违建由属地区政府牵头", decidedOn: "2026-10-15", approvingBody: "市政务服务和数据管理局" },
      reason: "疑难件会商",
    });
    // A principle rests on the decision that made it: another kind of source, or the kind without a principle, is refused.
    const wrongKind = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
      category: "楼道堆物",
      leadUnitId: TH,
      legalBasis: "会商纪要",
      source: { kind: "power_list", document: "x" },
      principle: { decision: "由属地牵头", decidedOn: "2026-10-15", approvingBody: "市政务服务和数据管理局" },
      reason: "疑难件会商",
    });
    expect(!wrongKind.ok && [wrongKind.error.field, wrongKind.error.rule]).toEqual(["source.kind", "GZ-16"]);
    const noPrinciple = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
      category: "楼道堆物",
      leadUnitId: TH,
      legalBasis: "会商纪要",
      source: { kind: "difficult_case_principle", document: "会商纪要" },
      reason: "疑难件会商",
    });
    expect(!noPrinciple.ok && noPrinciple.error.field).toBe("principle");
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "小区违建", location: { district: "天河区" } }));
    expect(await dispatchProposalFor(t.ctx, t.ctx.db, tk)).toMatchObject({ leadUnitId: TH, principle: { approvingBody: "市政务服务和数据管理局" } });
  });

  it("a unit named in an entry disputes it (派单异议); the hotline decides; others may not dispute", async () => {
    const e = await save({
      category: "共享单车乱停放",
      leadUnitId: HZ,
      legalBasis: "职责清单",
      source: { kind: "power_list", document: "市住建局权责清单", clause: "第12项" },
      reason: "初始",
    });
    const other = await fileCatalogueDispute(t.ctx, actors.unit(TH), e.id, "不相关", "无");
    expect(!other.ok && other.error.code).toBe("FORBIDDEN");
    const d = await fileCatalogueDispute(t.ctx, actors.unit(HZ), e.id, "属交通部门监管职责", "《互联网租赁自行车管理办法》");
    if (!d.ok) throw new Error(d.error.en);
    const decided = await decideCatalogueDispute(t.ctx, actors.dispatcher, d.value.id, true, "同意调整为交通运输局主办");
    expect(decided.ok && decided.value).toMatchObject({ status: "accepted", decidedBy: "disp-1" });
    const again = await decideCatalogueDispute(t.ctx, actors.dispatcher, d.value.id, false, "x");
    expect(!again.ok && again.error.code).toBe("DISPUTE_DECIDED");
  });

  it("66号 each entry names the document its duty rests on; without one, with an unknown kind or no title it is refused naming the field, and nothing is written", async () => {
    const count = async () => (await catalogueAt(t.ctx.db, "guangzhou", clock.value)).length;
    const before = await count();
    const base = { category: "噪声扰民", leadUnitId: TH, legalBasis: "《噪声污染防治法》", reason: "新增" };
    for (const [source, field] of [
      [undefined, "source.kind"],
      [{ kind: "rumour", document: "听说" }, "source.kind"],
      [{ kind: "power_list", document: " " }, "source.document"],
    ] as const) {
      const r = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", { ...base, source: source as never });
      expect(!r.ok && [r.error.code, r.error.field]).toEqual(["INVALID_ARGUMENT", field]);
    }
    expect(await count()).toBe(before);
    const e = await save({ ...base, source: { kind: "power_list", document: "天河区人民政府权责清单", number: "穗天府〔2025〕3号", clause: "第41项" } });
    expect((await entryHistory(t.ctx.db, e.entryKey)).map((v) => v.source)).toEqual([
      { kind: "power_list", document: "天河区人民政府权责清单", number: "穗天府〔2025〕3号", clause: "第41项" },
    ]);
  });

  it("66号 a department's matter is not pushed down to a sub-district: refused unless the source is that town's own duty list", async () => {
    const base = { category: "建筑垃圾", district: "天河区", subDistrict: "五山街道", leadUnitId: TH_CG, legalBasis: "城管执法", reason: "新增" };
    const pushed = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", { ...base, source: { kind: "power_list", document: "市城管局权责清单" } });
    expect(!pushed.ok && [pushed.error.code, pushed.error.field, pushed.error.rule]).toEqual(["CATALOGUE_PUSH_DOWN", "source.kind", "国办函〔2025〕66号"]);
    const own = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
      ...base,
      source: { kind: "town_duty_list", document: "五山街道履职事项清单", clause: "第15项" },
    });
    expect(own.ok).toBe(true);
    // A district government (not grassroots) may take a matter on a department's list.
    const district = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
      ...base,
      subDistrict: undefined as never,
      leadUnitId: TH,
      source: { kind: "power_list", document: "市城管局权责清单" },
    });
    expect(district.ok).toBe(true);
  });

  it("66号 a dry run tells, before a change takes effect, which past tickets it would send to another unit than the one that handled them", async () => {
    await save({
      category: "油烟扰民",
      leadUnitId: CG,
      legalBasis: "大气污染防治",
      source: { kind: "power_list", document: "市城管局权责清单" },
      reason: "初始",
    });
    const concluded = async (district: string, unit: string) => {
      let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "油烟扰民", location: { district } }));
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: unit, ...(unit === CG ? {} : { overrideReason: "属地" }) });
      tk = await must(t.ctx, actors.unit(unit), tk, { kind: "sign" });
      tk = await must(t.ctx, actors.unit(unit), tk, {
        kind: "submitFeedback",
        handledAt: clock.value,
        process: "现场核查",
        result: "已整改",
        requesterInformedBy: "phone",
      });
      tk = await must(t.ctx, actors.reviewer, tk, { kind: "reviewFeedback", approved: true, reason: "完整" });
      tk = await must(t.ctx, actors.reviewer, tk, { kind: "rate", rating: "satisfied" });
      return must(t.ctx, actors.reviewer, tk, { kind: "conclude" });
    };
    const a = await concluded("天河区", CG); // the catalogue's unit; the change would send it to 天河区
    await concluded("海珠区", CG); // not touched: 海珠区 stays with the city entry
    await concluded("天河区", TH); // already handled by 天河区: the change agrees with what was done
    const before = (await catalogueAt(t.ctx.db, "guangzhou", clock.value)).length;
    // By hand: 3 past tickets of 油烟扰民; the change moves the two in 天河区 from 城管局 to 天河区;
    // one of them was handled by 城管局 (listed), the other by 天河区 already (not listed).
    const run = await catalogueDryRun(t.ctx, actors.dispatcher, "guangzhou", {
      category: "油烟扰民",
      district: "天河区",
      leadUnitId: TH,
      legalBasis: "属地管理",
    });
    expect(run.ok && run.value).toEqual({ months: 12, considered: 3, movedTotal: 1, moved: [{ ticketId: a.id, number: a.number, wentTo: CG, wouldGoTo: TH }] });
    expect((await catalogueAt(t.ctx.db, "guangzhou", clock.value)).length).toBe(before);
    const unit = await catalogueDryRun(t.ctx, actors.unit(TH), "guangzhou", { category: "油烟扰民", leadUnitId: TH, legalBasis: "x" });
    expect(!unit.ok && unit.error.code).toBe("FORBIDDEN");
  });

  it("one entry per category and area at a time: a second one is refused (409) pointing at the entry to revise", async () => {
    const first = await save({
      category: "犬只扰民",
      district: "海珠区",
      leadUnitId: HZ,
      legalBasis: "养犬管理",
      source: { kind: "power_list", document: "海珠区权责清单" },
      reason: "新增",
    });
    const again = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
      category: "犬只扰民",
      district: "海珠区",
      leadUnitId: TH,
      legalBasis: "x",
      source: { kind: "power_list", document: "y" },
      reason: "重复",
    });
    expect(!again.ok && [again.error.code, again.error.field, again.error.details?.[0]?.zh]).toEqual(["CATALOGUE_CONFLICT", "category", first.entryKey]);
    // A new version of the entry itself, or another area, is fine.
    expect(
      (
        await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
          entryKey: first.entryKey,
          category: "犬只扰民",
          district: "海珠区",
          leadUnitId: HZ,
          legalBasis: "养犬管理条例",
          source: { kind: "power_list", document: "海珠区权责清单" },
          reason: "修订",
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", {
          category: "犬只扰民",
          district: "天河区",
          leadUnitId: TH,
          legalBasis: "养犬管理",
          source: { kind: "power_list", document: "天河区权责清单" },
          reason: "新增",
        })
      ).ok,
    ).toBe(true);
  });

  it("66号 the catalogue in force exports as .xlsx in a staffing office's columns, with each entry's source", async () => {
    const r = await exportCatalogueXlsx(t.ctx, actors.dispatcher, "guangzhou");
    if (!r.ok) throw new Error(r.error.en);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.value as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("派单目录")!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      "诉求类别",
      "区（县）",
      "街道（镇）",
      "主办单位",
      "协办单位",
      "职责依据",
      "来源类型",
      "来源文件",
      "文号",
      "条款",
      "生效时间",
      "版本",
    ]);
    const rows = (ws.getSheetValues() as unknown[][]).slice(2).map((v) => v.slice(1, 11));
    expect(rows).toContainEqual([
      "噪声扰民",
      "",
      "",
      "天河区人民政府",
      "",
      "《噪声污染防治法》",
      "权责清单",
      "天河区人民政府权责清单",
      "穗天府〔2025〕3号",
      "第41项",
    ]);
    expect(!(await exportCatalogueXlsx(t.ctx, actors.unit(TH), "guangzhou")).ok).toBe(true);
  });

  it("66号 an import in the export's columns adds and revises entries all or nothing; a bad row is named and nothing changes", async () => {
    const exported = await exportCatalogueXlsx(t.ctx, actors.dispatcher, "guangzhou");
    if (!exported.ok) throw new Error(exported.error.en);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.value as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("派单目录")!;
    // Revise 噪声扰民 (the whole city) to cite a clause, and add 高空抛物 for 海珠区.
    ws.eachRow((row) => {
      if (row.getCell(1).value === "噪声扰民" && !row.getCell(2).value) row.getCell(10).value = "第42项";
    });
    ws.addRow(["高空抛物", "海珠区", "", "海珠区人民政府", "", "《民法典》第1254条", "权责清单", "海珠区人民政府权责清单", "", "第7项"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const before = (await catalogueAt(t.ctx.db, "guangzhou", clock.value)).length;
    const r = await importCatalogueXlsx(t.ctx, actors.dispatcher, "guangzhou", bytes, "年度更新");
    // Every row of the export is imported again: each in force is revised, one is new.
    expect(r.ok && r.value).toEqual({ created: 1, revised: before });
    const after = await catalogueAt(t.ctx.db, "guangzhou", clock.value);
    expect(after.length).toBe(before + 1);
    expect(after.find((e) => e.category === "噪声扰民" && !e.district)?.source?.clause).toBe("第42项");
    expect(after.find((e) => e.category === "高空抛物")).toMatchObject({ district: "海珠区", leadUnitId: HZ });

    // A bad row: nothing of the file is written.
    ws.addRow(["违规停车", "", "", "没有这个单位", "", "x", "权责清单", "y"]);
    const bad = await importCatalogueXlsx(t.ctx, actors.dispatcher, "guangzhou", new Uint8Array(await wb.xlsx.writeBuffer()), "再导入");
    expect(!bad.ok && [bad.error.code, bad.error.field]).toEqual(["INVALID_ARGUMENT", `row ${ws.rowCount}.主办单位`]);
    expect((await catalogueAt(t.ctx.db, "guangzhou", clock.value)).map((e) => e.id).sort()).toEqual(after.map((e) => e.id).sort());
  });

  it("66号 an imported file's dry run tells which past tickets it would send elsewhere, and changes nothing", async () => {
    const exported = await exportCatalogueXlsx(t.ctx, actors.dispatcher, "guangzhou");
    if (!exported.ok) throw new Error(exported.error.en);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.value as unknown as ArrayBuffer);
    // The file adds 油烟扰民 for 天河区 to 天河区人民政府; every other row is as in force.
    wb.getWorksheet("派单目录")!.addRow(["油烟扰民", "天河区", "", "天河区人民政府", "", "属地管理", "权责清单", "天河区人民政府权责清单"]);
    const before = (await catalogueAt(t.ctx.db, "guangzhou", clock.value)).map((e) => e.id).sort();
    const r = await importCatalogueXlsx(t.ctx, actors.dispatcher, "guangzhou", new Uint8Array(await wb.xlsx.writeBuffer()), "试算", { dryRun: true });
    if (!r.ok) throw new Error(r.error.en);
    // By hand (the dry-run test above): of 油烟扰民's three past tickets, the one in 天河区 that 城管局
    // handled would now go to 天河区; the other in 天河区 was handled there already; 海珠区's stays.
    // The rows revised as they were move nothing.
    expect(r.value.dryRun?.moved.map((m) => [m.wentTo, m.wouldGoTo])).toEqual([[CG, TH]]);
    expect(r.value.dryRun?.movedTotal).toBe(1);
    expect(r.value.dryRun?.considered).toBeGreaterThanOrEqual(3);
    expect(r.value.created).toBe(1);
    expect((await catalogueAt(t.ctx.db, "guangzhou", clock.value)).map((e) => e.id).sort()).toEqual(before);
  });

  it("66号 an entry is retired with who and why: it proposes nothing after, its history says so; without a reason or by a unit it is refused", async () => {
    const e = await save({
      category: "楼道堆放杂物",
      district: "天河区",
      leadUnitId: TH,
      legalBasis: "属地管理",
      source: { kind: "power_list", document: "天河区人民政府权责清单", clause: "第3项" },
      reason: "新增",
    });
    // A dispatch that follows the entry counts for it in the month it was made.
    const tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "楼道堆放杂物", location: { district: "天河区" } }));
    await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: TH });
    clock.set("2026-12-03T09:00:00+08:00");
    const routed = await catalogueRoutedLastMonth(t.ctx, "guangzhou");
    expect(routed.ok && [routed.value.month, routed.value.counts[e.entryKey]]).toEqual(["2026-11", 1]);

    expect(await retireCatalogueEntry(t.ctx, actors.dispatcher, e.entryKey, " ")).toMatchObject({ ok: false, error: { field: "reason" } });
    expect(await retireCatalogueEntry(t.ctx, actors.unit(TH), e.entryKey, "撤销")).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const r = await retireCatalogueEntry(t.ctx, actors.dispatcher, e.entryKey, "职责划转至市城管局");
    expect(r.ok).toBe(true);
    const next = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "楼道堆放杂物", location: { district: "天河区" } }));
    expect(await dispatchProposalFor(t.ctx, t.ctx.db, next)).toBeUndefined();
    expect((await entryHistory(t.ctx.db, e.entryKey)).map((v) => [v.version, v.validTo?.getTime(), v.retired])).toEqual([
      [1, clock.value, { by: actors.dispatcher.id, reason: "职责划转至市城管局" }],
    ]);
    // Retired, it cannot be retired again, and the category and area are free for a new entry.
    expect(await retireCatalogueEntry(t.ctx, actors.dispatcher, e.entryKey, "再次")).toMatchObject({ ok: false, error: { code: "CATALOGUE_ENTRY_NOT_FOUND" } });
    await save({
      category: "楼道堆放杂物",
      district: "天河区",
      leadUnitId: CG,
      legalBasis: "市城管局职责",
      source: { kind: "power_list", document: "市城管局权责清单" },
      reason: "职责划转",
    });
    clock.set("2026-11-02T09:00:00+08:00");
  });

  it("66号 an entry's effective dates are set by the admin: in force only between them; overlapping dates for the same category and area are refused", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const base = {
      category: "违章搭建",
      district: "白云区",
      leadUnitId: CG,
      legalBasis: "《城乡规划法》第六十四条",
      source: { kind: "power_list" as const, document: "市城管局权责清单" },
      reason: "年度更新",
    };
    const a = await save({ ...base, effectiveFrom: "2026-11-10", effectiveTo: "2026-11-30" });
    expect([a.validFrom.toISOString(), a.validTo?.toISOString()]).toEqual(["2026-11-09T16:00:00.000Z", "2026-11-30T16:00:00.000Z"]);
    const ticket = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "违章搭建", location: { district: "白云区" } }));
    // Not yet in force today; in force on the 12th; ended on 1 December.
    expect(await dispatchProposalFor(t.ctx, t.ctx.db, ticket)).toBeUndefined();
    expect((await catalogueAt(t.ctx.db, "guangzhou", Date.parse("2026-11-12T09:00:00+08:00"), "违章搭建")).map((e) => e.id)).toEqual([a.id]);
    expect(await catalogueAt(t.ctx.db, "guangzhou", Date.parse("2026-12-01T00:00:00+08:00"), "违章搭建")).toEqual([]);

    const refusedWith = async (over: Partial<Parameters<typeof saveCatalogueEntry>[3]>) => {
      const r = await saveCatalogueEntry(t.ctx, actors.dispatcher, "guangzhou", { ...base, ...over });
      return r.ok ? "saved" : [r.error.code, r.error.field];
    };
    const before = await entryHistory(t.ctx.db, a.entryKey);
    expect(await refusedWith({ effectiveFrom: "2026-11-20" })).toEqual(["CATALOGUE_CONFLICT", "effectiveFrom"]);
    expect(await refusedWith({ effectiveFrom: "2026-11-05", effectiveTo: "2026-11-10" })).toEqual(["CATALOGUE_CONFLICT", "effectiveFrom"]);
    expect(await refusedWith({ effectiveFrom: "2026-11-01" })).toEqual(["INVALID_ARGUMENT", "effectiveFrom"]);
    expect(await refusedWith({ effectiveFrom: "2026-12-05", effectiveTo: "2026-12-04" })).toEqual(["INVALID_ARGUMENT", "effectiveTo"]);
    expect(await refusedWith({ effectiveFrom: "2026-02-30" })).toEqual(["INVALID_ARGUMENT", "effectiveFrom"]);
    expect((await catalogueAt(t.ctx.db, "guangzhou", Date.parse("2026-11-12T09:00:00+08:00"), "违章搭建")).length).toBe(1);
    // Right after it ends, another entry may start; and one before it, ending the day before it starts.
    expect(await refusedWith({ effectiveFrom: "2026-12-01" })).toBe("saved");
    expect(await refusedWith({ effectiveFrom: "2026-11-03", effectiveTo: "2026-11-09", leadUnitId: HZ })).toBe("saved");
    expect((await catalogueAt(t.ctx.db, "guangzhou", Date.parse("2026-11-05T09:00:00+08:00"), "违章搭建")).map((e) => e.leadUnitId)).toEqual([HZ]);
    expect(await entryHistory(t.ctx.db, a.entryKey)).toEqual(before);
  });

  it("GZ-16 GX-19 the decision of a difficult case becomes a catalogue principle of its class, and later dispatch of that class follows it", async () => {
    clock.set("2026-11-02T09:00:00+08:00");
    const BZB = await unitId(t.ctx, "GZ-BZB");
    let tk = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "小区电梯加装纠纷", location: { district: "海珠区" } }));
    // Not a difficult case yet: nothing to take a principle from.
    expect(await principleFromDifficultCase(t.ctx, actors.dispatcher, tk.id, { scope: "district", approvingBody: "市政数局", reason: "" })).toMatchObject({
      ok: false,
      error: { field: "id", rule: "GZ-16" },
    });
    for (const unit of [TH, HZ, CG]) {
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "dispatch", leadUnitId: unit, overrideReason: "试派" });
      tk = await must(t.ctx, actors.unit(unit), tk, { kind: "requestReturn", reasonCode: "not_our_duty", reason: "不属本单位", legalBasis: "职责清单" });
      tk = await must(t.ctx, actors.dispatcher, tk, { kind: "decideReturn", decision: "approve", reason: "同意" });
    }
    tk = await must(t.ctx, actors.dispatcher, tk, {
      kind: "dispatch",
      leadUnitId: HZ,
      overrideReason: "会商确定",
      consultation: { disputeKind: "unclear_duties", consultedUnitId: BZB, opinion: "加装电梯纠纷由属地区政府牵头调处" },
    });
    expect(await principleFromDifficultCase(t.ctx, actors.unit(HZ), tk.id, { scope: "district", approvingBody: "市政数局", reason: "" })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    const r = await principleFromDifficultCase(t.ctx, actors.dispatcher, tk.id, { scope: "district", approvingBody: "市政务服务和数据管理局", reason: "" });
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value).toMatchObject({
      category: "小区电梯加装纠纷",
      district: "海珠区",
      leadUnitId: HZ,
      source: { kind: "difficult_case_principle", document: `疑难件会商意见（工单 ${tk.number}）`, number: tk.number },
      principle: { decision: "加装电梯纠纷由属地区政府牵头调处", decidedOn: "2026-11-02", approvingBody: "市政务服务和数据管理局" },
      reason: `疑难件 ${tk.number} 会商确定`,
    });
    const next = await newTicket(t.ctx, "guangzhou", complaint(clock.value, { category: "小区电梯加装纠纷", location: { district: "海珠区" } }));
    expect(await dispatchProposalFor(t.ctx, t.ctx.db, next)).toMatchObject({ leadUnitId: HZ, principle: { decision: "加装电梯纠纷由属地区政府牵头调处" } });
    // Taken again, it is the same entry's next version, not a second entry of the class.
    const again = await principleFromDifficultCase(t.ctx, actors.dispatcher, tk.id, {
      scope: "district",
      approvingBody: "市政务服务和数据管理局",
      reason: "复核",
    });
    expect(again.ok && [again.value.entryKey, again.value.version]).toEqual([r.value.entryKey, 2]);
  });
});
