import { describe, expect, it } from "vitest";
import { type TicketState } from "../ticket/ticket.ts";
import { assessmentYear, monthPeriod } from "./period.ts";
import { countingInstant, countsIn, scoreUnits, warningLevel, type TicketAsOf } from "./score.ts";

const at = (iso: string): number => Date.parse(iso);
const CST = 480;

function ticket(id: string, over: Partial<TicketState>): TicketAsOf {
  const state = {
    id,
    status: "concluded",
    reviewSendBacks: 0,
    assignment: { leadUnitId: "u1", assistingUnitIds: [], dispatchedAt: 0 },
    ...over,
  } as unknown as TicketState;
  return { state, events: [] };
}
const ALL = [
  { id: "concludedOnTime" as const, weight: 40 },
  { id: "satisfaction" as const, weight: 40 },
  { id: "feedbackCompliance" as const, weight: 20 },
];

describe("assessment periods and scores (GZ-24, GX-30)", () => {
  it("GX-30 the Guangxi assessment year 2026 runs 1 Dec 2025 to 30 Nov 2026; Guangzhou's is the calendar year", () => {
    expect(assessmentYear(2026, 12, 1, CST)).toEqual({ from: at("2025-12-01T00:00:00+08:00"), to: at("2026-12-01T00:00:00+08:00"), label: "2026年度" });
    expect(assessmentYear(2026, 1, 1, CST)).toEqual({ from: at("2026-01-01T00:00:00+08:00"), to: at("2027-01-01T00:00:00+08:00"), label: "2026年度" });
  });

  it("GX-30 a ticket concluded at 23:59 on 30 Nov counts in the 2026 year and November; one concluded on 1 Dec in the next", () => {
    const year = assessmentYear(2026, 12, 1, CST);
    const nov = monthPeriod(2026, 11, CST);
    const fb = { submittedAt: at("2026-11-20T10:00:00+08:00") };
    const late = ticket("late-nov", {
      concludedAt: at("2026-11-30T23:59:00+08:00"),
      clock: { due: at("2026-12-05T23:59:59.999+08:00") } as never,
      feedback: fb as never,
    });
    const dec = ticket("dec-1", {
      concludedAt: at("2026-12-01T00:01:00+08:00"),
      clock: { due: at("2026-12-05T23:59:59.999+08:00") } as never,
      feedback: fb as never,
    });
    for (const p of [year, nov]) expect(scoreUnits(p, ALL, [late, dec], [], new Set(), [], 100)[0]?.tickets).toEqual(["late-nov"]);
    expect(scoreUnits(monthPeriod(2026, 12, CST), ALL, [late, dec], [], new Set(), [], 100)[0]?.tickets).toEqual(["dec-1"]);
  });

  it("GX-30 an unfinished ticket not yet due counts next period; one that ran out of time counts now, as late, and only once", () => {
    const notDue = ticket("open-not-due", { status: "handling", clock: { due: at("2026-12-03T23:59:59.999+08:00") } as never });
    const overdue = ticket("open-overdue", { status: "handling", clock: { due: at("2026-11-25T23:59:59.999+08:00") } as never });
    expect(countingInstant(notDue.state)).toBe(at("2026-12-03T23:59:59.999+08:00"));
    const nov = scoreUnits(monthPeriod(2026, 11, CST), ALL, [notDue, overdue], [], new Set(), [], 100)[0];
    expect(nov?.tickets).toEqual(["open-overdue"]);
    expect(nov?.overdue).toEqual(["open-overdue"]);
    expect(nov?.indicators.find((i) => i.id === "concludedOnTime")).toMatchObject({ met: [], counted: ["open-overdue"], rate: 0, points: 0 });
    // Concluded in December after running out in November: already counted, not again.
    const concludedLater = ticket("open-overdue", {
      concludedAt: at("2026-12-02T10:00:00+08:00"),
      clock: { due: at("2026-11-25T23:59:59.999+08:00") } as never,
    });
    expect(scoreUnits(monthPeriod(2026, 12, CST), ALL, [concludedLater], [], new Set(), [], 100)).toEqual([]);
  });

  it("GZ-24 GX-31 weights the indicators to 100 points; no case means full marks; manual items add or deduct, within 0–100; exempt tickets are left out", () => {
    const p = monthPeriod(2026, 11, CST);
    const due = { due: at("2026-11-20T23:59:59.999+08:00") } as never;
    const good = ticket("good", {
      concludedAt: at("2026-11-10T10:00:00+08:00"),
      clock: due,
      feedback: { submittedAt: at("2026-11-09T10:00:00+08:00") } as never,
      rating: "satisfied",
    });
    const bad = ticket("bad", {
      concludedAt: at("2026-11-25T10:00:00+08:00"),
      clock: due,
      feedback: { submittedAt: at("2026-11-24T10:00:00+08:00") } as never,
      rating: "unsatisfied",
      reviewSendBacks: 1,
    });
    const [u] = scoreUnits(p, ALL, [good, bad], [], new Set(), [{ unitId: "u1", item: "台账检查", points: -3 }], 100);
    // good is on time and satisfied; bad is neither, and was sent back once.
    expect(u?.indicators.map((i) => [i.id, i.rate, i.points])).toEqual([
      ["concludedOnTime", 0.5, 20],
      ["satisfaction", 0.5, 20],
      ["feedbackCompliance", 0.5, 10],
    ]);
    expect(u?.score).toBe(47);
    const [exempted] = scoreUnits(p, ALL, [good, bad], [], new Set(["bad"]), [], 100);
    expect(exempted?.score).toBe(100);
    const [floor] = scoreUnits(p, ALL, [bad], [], new Set(), [{ unitId: "u1", item: "严重违规", points: -50 }], 100);
    expect(floor?.score).toBe(0);
  });

  it("GX-34 warnings escalate with the month's overdue tickets: SMS from 1, yellow from 3, red from 5", () => {
    const levels = [
      { level: "sms", overdueAtLeast: 1 },
      { level: "yellow", overdueAtLeast: 3 },
      { level: "red", overdueAtLeast: 5 },
    ] as const;
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => warningLevel(n, levels) ?? "none")).toEqual(["none", "sms", "sms", "yellow", "yellow", "red", "red"]);
  });

  it("GZ-23 supervision answered in time counts for the unit supervised, in the period its answer fell due", () => {
    const nov = monthPeriod(2026, 11, CST);
    const sv = (id: string, due: string, answeredAt?: string) => ({
      id,
      method: "phone",
      reason: "overdue",
      note: "n",
      unitId: "u2",
      at: 0,
      by: "s",
      answerDue: at(due),
      ...(answeredAt ? { answer: { text: "已整改", at: at(answeredAt) } } : {}),
    });
    const t1 = ticket("t1", {
      status: "handling",
      supervisions: [
        sv("s1", "2026-11-10T17:00:00+08:00", "2026-11-10T09:00:00+08:00"),
        sv("s2", "2026-11-20T17:00:00+08:00", "2026-11-21T09:00:00+08:00"),
      ] as never,
    });
    const t2 = ticket("t2", { status: "handling", supervisions: [sv("s3", "2026-11-25T17:00:00+08:00"), sv("s4", "2026-12-02T17:00:00+08:00")] as never });
    const u2 = scoreUnits(nov, [{ id: "supervisionAnswered", weight: 100 }], [t1, t2], [], new Set(), [], 100).find((u) => u.unitId === "u2");
    expect(u2?.indicators[0]).toMatchObject({ name: "督办按时回复率", met: ["t1"], counted: ["t1", "t1", "t2"], points: 33.33 });
  });

  it("Beijing's resolution rate counts only callbacks that asked whether the problem was solved", () => {
    const nov = monthPeriod(2026, 11, CST);
    const done = {
      concludedAt: at("2026-11-10T10:00:00+08:00"),
      clock: { due: at("2026-11-20T23:59:59.999+08:00") } as never,
      feedback: { submittedAt: at("2026-11-09T10:00:00+08:00") } as never,
    };
    const tickets = [
      ticket("yes", { ...done, rating: "satisfied", solved: "resolved" }),
      ticket("no", { ...done, rating: "basically_satisfied", solved: "partially_resolved" }),
      ticket("not-asked", { ...done, rating: "satisfied" }),
    ];
    const u1 = scoreUnits(
      nov,
      [
        { id: "resolution", weight: 50 },
        { id: "satisfaction", weight: 50 },
      ],
      tickets,
      [],
      new Set(),
      [],
      100,
    )[0];
    expect(u1?.indicators.map((i) => [i.name, i.met, i.counted, i.points])).toEqual([
      ["问题解决率", ["yes"], ["yes", "no"], 25],
      ["满意率", ["yes", "no", "not-asked"], ["yes", "no", "not-asked"], 50],
    ]);
  });

  it("GX-26.1 Beijing's response rate: the unit's first contact with the requester after the dispatch, by the policy's time; another unit's or an earlier one does not count", () => {
    const nov = monthPeriod(2026, 11, CST);
    const dispatchedAt = at("2026-11-02T09:00:00+08:00");
    const a = { leadUnitId: "u1", assistingUnitIds: [], dispatchedAt, firstContactDue: at("2026-11-03T23:59:59.999+08:00") };
    const done = {
      concludedAt: at("2026-11-10T10:00:00+08:00"),
      clock: { due: at("2026-11-20T23:59:59.999+08:00") } as never,
      feedback: { submittedAt: at("2026-11-09T10:00:00+08:00") } as never,
    };
    const contact = (unitId: string, iso: string) => ({ method: "phone" as const, at: at(iso), unitId, by: "承办人", note: "已联系" });
    const tickets = [
      ticket("in-time", {
        ...done,
        assignment: a,
        requesterContacts: [contact("u1", "2026-11-03T10:00:00+08:00"), contact("u1", "2026-11-06T10:00:00+08:00")],
      }),
      ticket("late", { ...done, assignment: a, requesterContacts: [contact("u1", "2026-11-04T08:00:00+08:00")] }),
      ticket("never", { ...done, assignment: a }),
      ticket("other-unit", { ...done, assignment: a, requesterContacts: [contact("u9", "2026-11-02T10:00:00+08:00")] }),
      ticket("before-redispatch", { ...done, assignment: a, requesterContacts: [contact("u1", "2026-11-01T10:00:00+08:00")] }),
      // Where the policy sets no time (Guangzhou), any contact after the dispatch is a response.
      ticket("no-limit", {
        ...done,
        assignment: { ...a, firstContactDue: undefined } as never,
        requesterContacts: [contact("u1", "2026-11-08T10:00:00+08:00")],
      }),
    ];
    const [u] = scoreUnits(nov, [{ id: "response", weight: 100 }], tickets, [], new Set(), [], 100);
    expect(u?.indicators.map((i) => [i.name, i.met, i.counted.length, i.points])).toEqual([["响应率", ["in-time", "no-limit"], 6, 33.33]]);
  });
  it("GX-30 what the assessment keeps of a year of tickets: those whose counting instant, sign limit, supervision answer limit or asked return fall in the period", () => {
    const nov = monthPeriod(2026, 11, CST);
    const due = (iso: string) => ({ due: at(iso) }) as never;
    const kept = {
      concluded: ticket("concluded-in-nov", { concludedAt: at("2026-11-10T10:00:00+08:00"), clock: due("2026-11-20T23:59:59.999+08:00") }),
      ranOut: ticket("ran-out-in-nov", { status: "handling", clock: due("2026-11-25T23:59:59.999+08:00") }),
      signDue: ticket("sign-due-in-nov", {
        status: "awaiting_sign",
        assignment: { leadUnitId: "u1", assistingUnitIds: [], dispatchedAt: 0, signDue: at("2026-11-02T12:00:00+08:00") } as never,
      }),
      supervised: ticket("supervised", {
        concludedAt: at("2026-09-01T10:00:00+08:00"),
        supervisions: [{ unitId: "u1", answerDue: at("2026-11-05T17:00:00+08:00") }] as never,
      }),
      returned: {
        ...ticket("return-asked", { concludedAt: at("2026-10-01T10:00:00+08:00") }),
        events: [{ at: at("2026-11-03T10:00:00+08:00"), data: { type: "ReturnRequested", request: { byUnitId: "u1" } } }] as never,
      },
    };
    const dropped = {
      before: ticket("concluded-in-oct", { concludedAt: at("2026-10-10T10:00:00+08:00"), clock: due("2026-10-20T23:59:59.999+08:00") }),
      after: ticket("due-in-dec", { status: "handling", clock: due("2026-12-03T23:59:59.999+08:00") }),
      undispatched: ticket("never-dispatched", { status: "awaiting_dispatch", assignment: undefined }),
    };
    for (const x of Object.values(kept)) expect(countsIn(nov, x), x.state.id).toBe(true);
    for (const x of Object.values(dropped)) expect(countsIn(nov, x), x.state.id).toBe(false);
  });
});
