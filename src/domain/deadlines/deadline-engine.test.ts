import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeDeadline, describeDeadline, type DeadlineQuery } from "./deadline-engine.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";
import { type WorkingCalendar } from "../calendar/working-calendar.ts";
import { type CalendarYear } from "../calendar/calendar-year.ts";
import { at, calendar, calendarYears, policy } from "../../../test/support/fixtures.ts";
import { DayWalk } from "../../../test/support/day-walk.ts";

const gz = policy("guangzhou-2022");
const gx = policy("guangxi-2021");
const nn = policy("guangxi-nanning");
const gzCal = calendar(gz);
const gxCal = calendar(gx);
const nnCal = calendar(nn);

function due(p: ResolvedPolicy, cal: WorkingCalendar, q: DeadlineQuery) {
  const r = computeDeadline(p, cal, q);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  return describeDeadline(p, r.value);
}

function refusal(p: ResolvedPolicy, cal: WorkingCalendar, q: DeadlineQuery) {
  const r = computeDeadline(p, cal, q);
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(describeDeadline(p, r.value))}`);
  return r.error;
}

describe("handling limits, Guangzhou", () => {
  it("GZ-17.1 consultation received Fri 2026-09-18 is due end of Mon 09-21 (Sun 09-20 is a 调休 working day)", () => {
    expect(due(gz, gzCal, { rule: "handling", type: "consultation", from: at("2026-09-18T10:00:00+08:00") })).toEqual({
      due: "2026-09-21T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-17.1",
    });
  });

  it("GZ-17.2 complaint received Wed 2026-09-30 16:00 is due end of Tue 10-20, across 国庆 and the working Saturday 10-10", () => {
    expect(due(gz, gzCal, { rule: "handling", type: "complaint", from: at("2026-09-30T16:00:00+08:00") })).toEqual({
      due: "2026-10-20T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-17.2",
    });
  });

  it("GZ-17.2 counts by the Shanghai date: 23:30 UTC on 11-01 is already Mon 11-02 in Guangzhou", () => {
    expect(due(gz, gzCal, { rule: "handling", type: "report", from: at("2026-11-01T17:30:00Z") }).due).toBe("2026-11-16T23:59:59.999+08:00");
    expect(due(gz, gzCal, { rule: "handling", type: "report", from: at("2026-11-01T15:30:00Z") }).due).toBe("2026-11-13T23:59:59.999+08:00");
  });

  it("GZ-18 complaint received Mon 2026-11-02: due 11-16, first extension 11-30, second 12-14, a third refused", () => {
    const from = at("2026-11-02T09:00:00+08:00");
    expect(due(gz, gzCal, { rule: "handling", type: "complaint", from }).due).toBe("2026-11-16T23:59:59.999+08:00");
    expect(due(gz, gzCal, { rule: "extension", type: "complaint", from, extensionsGranted: 0 })).toEqual({
      due: "2026-11-30T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-18",
    });
    expect(due(gz, gzCal, { rule: "extension", type: "complaint", from, extensionsGranted: 1 }).due).toBe("2026-12-14T23:59:59.999+08:00");
    const e = refusal(gz, gzCal, { rule: "extension", type: "complaint", from, extensionsGranted: 2 });
    expect(e.code).toBe("EXTENSION_LIMIT_REACHED");
    expect(e.rule).toBe("GZ-18");
  });

  it("GZ-20 re-handling gets a new limit of the original length from the sending back", () => {
    expect(due(gz, gzCal, { rule: "rehandle", type: "help", from: at("2026-12-01T11:00:00+08:00") })).toEqual({
      due: "2026-12-15T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-20",
    });
  });

  it("GZ-21 the final result after a statutory procedure is due 3 working days after it ends", () => {
    expect(due(gz, gzCal, { rule: "statutory-report", from: at("2026-04-30T15:00:00+08:00") })).toEqual({
      due: "2026-05-08T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-21",
    });
  });

  it("GZ-21 stage reports of a long-running matter fall due by the policy's period", () => {
    expect(due(gz, gzCal, { rule: "stage-report", from: at("2026-03-02T10:00:00+08:00") })).toMatchObject({
      due: "2026-03-30T23:59:59.999+08:00",
      rule: "GZ-21",
    });
  });
});

describe("dispatch, sign and check", () => {
  it("GZ-13.1 a consultation not answered directly is dispatched within 1 working day (intake on 国庆 Sat 10-03 → Thu 10-08)", () => {
    expect(due(gz, gzCal, { rule: "dispatch", type: "consultation", from: at("2026-10-03T20:00:00+08:00") })).toEqual({
      due: "2026-10-08T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-13.1",
    });
  });

  it("GZ-13.2 other types are dispatched within 1 working day (Fri → the next Monday)", () => {
    expect(due(gz, gzCal, { rule: "dispatch", type: "complaint", from: at("2026-11-20T18:00:00+08:00") })).toMatchObject({
      due: "2026-11-23T23:59:59.999+08:00",
      rule: "GZ-13.2",
    });
  });

  it("GX-25.2 dispatch within 24 hours of intake, holidays notwithstanding", () => {
    expect(due(gx, gxCal, { rule: "dispatch", type: "complaint", from: at("2026-10-01T08:15:00+08:00") })).toEqual({
      due: "2026-10-02T08:15:00.000+08:00",
      provisional: false,
      rule: "GX-25.2",
    });
  });

  it("GX-26.7 urgent tickets are signed for within 30 minutes of dispatch", () => {
    expect(due(gx, gxCal, { rule: "sign", type: "help", urgent: true, from: at("2026-02-17T23:50:00+08:00") })).toEqual({
      due: "2026-02-18T00:20:00.000+08:00",
      provisional: false,
      rule: "GX-26.7",
    });
  });

  it("GX-26.7 urgent tickets are concluded within 24 hours, even over the Spring Festival", () => {
    expect(due(gx, gxCal, { rule: "handling", type: "help", urgent: true, from: at("2026-02-16T10:00:00+08:00") })).toEqual({
      due: "2026-02-17T10:00:00.000+08:00",
      provisional: false,
      rule: "GX-26.7",
    });
  });

  it("GZ-14 a unit checks within 2 working days from the day after receipt (Fri 02-13 → Sat 02-14 调休, then Tue 02-24 after 春节)", () => {
    expect(due(gz, gzCal, { rule: "check", type: "complaint", from: at("2026-02-13T09:00:00+08:00") })).toEqual({
      due: "2026-02-24T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-14",
    });
  });

  it("GX-26.3 return within 1 working day after signing; urgent within 30 minutes after signing", () => {
    expect(due(gx, gxCal, { rule: "check", type: "complaint", from: at("2026-09-30T11:00:00+08:00") })).toMatchObject({
      due: "2026-10-08T23:59:59.999+08:00",
      rule: "GX-26.3",
    });
    expect(due(gx, gxCal, { rule: "check", type: "complaint", urgent: true, from: at("2026-09-30T11:00:00+08:00") })).toMatchObject({
      due: "2026-09-30T11:30:00.000+08:00",
      rule: "GX-26.3",
    });
  });

  it("GZ has no sign limit of its own: asking for one is a clear refusal, not a guess", () => {
    const e = refusal(gz, gzCal, { rule: "sign", type: "complaint", from: at("2026-03-02T09:00:00+08:00") });
    expect(e.code).toBe("NO_SUCH_LIMIT");
    expect(e.field).toBe("rule");
  });
});

describe("handling limits, Guangxi", () => {
  it("GX-26.2 help request dispatched Thu 2026-04-30 is due end of 05-08 (May 1–5 holiday)", () => {
    expect(due(gx, gxCal, { rule: "handling", type: "help", from: at("2026-04-30T10:00:00+08:00") })).toEqual({
      due: "2026-05-08T23:59:59.999+08:00",
      provisional: false,
      rule: "GX-26.2",
    });
  });

  it.each([
    ["consultation", "2026-06-03T23:59:59.999+08:00"],
    ["help", "2026-06-04T23:59:59.999+08:00"],
    ["suggestion", "2026-06-08T23:59:59.999+08:00"],
    ["complaint", "2026-06-15T23:59:59.999+08:00"],
    ["report", "2026-06-15T23:59:59.999+08:00"],
  ] as const)("GX-26.2 %s dispatched Mon 2026-06-01 is due %s", (type, expected) => {
    expect(due(gx, gxCal, { rule: "handling", type, from: at("2026-06-01T10:00:00+08:00") })).toEqual({ due: expected, provisional: false, rule: "GX-26.2" });
  });

  it("GX-26.2 chairman's-mailbox tickets are concluded within 3 working days whatever their type", () => {
    expect(due(gx, gxCal, { rule: "handling", type: "complaint", channel: "mailbox", from: at("2026-06-01T10:00:00+08:00") }).due).toBe(
      "2026-06-04T23:59:59.999+08:00",
    );
  });

  it("GX-26.9 one extension of at most the original period; a second is refused", () => {
    const from = at("2026-06-01T10:00:00+08:00");
    expect(due(gx, gxCal, { rule: "extension", type: "suggestion", from })).toEqual({
      due: "2026-06-15T23:59:59.999+08:00",
      provisional: false,
      rule: "GX-26.9",
    });
    expect(refusal(gx, gxCal, { rule: "extension", type: "suggestion", from, extensionsGranted: 1 })).toMatchObject({
      code: "EXTENSION_LIMIT_REACHED",
      rule: "GX-26.9",
    });
  });

  it("GX-29.2 a unit completes the knowledge base within 3 working days of the question (10-10 is a 调休 working Saturday)", () => {
    expect(due(gx, gxCal, { rule: "knowledge-question", from: at("2026-09-30T09:00:00+08:00") })).toMatchObject({
      due: "2026-10-10T23:59:59.999+08:00",
      rule: "GX-29.2",
    });
  });

  it("GX-32 appeals close 7 working days after the assessment period ends on 30 Nov", () => {
    expect(due(gx, gxCal, { rule: "appeal", from: at("2026-11-30T23:59:59.999+08:00") })).toEqual({
      due: "2026-12-09T23:59:59.999+08:00",
      provisional: false,
      rule: "GX-32",
    });
  });

  it("GX-27.2 no rating within 24 hours of the satisfaction request counts as satisfied", () => {
    expect(due(gx, gxCal, { rule: "default-satisfied", from: at("2026-10-01T12:00:00+08:00") })).toEqual({
      due: "2026-10-02T12:00:00.000+08:00",
      provisional: false,
      rule: "GX-27.2",
    });
  });

  it("GX-38 a city policy derives from the regional one and overrides one limit, keeping the rest", () => {
    const from = at("2026-06-01T10:00:00+08:00");
    expect(due(nn, nnCal, { rule: "handling", type: "help", from })).toEqual({ due: "2026-06-03T23:59:59.999+08:00", provisional: false, rule: "GX-38" });
    expect(due(nn, nnCal, { rule: "handling", type: "complaint", from })).toEqual({
      due: "2026-06-15T23:59:59.999+08:00",
      provisional: false,
      rule: "GX-26.2",
    });
    expect(nn.ticketNumberPrefix).toBe("NN");
    expect(nn.calendar.region?.scope).toBe("GX");
  });
});

describe("regional days and provisional years", () => {
  it("GX-26.2 壮族三月三 2023: Sun 04-23 is a national 调休 working day but a day off in Guangxi", () => {
    const from = at("2023-04-20T10:00:00+08:00");
    expect(due(gx, gxCal, { rule: "handling", type: "consultation", from }).due).toBe("2023-04-25T23:59:59.999+08:00");
    expect(due(gz, gzCal, { rule: "handling", type: "consultation", from }).due).toBe("2023-04-23T23:59:59.999+08:00");
  });

  it("GX-26.2 a regional year not loaded (2026) counts the computed lunar 3-3 and 3-4 as provisional days off", () => {
    const from = at("2026-04-17T10:00:00+08:00");
    expect(due(gx, gxCal, { rule: "handling", type: "consultation", from })).toEqual({
      due: "2026-04-22T23:59:59.999+08:00",
      provisional: true,
      rule: "GX-26.2",
    });
    expect(due(gz, gzCal, { rule: "handling", type: "consultation", from })).toEqual({
      due: "2026-04-21T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-17.1",
    });
  });

  it("GZ-17.2 across the year boundary into provisional 2027: 元旦 computed off and the deadline marked provisional", () => {
    expect(due(gz, gzCal, { rule: "handling", type: "complaint", from: at("2026-12-24T10:00:00+08:00") })).toEqual({
      due: "2027-01-08T23:59:59.999+08:00",
      provisional: true,
      rule: "GZ-17.2",
    });
  });

  it("GZ-17.1 provisional 2027 Spring Festival is 4 days from the computed New Year's Eve (02-05 … 02-08)", () => {
    expect(due(gz, gzCal, { rule: "handling", type: "consultation", from: at("2027-02-04T10:00:00+08:00") })).toEqual({
      due: "2027-02-10T23:59:59.999+08:00",
      provisional: true,
      rule: "GZ-17.1",
    });
  });

  it("GZ-17.1 provisional 2027: National Day 10-01 is never a working day, and Qingming is the computed solar term (04-05)", () => {
    expect(gzCal.dayInfo(20727)?.date).toBe("2026-10-01");
    const y2027 = [
      ["2027-10-01", "国庆节"],
      ["2027-04-05", "清明节"],
      ["2027-06-09", "端午节"],
      ["2027-09-15", "中秋节"],
    ] as const;
    for (const [date, name] of y2027) {
      const day = Date.parse(`${date}T00:00:00Z`) / 86_400_000;
      expect(gzCal.dayInfo(day)).toMatchObject({ date, working: false, provisional: true, name });
    }
  });

  it("GZ-17.1 loading the official notice of a provisional year changes the answer and clears the provisional mark", () => {
    const notice2027: CalendarYear = {
      scope: "CN",
      year: 2027,
      notice: { title: "国务院办公厅关于2027年部分节假日安排的通知（测试用）" },
      days: [
        { date: "2027-02-05", status: "off", name: "春节" },
        { date: "2027-02-06", status: "off", name: "春节" },
        { date: "2027-02-07", status: "off", name: "春节" },
        { date: "2027-02-08", status: "off", name: "春节" },
        { date: "2027-02-09", status: "off", name: "春节" },
        { date: "2027-02-10", status: "off", name: "春节" },
        { date: "2027-02-11", status: "off", name: "春节" },
        { date: "2027-02-20", status: "work", name: "春节" },
      ],
    };
    const withNotice = calendar(gz, [notice2027]);
    expect(due(gz, withNotice, { rule: "handling", type: "consultation", from: at("2027-02-04T10:00:00+08:00") })).toEqual({
      due: "2027-02-15T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-17.1",
    });
  });

  it("GZ-17 a start before the first loaded year is refused, never guessed as weekdays", () => {
    expect(refusal(gz, gzCal, { rule: "handling", type: "complaint", from: at("2019-06-03T10:00:00+08:00") })).toMatchObject({
      code: "CALENDAR_OUT_OF_RANGE",
      field: "from",
    });
  });
});

describe("property: the engine equals a plain day-by-day walk", () => {
  const walk = new DayWalk(calendarYears().filter((y) => y.scope === "CN"));
  it("GZ-17 working days from the day after, for random instants across 2020–2026", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2020-01-01T00:00:00+08:00"), max: Date.parse("2026-12-01T00:00:00+08:00") }),
        fc.constantFrom("consultation", "complaint", "help"),
        (from, type) => {
          const got = due(gz, gzCal, { rule: "handling", type, from });
          const n = type === "consultation" ? 2 : 10;
          expect(got.due.slice(0, 10)).toBe(walk.nthWorkingDayAfter(from, n));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("GZ-18 extensions too: n working days after each due date equal the walk", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2020-01-01T00:00:00+08:00"), max: Date.parse("2026-10-01T00:00:00+08:00") }),
        fc.integer({ min: 0, max: 1 }),
        (from, granted) => {
          const got = due(gz, gzCal, { rule: "extension", type: "complaint", from, extensionsGranted: granted });
          let d = walk.nthWorkingDayAfter(from, 10);
          for (let i = 0; i <= granted; i++) d = walk.nthWorkingDayAfter(Date.parse(`${d}T12:00:00+08:00`), 10);
          expect(got.due.slice(0, 10)).toBe(d);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("finer limits as data", () => {
  it("GZ-17 a derived policy sets a finer limit for one category; urgent still wins over it", async () => {
    const { resolvePolicy } = await import("../policy/resolve-policy.ts");
    const { shippedPolicyDocuments } = await import("../../store/shipped-data.ts");
    const docs = shippedPolicyDocuments();
    docs.set("test-city", {
      extends: "guangzhou-2022",
      ticketNumberPrefix: "TC",
      limits: {
        handling: { urgent: { unit: "hours", n: 24, rule: "GZ-17" }, byCategory: { 噪声污染: { unit: "workingDays", n: 1, rule: "GZ-17", note: "分级时限" } } },
      },
    });
    const r = resolvePolicy("test-city", docs);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const cal = calendar(r.value);
    const from = at("2026-06-01T10:00:00+08:00");
    expect(due(r.value, cal, { rule: "handling", type: "complaint", category: "噪声污染", from })).toEqual({
      due: "2026-06-02T23:59:59.999+08:00",
      provisional: false,
      rule: "GZ-17",
    });
    expect(due(r.value, cal, { rule: "handling", type: "complaint", category: "其他", from }).rule).toBe("GZ-17.2");
    expect(due(r.value, cal, { rule: "handling", type: "complaint", category: "噪声污染", urgent: true, from }).due).toBe("2026-06-02T10:00:00.000+08:00");
  });

  it("GX-15 the fast-track categories are configurable data of the policy", () => {
    expect(gx.fastTrackCategories).toMatchObject({ rule: "GX-15", categories: expect.arrayContaining(["噪声污染", "停水停电", "自然灾害"]) });
    expect(gz.fastTrackCategories.categories).toEqual([]);
  });

  it("GX-38 a derived policy that breaks the schema is refused with the field named", async () => {
    const { resolvePolicy } = await import("../policy/resolve-policy.ts");
    const { shippedPolicyDocuments } = await import("../../store/shipped-data.ts");
    const docs = shippedPolicyDocuments();
    docs.set("broken", { extends: "guangxi-2021", limits: { handling: { byType: { help: { unit: "weeks", n: 1, rule: "GX-38" } } } } });
    const r = resolvePolicy("broken", docs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details?.[0]?.field).toBe("limits.handling.byType.help.unit");
  });
});
