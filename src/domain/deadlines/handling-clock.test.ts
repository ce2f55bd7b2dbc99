import { describe, expect, it } from "vitest";
import { applyClockEvent, type ClockEvent, type HandlingClock } from "./handling-clock.ts";
import { type TicketTraits } from "./deadline-engine.ts";
import { formatInstant } from "../calendar/local-date.ts";
import { type ResolvedPolicy } from "../policy/resolve-policy.ts";
import { type WorkingCalendar } from "../calendar/working-calendar.ts";
import { at, calendar, policy } from "../../../test/support/fixtures.ts";

const gz = policy("guangzhou-2022");
const gx = policy("guangxi-2021");
const gzCal = calendar(gz);
const gxCal = calendar(gx);
const complaint: TicketTraits = { type: "complaint" };

function step(p: ResolvedPolicy, cal: WorkingCalendar, clock: HandlingClock | undefined, ev: ClockEvent, traits = complaint) {
  const r = applyClockEvent(p, cal, traits, clock, ev);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  return r.value;
}

function refused(p: ResolvedPolicy, cal: WorkingCalendar, clock: HandlingClock | undefined, ev: ClockEvent, traits = complaint) {
  const r = applyClockEvent(p, cal, traits, clock, ev);
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

const local = (ms: number) => formatInstant(ms, 480);
const dispatchedGz = step(gz, gzCal, undefined, { kind: "dispatched", at: at("2026-11-02T09:00:00+08:00") }).clock;

describe("what happens to a running limit", () => {
  it("GZ-17.2 the first dispatch starts the limit and records the change with its rule", () => {
    const u = step(gz, gzCal, undefined, { kind: "dispatched", at: at("2026-11-02T09:00:00+08:00") });
    expect(local(u.clock.due)).toBe("2026-11-16T23:59:59.999+08:00");
    expect(u.change).toMatchObject({ cause: "dispatched", rule: "GZ-17.2", before: null });
  });

  it("GZ-15.1 return approved and redispatched: the limit is computed anew from the redispatch", () => {
    const u = step(gz, gzCal, dispatchedGz, { kind: "redispatched", at: at("2026-11-05T15:00:00+08:00") });
    expect(local(u.clock.due)).toBe("2026-11-19T23:59:59.999+08:00");
    expect(u.change).toMatchObject({ cause: "redispatched", rule: "GZ-15.1", before: { due: dispatchedGz.due } });
  });

  it("GZ-15.2 return refused: the limit is not recomputed", () => {
    const u = step(gz, gzCal, dispatchedGz, { kind: "returnRefused", at: at("2026-11-05T15:00:00+08:00") });
    expect(u.clock).toEqual(dispatchedGz);
    expect(u.change).toBeNull();
  });

  it("GZ-15.3 several units decided (lead + assisting): the limit is computed anew from the decision", () => {
    const u = step(gz, gzCal, dispatchedGz, { kind: "multiUnitDecided", at: at("2026-11-06T10:00:00+08:00") });
    expect(local(u.clock.due)).toBe("2026-11-20T23:59:59.999+08:00");
    expect(u.change?.rule).toBe("GZ-15.3");
  });

  it("GZ-17 new information the unit accepts as relevant restarts the limit from the acceptance", () => {
    const u = step(gz, gzCal, dispatchedGz, { kind: "newInformationAccepted", at: at("2026-11-10T10:00:00+08:00") });
    expect(local(u.clock.due)).toBe("2026-11-24T23:59:59.999+08:00");
    expect(u.change?.rule).toBe("GZ-17");
  });

  it("GZ-17 force majeure: the hotline sets the limit with a reason; without a reason it is refused", () => {
    const newDue = at("2026-12-31T23:59:59.999+08:00");
    const u = step(gz, gzCal, dispatchedGz, { kind: "forceMajeure", at: at("2026-11-10T10:00:00+08:00"), due: newDue, reason: "台风“山竹”影响" });
    expect(u.clock.due).toBe(newDue);
    expect(u.change).toMatchObject({ cause: "forceMajeure", rule: "GZ-17", reason: "台风“山竹”影响" });
    expect(refused(gz, gzCal, dispatchedGz, { kind: "forceMajeure", at: at("2026-11-10T10:00:00+08:00"), due: newDue }).field).toBe("reason");
  });

  it("GZ-17 a policy that does not provide for a cause refuses it (GX has no force-majeure rule)", () => {
    const c = step(gx, gxCal, undefined, { kind: "dispatched", at: at("2026-06-01T10:00:00+08:00") }).clock;
    expect(refused(gx, gxCal, c, { kind: "forceMajeure", at: at("2026-06-02T10:00:00+08:00"), due: at("2026-07-01T00:00:00+08:00"), reason: "x" }).code).toBe(
      "NO_SUCH_RULE",
    );
  });

  it("GZ-18 extensions applied before the deadline add the original length, at most twice", () => {
    const one = step(gz, gzCal, dispatchedGz, { kind: "extensionApproved", at: at("2026-11-13T10:00:00+08:00"), appliedAt: at("2026-11-12T10:00:00+08:00") });
    expect(local(one.clock.due)).toBe("2026-11-30T23:59:59.999+08:00");
    expect(one.change?.rule).toBe("GZ-18");
    const two = step(gz, gzCal, one.clock, { kind: "extensionApproved", at: at("2026-11-27T10:00:00+08:00"), appliedAt: at("2026-11-27T09:00:00+08:00") });
    expect(local(two.clock.due)).toBe("2026-12-14T23:59:59.999+08:00");
    expect(
      refused(gz, gzCal, two.clock, { kind: "extensionApproved", at: at("2026-12-10T10:00:00+08:00"), appliedAt: at("2026-12-10T09:00:00+08:00") }),
    ).toMatchObject({ code: "EXTENSION_LIMIT_REACHED", rule: "GZ-18" });
  });

  it("GZ-18 an extension applied for after the deadline is refused", () => {
    expect(
      refused(gz, gzCal, dispatchedGz, { kind: "extensionApproved", at: at("2026-11-17T10:00:00+08:00"), appliedAt: at("2026-11-17T09:00:00+08:00") }),
    ).toMatchObject({ code: "EXTENSION_TOO_LATE", rule: "GZ-18" });
  });

  it("GX-26.9 one extension of at most the original period", () => {
    const c = step(gx, gxCal, undefined, { kind: "dispatched", at: at("2026-06-01T10:00:00+08:00") }, { type: "suggestion" }).clock;
    const one = step(
      gx,
      gxCal,
      c,
      { kind: "extensionApproved", at: at("2026-06-05T10:00:00+08:00"), appliedAt: at("2026-06-05T09:00:00+08:00") },
      { type: "suggestion" },
    );
    expect(local(one.clock.due)).toBe("2026-06-15T23:59:59.999+08:00");
    expect(
      refused(
        gx,
        gxCal,
        one.clock,
        { kind: "extensionApproved", at: at("2026-06-10T10:00:00+08:00"), appliedAt: at("2026-06-10T09:00:00+08:00") },
        { type: "suggestion" },
      ).code,
    ).toBe("EXTENSION_LIMIT_REACHED");
  });

  it("GZ-19 feedback sent back by review: the limit is not recomputed", () => {
    expect(step(gz, gzCal, dispatchedGz, { kind: "feedbackSentBack", at: at("2026-11-12T10:00:00+08:00") }).change).toBeNull();
  });

  it("GZ-20 re-handling: a new limit of the original length, once, and no extension", () => {
    const extended = step(gz, gzCal, dispatchedGz, {
      kind: "extensionApproved",
      at: at("2026-11-13T10:00:00+08:00"),
      appliedAt: at("2026-11-12T10:00:00+08:00"),
    }).clock;
    const re = step(gz, gzCal, extended, { kind: "rehandlingOrdered", at: at("2026-12-01T10:00:00+08:00") });
    expect(local(re.clock.due)).toBe("2026-12-15T23:59:59.999+08:00");
    expect(re.clock).toMatchObject({ phase: "rehandling", rehandlings: 1, rule: "GZ-20" });
    expect(
      refused(gz, gzCal, re.clock, { kind: "extensionApproved", at: at("2026-12-02T10:00:00+08:00"), appliedAt: at("2026-12-02T09:00:00+08:00") }),
    ).toMatchObject({ code: "EXTENSION_NOT_ALLOWED", rule: "GZ-20" });
    expect(refused(gz, gzCal, re.clock, { kind: "rehandlingOrdered", at: at("2026-12-20T10:00:00+08:00") })).toMatchObject({
      code: "REHANDLE_LIMIT_REACHED",
      rule: "GZ-20",
    });
  });

  it("GZ-21 the end of a statutory procedure sets the report due 3 working days later", () => {
    const u = step(gz, gzCal, dispatchedGz, { kind: "statutoryProcedureEnded", at: at("2026-12-30T16:00:00+08:00") });
    expect(local(u.clock.due)).toBe("2027-01-05T23:59:59.999+08:00");
    expect(u.clock.provisional).toBe(true);
    expect(u.change?.rule).toBe("GZ-21");
  });

  it("GZ-17.2 a provisional limit is recounted from its start when the official notice is loaded", () => {
    const c = step(gz, gzCal, undefined, { kind: "dispatched", at: at("2027-02-01T10:00:00+08:00") }).clock;
    expect(c.provisional).toBe(true);
    const official = calendar(gz, [
      {
        scope: "CN",
        year: 2027,
        notice: { title: "测试通知" },
        days: [5, 6, 7, 8, 9, 10, 11].map((d) => ({ date: `2027-02-${String(d).padStart(2, "0")}`, status: "off" as const, name: "春节" })),
      },
    ]);
    const u = step(gz, official, c, { kind: "calendarReloaded", at: at("2027-01-20T10:00:00+08:00") });
    expect(local(c.due)).toBe("2027-02-17T23:59:59.999+08:00");
    expect(local(u.clock.due)).toBe("2027-02-22T23:59:59.999+08:00");
    expect(u.clock.provisional).toBe(false);
    expect(u.change).toMatchObject({ cause: "calendarReloaded", before: { provisional: true }, after: { provisional: false } });
  });
});
