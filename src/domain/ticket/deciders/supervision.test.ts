import { describe, expect, it } from "vitest";
import { decideContext, LEAD, NOW, ticket } from "../../../../test/support/decider-context.ts";
import { supervision } from "./supervision.ts";

const supervisor = decideContext("guangzhou-2022", { role: "supervisor" });

describe("supervision deciders", () => {
  it("GZ-23 a supervision names the lead unit and a future answer time", () => {
    const cmd = {
      kind: "supervise" as const,
      supervisionId: "s1",
      method: "letter" as const,
      reason: "overdue" as const,
      note: "请加快办理",
      answerDue: NOW + 86_400_000,
    };
    const r = supervision.supervise(ticket(), cmd, supervisor);
    expect(r.ok && r.value[0]).toMatchObject({ data: { type: "Supervised", supervision: { unitId: LEAD, by: "u1" } }, rule: "GZ-23" });
    const past = supervision.supervise(ticket(), { ...cmd, answerDue: NOW - 1 }, supervisor);
    expect(!past.ok && past.error.field).toBe("answerDue");
  });

  it("an answer names a supervision of this ticket", () => {
    const r = supervision.answerSupervision(
      ticket(),
      { kind: "answerSupervision", supervisionId: "none", text: "已办理" },
      decideContext("guangzhou-2022", { role: "unit_handler", unitId: LEAD }),
    );
    expect(!r.ok && r.error.field).toBe("supervisionId");
  });

  it("a flag is raised once, and not before it is due", () => {
    const early = supervision.raiseFlag(ticket(), { kind: "raiseFlag", flag: "overdue", dueAt: NOW + 1 }, decideContext("guangzhou-2022", { role: "system" }));
    expect(!early.ok && early.error.code).toBe("NOT_DUE");
    const again = supervision.raiseFlag(
      ticket({ flags: ["overdue"] }),
      { kind: "raiseFlag", flag: "overdue", dueAt: NOW - 1 },
      decideContext("guangzhou-2022", { role: "system" }),
    );
    expect(!again.ok && again.error.code).toBe("ALREADY_FLAGGED");
  });
});
