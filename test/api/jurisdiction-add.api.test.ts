import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAppContext } from "../../src/app/context.ts";
import { formatInstant } from "../../src/domain/calendar/local-date.ts";
import { serverForTests } from "../support/http.ts";
import { actors, complaint, must, newTicket, TestClock, unitId } from "../support/tickets.ts";

// A third city from its file alone (#42): no code changes, one file, checked whole.

const clock = new TestClock(Date.parse("2026-11-02T09:00:00+08:00"));
const env = serverForTests({ now: clock.now });
const headers = (role = "admin") => ({ authorization: `Bearer ${env.app.seed.adminToken}`, "x-act-as-role": role, "content-type": "application/json" });

/** 示例市, the made-up city of data/policies/README.md: under Guangxi, complaints in 7 working days by its own rule. */
const EXAMPLE = JSON.parse(readFileSync(new URL("../../data/policies/examples/shili.json", import.meta.url), "utf8")) as Record<string, any>;
function cityFile(over: Record<string, unknown> = {}) {
  return { ...structuredClone(EXAMPLE), ...over };
}
const post = async (body: unknown, role = "admin") => {
  const res = await fetch(`${env.url}/api/v1/admin/jurisdictions`, { method: "POST", headers: headers(role), body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};
const counts = async () =>
  (
    (await env.app.ctx.db.execute(
      sql`select (select count(*) from jurisdiction)::int as j, (select count(*) from unit)::int as u, (select count(*) from policy_document)::int as p`,
    )) as unknown as { rows: { j: number; u: number; p: number }[] }
  ).rows[0];

describe("a third city from its file alone", () => {
  it("GX-38 bad files change nothing and name what is wrong: a missing field, an unknown limit kind, a bad rule id, a unit tree that breaks its nesting, no policy, a city admin", async () => {
    const before = await counts();
    const cases: [unknown, string][] = [
      [cityFile({ units: undefined }), "units"],
      [cityFile({ policy: { ...cityFile().policy, limits: { coffeeBreak: { default: { unit: "hours", n: 1, rule: "SL-1" } } } } }), "policy.limits"],
      [
        cityFile({ policy: { ...cityFile().policy, limits: { handling: { default: { unit: "workingDays", n: 5, rule: "第十二条" } } } } }),
        "policy.limits.handling.default.rule",
      ],
      [
        cityFile({
          units: [{ code: "SL-CG", name: "执法局", kind: "handling_unit", children: [{ code: "SL-RX", name: "热线中心", kind: "hotline_centre" }] }],
        }),
        "units[0].children[0].kind",
      ],
      [
        cityFile({ units: [{ code: "SL-A", name: "甲", kind: "managing_department", children: [{ code: "SL-A", name: "甲again", kind: "hotline_centre" }] }] }),
        "units[0].children[0]",
      ],
      // A flat register whose parents form a cycle (甲 under 乙 under 甲), and one naming a parent not in it.
      [
        cityFile({
          units: [
            { code: "SL", name: "示例市热线", kind: "hotline_centre" },
            { code: "SL-A", name: "甲", kind: "handling_unit", parent: "SL-B" },
            { code: "SL-B", name: "乙", kind: "handling_unit", parent: "SL-A" },
          ],
        }),
        "units[1].parent",
      ],
      [
        cityFile({
          units: [
            { code: "SL", name: "示例市热线", kind: "hotline_centre" },
            { code: "SL-A", name: "甲", kind: "handling_unit", parent: "SL-X" },
          ],
        }),
        "units[1].parent",
      ],
      [cityFile({ policy: undefined }), "policy"],
      [cityFile({ jurisdiction: { id: "shili", name: "示例市", parentId: "atlantis" } }), "jurisdiction.parentId"],
    ];
    for (const [body, field] of cases) {
      const r = await post(body);
      expect([field, r.status >= 400 && r.status < 500, r.body.error?.field]).toEqual([field, true, field]);
    }
    // A city's own administrator manages their city only.
    const { addJurisdiction } = await import("../../src/app/org/add-jurisdiction.ts");
    const cityAdmin = await addJurisdiction(env.app.ctx, { id: "gz-admin", name: "广州管理员", role: "admin", jurisdictionId: "guangzhou" }, cityFile());
    expect(!cityAdmin.ok && cityAdmin.error.code).toBe("FORBIDDEN");
    expect(await counts()).toEqual(before);
  });

  it("GX-38 the file brings the city up, its policy known at once and after a restart; a ticket there is counted by that city's own limit", async () => {
    // A second instance, started before the city is added, learns its policy when it first meets the city.
    const other = await createAppContext(env.app.ctx.handle, { now: clock.now });
    const made = await post(cityFile());
    expect([made.status, made.body.error]).toEqual([201, undefined]);
    expect(made.body.jurisdiction).toEqual({ id: "shili", policyId: "guangxi-shili", units: 3, created: true });
    const twice = await post(cityFile());
    expect([twice.status, twice.body.error]).toMatchObject([409, { code: "JURISDICTION_EXISTS", field: "jurisdiction.id" }]);

    const ctx = env.app.ctx;
    const cg = await unitId(ctx, "SL-CG");
    let t = await newTicket(ctx, "shili", complaint(clock.value));
    expect(t.number).toMatch(/^SL\d{14}$/);
    t = await must(ctx, actors.dispatcher, t, { kind: "dispatch", leadUnitId: cg });
    // By hand: 7 working days after Monday 2 November end on Wednesday 11th (no holiday between).
    expect([t.clock?.rule, formatInstant(t.clock!.due, 480)]).toEqual(["SL-12", "2026-11-11T23:59:59.999+08:00"]);
    // Inherited from Guangxi where the city says nothing: an urgent ticket's 24 hours.
    // Inherited from Guangxi too: the unit of an urgent ticket is phoned at dispatch (GX-25.2).
    const urgent = await must(ctx, actors.dispatcher, await newTicket(ctx, "shili", complaint(clock.value, { urgent: true })), {
      kind: "dispatch",
      leadUnitId: cg,
      unitPhoned: { at: clock.value, person: "值班员" },
    });
    expect(urgent.clock?.rule).toBe("GX-26.7");

    expect(other.policies.get("guangxi-shili").ok).toBe(false);
    const { policyOfJurisdiction } = await import("../../src/app/org/jurisdictions.ts");
    expect(await policyOfJurisdiction(other, "shili")).toMatchObject({ ok: true, value: { id: "guangxi-shili", ticketNumberPrefix: "SL" } });
    // A restarted instance knows the city's policy from the database.
    const again = await createAppContext(ctx.handle, { now: clock.now });
    expect(again.policies.get("guangxi-shili")).toMatchObject({ ok: true, value: { ticketNumberPrefix: "SL" } });
    const audit = (await ctx.db.execute(sql`select action, target from audit_log where action = 'jurisdiction.add'`)) as unknown as {
      rows: { action: string; target: string }[];
    };
    expect(audit.rows).toEqual([{ action: "jurisdiction.add", target: "shili" }]);
  });

  it("GZ-6 a city's units may come as a flat register, each naming its parent's code, in any order", async () => {
    const made = await post({
      jurisdiction: { id: "pingpu", name: "平铺市" },
      policyId: "guangxi-2021",
      units: [
        { code: "PP-ZJ-1", name: "城建科", kind: "executing_unit", parent: "PP-ZJ" },
        { code: "PP", name: "平铺市12345热线", kind: "hotline_centre" },
        { code: "PP-ZJ", name: "平铺市住建局", kind: "handling_unit", parent: "PP" },
      ],
    });
    expect([made.status, made.body.jurisdiction]).toEqual([201, { id: "pingpu", policyId: "guangxi-2021", units: 3, created: true }]);
    const rows = (await env.app.ctx.db.execute(
      sql`select u.code, p.code as parent from unit u left join unit p on p.id = u.parent_id where u.jurisdiction_id = 'pingpu' order by u.code`,
    )) as unknown as { rows: { code: string; parent: string | null }[] };
    expect(rows.rows).toEqual([
      { code: "PP", parent: null },
      { code: "PP-ZJ", parent: "PP" },
      { code: "PP-ZJ-1", parent: "PP-ZJ" },
    ]);
  });
});
