import ExcelJS from "exceljs";
import { describe, expect, it, beforeAll } from "vitest";
import { actAs, serverForTests } from "../support/http.ts";
import { TestClock, unitId } from "../support/tickets.ts";

const clock = new TestClock(Date.parse("2026-11-06T10:00:00+08:00")); // a Friday
const env = serverForTests({ now: clock.now });

type Hit = { id: string; question: string; questionPieces: { text: string; hit: boolean }[]; ownerUnitName: string };

const headers = (role: string, unit?: string, json = true) => actAs(env.app.seed.adminToken, role, unit, json);
async function call(method: string, path: string, role: string, body?: unknown, unit?: string) {
  const res = await fetch(`${env.url}${path}`, {
    method,
    headers: headers(role, unit, body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}
async function search(q: string, extra = "", jurisdiction = "guangzhou"): Promise<Hit[]> {
  const r = await call("GET", `/api/v1/jurisdictions/${jurisdiction}/knowledge/search?q=${encodeURIComponent(q)}${extra}`, "operator");
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.hits;
}

let rs = "";
let cg = "";
let ga = "";
const ids: Record<string, string> = {};

async function add(key: string, question: string, answer: string, owner: string, extra: Record<string, unknown> = {}) {
  const r = await call("POST", "/api/v1/jurisdictions/guangzhou/knowledge/articles", "admin", {
    question,
    answer,
    ownerUnitId: owner,
    validFrom: "2026-01-01",
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ids[key] = r.body.article.id;
  return r.body.article;
}

beforeAll(async () => {
  const ctx = env.app.ctx;
  rs = await unitId(ctx, "GZ-D-RS");
  cg = await unitId(ctx, "GZ-D-CG");
  ga = await unitId(ctx, "GZ-D-GA");
  await add("transfer", "社会保险关系转移如何办理", "携带身份证到参保地社保经办机构申请转移社会保险关系。", rs);
  await add("card", "医保卡丢失怎么补办", "可到就近的医保经办网点或通过粤省事小程序补办医保卡。", rs);
  await add("hospital", "医院挂号难如何投诉", "可向卫生健康部门反映医院挂号问题。", rs);
  await add("residence", "如何办理居住证", "持身份证、居住登记凭证到居住地派出所申领居住证。", ga);
  await add("line3", "地铁3号线首末班车时间", "3号线首班车6:00，末班车23:00。", cg);
  await add("line5", "地铁5号线首末班车时间", "5号线首班车6:00，末班车23:30。", cg);
  await add("sanyuanli", "三元里街道垃圾分类投放点在哪里", "三元里街道各社区均设有定时定点投放点。", cg);
  await add("tianhe", "天河区垃圾分类投放时间", "天河区各小区早晚各一次定时投放。", cg);
  await add("expired", "2025年供暖补贴申领", "已结束。", rs, { validTo: "2025-12-31", validFrom: "2025-01-01" });
  await add("future", "2027年新版社保卡启用", "2027年起启用。", rs, { validFrom: "2027-01-01" });
}, 60_000);

describe("knowledge search while the phone rings (GZ-13.1)", () => {
  it("GZ-13.1 a word inside a longer word is found: 保险 finds 社会保险", async () => {
    const hits = await search("保险");
    expect(hits[0]?.id).toBe(ids["transfer"]);
    expect(hits[0]?.questionPieces.filter((p) => p.hit).map((p) => p.text)).toContain("保险");
  });

  it("GZ-13.1 a two-character word ranks its article first: 医保 → the 医保卡 article, not the hospital one", async () => {
    const hits = await search("医保");
    expect(hits.map((h) => h.id)[0]).toBe(ids["card"]);
    expect(hits.map((h) => h.id)).not.toContain(ids["hospital"]);
  });

  it("GZ-13.1 a place name from the unit tree ranks the article of that place above others on the same topic", async () => {
    const hits = await search("三元里街道垃圾分类");
    expect(hits.map((h) => h.id).slice(0, 2)).toEqual([ids["sanyuanli"], ids["tianhe"]]);
  });

  it("GZ-13.1 words mixed with numbers: 3号线 ranks line 3 above line 5", async () => {
    const hits = await search("地铁3号线末班车");
    expect(hits.map((h) => h.id).slice(0, 2)).toEqual([ids["line3"], ids["line5"]]);
  });

  it("GZ-13.1 a typo still ranks the right article first (trigram similarity): 居主证 → 居住证", async () => {
    const hits = await search("如何办理居主证");
    expect(hits[0]?.id).toBe(ids["residence"]);
  });

  it("GZ-13.1 pinyin initials of the question find it: jzz → 如何办理居住证", async () => {
    const hits = await search("jzz");
    expect(hits[0]?.id).toBe(ids["residence"]);
  });

  it("text with markup is stored and answered as text", async () => {
    const a = await add("markup", "<script>alert(1)</script>噪声投诉", "<b>不是标签</b>", cg);
    const hits = await search("噪声投诉");
    expect(hits.find((h) => h.id === a.id)?.question).toBe("<script>alert(1)</script>噪声投诉");
  });
});

describe("knowledge validity and review (GZ-10, GX-29.1)", () => {
  it("GZ-10 expired and not-yet-valid articles are not offered; maintainers still find them with all=true", async () => {
    expect((await search("供暖补贴")).map((h) => h.id)).not.toContain(ids["expired"]);
    expect((await search("新版社保卡")).map((h) => h.id)).not.toContain(ids["future"]);
    expect((await search("供暖补贴", "&all=true")).map((h) => h.id)).toContain(ids["expired"]);
  });

  it("GZ-10 a unit writes only its own knowledge; its article waits for its leader's review before operators see it", async () => {
    const other = await call(
      "POST",
      "/api/v1/jurisdictions/guangzhou/knowledge/articles",
      "unit_handler",
      { question: "城管投诉电话", answer: "12345", ownerUnitId: cg, validFrom: "2026-01-01" },
      rs,
    );
    expect(other.status).toBe(403);
    expect(other.body.error.field).toBe("ownerUnitId");
    const mine = await call(
      "POST",
      "/api/v1/jurisdictions/guangzhou/knowledge/articles",
      "unit_handler",
      { question: "灵活就业人员参保登记", answer: "到社保经办机构办理灵活就业参保登记。", ownerUnitId: rs, validFrom: "2026-01-01" },
      rs,
    );
    expect(mine.status).toBe(201);
    expect(mine.body.article.reviewState).toBe("in_review");
    expect((await search("灵活就业参保")).map((h) => h.id)).not.toContain(mine.body.article.id);
    const handlerApproves = await call(
      "POST",
      `/api/v1/knowledge/articles/${mine.body.article.id}/decision`,
      "unit_handler",
      { version: 1, decision: "approve", reason: "ok" },
      rs,
    );
    expect(handlerApproves.status).toBe(403);
    const approved = await call(
      "POST",
      `/api/v1/knowledge/articles/${mine.body.article.id}/decision`,
      "unit_leader",
      { version: 1, decision: "approve", reason: "内容准确" },
      rs,
    );
    expect(approved.status).toBe(200);
    expect(approved.body.article).toMatchObject({ reviewState: "published", version: 2 });
    expect((await search("灵活就业参保")).map((h) => h.id)).toContain(mine.body.article.id);
  });

  it("GZ-10 every change is a version with who, when and why; a stale version is refused, not overwritten", async () => {
    const id = ids["line3"]!;
    const body = {
      question: "地铁3号线首末班车时间",
      answer: "3号线首班车6:00，末班车23:30（2026年11月起延长）。",
      ownerUnitId: cg,
      validFrom: "2026-01-01",
      reason: "运营时间调整",
    };
    const ok = await call("PUT", `/api/v1/knowledge/articles/${id}`, "unit_leader", { ...body, version: 1 }, cg);
    expect(ok.status).toBe(200);
    expect(ok.body.article.version).toBe(2);
    const stale = await call("PUT", `/api/v1/knowledge/articles/${id}`, "unit_leader", { ...body, version: 1, reason: "另一人同时修改" }, cg);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");
    const h = await call("GET", `/api/v1/knowledge/articles/${id}`, "operator");
    expect(h.body.versions.map((v: { version: number; reason: string }) => [v.version, v.reason])).toEqual([
      [1, "新增知识点"],
      [2, "运营时间调整"],
    ]);
    expect(h.body.versions[1].changedBy).toBeTruthy();
    expect(h.body.versions[0].snapshot.answer).toBe("3号线首班车6:00，末班车23:00。");
  });

  it("GZ-10 a superseding article, once published, takes the old one out of use; withdrawn ones are not offered", async () => {
    const r = await call("POST", "/api/v1/jurisdictions/guangzhou/knowledge/articles", "admin", {
      question: "医保卡丢失怎么补办（2026版）",
      answer: "通过粤省事即时补办电子医保凭证。",
      ownerUnitId: rs,
      validFrom: "2026-01-01",
      supersedes: ids["card"],
    });
    expect(r.status).toBe(201);
    const hits = (await search("医保卡补办")).map((h) => h.id);
    expect(hits).toContain(r.body.article.id);
    expect(hits).not.toContain(ids["card"]);
    const old = await call("GET", `/api/v1/knowledge/articles/${ids["card"]}`, "operator");
    expect(old.body.article).toMatchObject({ reviewState: "superseded", supersededBy: r.body.article.id });
    const w = await call("POST", `/api/v1/knowledge/articles/${ids["hospital"]}/decision`, "admin", { version: 1, decision: "withdraw", reason: "职责调整" });
    expect(w.status).toBe(200);
    expect((await search("医院挂号")).map((h) => h.id)).not.toContain(ids["hospital"]);
  });

  it("refuses bad input naming the field, in Chinese and English", async () => {
    const r = await call("POST", "/api/v1/jurisdictions/guangzhou/knowledge/articles", "admin", {
      question: "x",
      answer: "y",
      ownerUnitId: rs,
      validFrom: "2026-01-01",
      validTo: "2025-01-01",
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ field: "validTo" });
    expect(r.body.error.message).toContain("失效日期");
    expect(r.body.error.messageEn).toContain("validTo");
  });
});

describe("knowledge questions to units (GX-29.2)", () => {
  it("GX-29.2 a question to a Guangxi unit is due in 3 working days and shows overdue after; the unit answers with its own article", async () => {
    const nnrs = await unitId(env.app.ctx, "NN-D-RS");
    const asked = await call("POST", "/api/v1/jurisdictions/nanning/knowledge/questions", "operator", { unitId: nnrs, question: "失业金领取条件是否有变化？" });
    expect(asked.status).toBe(201);
    // Asked Friday 6 Nov: counted from the next day, working days Mon 9, Tue 10, Wed 11.
    expect(asked.body).toMatchObject({ dueAt: Date.parse("2026-11-11T23:59:59.999+08:00"), rule: "GX-29.2" });
    clock.set("2026-11-12T09:00:00+08:00");
    const open = await call("GET", "/api/v1/jurisdictions/nanning/knowledge/questions?open=true", "unit_handler", undefined, nnrs);
    expect(open.body.questions.map((q: { id: string; standing: string }) => [q.id, q.standing])).toEqual([[asked.body.id, "overdue"]]);
    const art = await call(
      "POST",
      "/api/v1/jurisdictions/nanning/knowledge/articles",
      "unit_leader",
      { question: "失业金领取条件", answer: "按最新规定执行。", ownerUnitId: nnrs, validFrom: "2026-11-01" },
      nnrs,
    );
    expect(art.status).toBe(201);
    const other = await call("POST", `/api/v1/knowledge/questions/${asked.body.id}/answer`, "unit_handler", { articleId: ids["transfer"] }, nnrs);
    expect(other.status).toBe(400);
    expect(other.body.error.field).toBe("articleId");
    const done = await call("POST", `/api/v1/knowledge/questions/${asked.body.id}/answer`, "unit_handler", { articleId: art.body.article.id }, nnrs);
    expect(done.status).toBe(200);
    expect(done.body.question.standing).toBe("answered_late");
    clock.set("2026-11-06T10:00:00+08:00");
  });

  it("GX-29.2 where the policy sets no limit (Guangzhou) the question is tracked without an invented due time", async () => {
    const asked = await call("POST", "/api/v1/jurisdictions/guangzhou/knowledge/questions", "operator", { unitId: rs, question: "社保断缴影响" });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ dueAt: null, rule: null });
    const otherUnit = await call("GET", "/api/v1/jurisdictions/guangzhou/knowledge/questions", "unit_handler", undefined, cg);
    expect(otherUnit.body.questions.map((q: { id: string }) => q.id)).not.toContain(asked.body.id);
  });
});

describe("knowledge .xlsx exchange", () => {
  it("GX-29.1 exports the base as .xlsx and imports it back: an edited row becomes a new version; a bad row refuses the whole file", async () => {
    const res = await fetch(`${env.url}/api/v1/jurisdictions/guangzhou/knowledge/export.xlsx`, { headers: headers("admin", undefined, false) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(["编号", "版本", "问题", "答复口径", "分类", "责任单位编码", "责任单位", "生效日期", "失效日期", "依据文件", "状态"]);
    let line5Row = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === ids["line5"]) line5Row = n;
    });
    ws.getRow(line5Row).getCell(4).value = "5号线末班车延至24:00。";
    const next = ws.rowCount + 1;
    ws.getRow(next).values = ["", "", "5号线新增站点", "新增两站。", "", "GZ-D-CG", "", "2026-11-01"];
    const send = async (buf: ArrayBuffer) =>
      fetch(`${env.url}/api/v1/jurisdictions/guangzhou/knowledge/import?reason=${encodeURIComponent("年度核对")}`, {
        method: "POST",
        headers: { ...headers("admin", undefined, false), "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        body: buf,
      });
    // A row with an unknown unit code: nothing is imported, every bad row is listed.
    ws.getRow(next + 1).values = ["", "", "错误行", "答复", "", "NO-SUCH-UNIT", "", "2026-11-01"];
    const bad = await send(await wb.xlsx.writeBuffer());
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { details: { line: number; field: string }[] } };
    expect(badBody.error.details).toEqual([expect.objectContaining({ line: next + 1, field: "责任单位编码" })]);
    expect((await call("GET", `/api/v1/knowledge/articles/${ids["line5"]}`, "admin")).body.article.version).toBe(1);

    ws.spliceRows(next + 1, 1);
    const good = await send(await wb.xlsx.writeBuffer());
    expect(good.status).toBe(201);
    const counts = (await good.json()) as { created: number; updated: number; unchanged: number };
    expect(counts).toEqual({ created: 1, updated: 1, unchanged: ws.rowCount - 3 });
    const line5 = await call("GET", `/api/v1/knowledge/articles/${ids["line5"]}`, "admin");
    expect(line5.body.article).toMatchObject({ version: 2, answer: "5号线末班车延至24:00。" });
    expect(line5.body.versions[1].reason).toBe("年度核对");
  });

  it("the article list pages 50 at a time with its total, by review state, and the pages add up to the total (#41)", async () => {
    const r = (await call("GET", "/api/v1/jurisdictions/guangzhou/knowledge/articles", "admin")).body;
    expect(r.pageSize).toBe(50);
    expect(r.total.capped).toBe(false);
    const pages = Math.ceil(r.total.n / 50);
    const ids = new Set<string>();
    for (let p = 1; p <= pages; p++)
      for (const a of (await call("GET", `/api/v1/jurisdictions/guangzhou/knowledge/articles?page=${p}`, "admin")).body.articles) ids.add(a.id);
    expect(ids.size).toBe(r.total.n);
    const published = (await call("GET", "/api/v1/jurisdictions/guangzhou/knowledge/articles?reviewState=published", "admin")).body;
    expect(published.articles.every((a: { reviewState: string }) => a.reviewState === "published")).toBe(true);
    expect(published.total.n).toBeLessThanOrEqual(r.total.n);
  });
});
