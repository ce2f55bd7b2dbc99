import { describe, expect, it } from "vitest";
import { decideContext, ticket } from "../../../../test/support/decider-context.ts";
import { at } from "../../../../test/support/fixtures.ts";
import { conclusionAndArchive } from "./conclusion-and-archive.ts";

describe("conclusion and archive deciders", () => {
  it("without a rating, concluding needs a note saying why", () => {
    const r = conclusionAndArchive.conclude(
      ticket({ status: "awaiting_callback" }),
      { kind: "conclude" },
      decideContext("guangzhou-2022", { role: "reviewer" }),
    );
    expect(!r.ok && r.error.field).toBe("note");
  });

  it("GX-28 a ticket is filed in the year it was concluded and kept by the policy's retention", () => {
    const s = ticket({ status: "concluded", concludedAt: at("2026-12-31T23:00:00+08:00") });
    const r = conclusionAndArchive.archive(s, { kind: "archive" }, decideContext("guangxi-2021", { role: "system" }, { now: at("2027-01-20T00:00:00+08:00") }));
    expect(r.ok && r.value[0]?.data).toMatchObject({ type: "Archived", year: 2026 });
    expect(r.ok && r.value[0]?.rule).toBeTruthy();
  });
});
