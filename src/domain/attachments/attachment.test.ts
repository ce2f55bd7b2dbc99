import { describe, expect, it } from "vitest";
import { checkAttachment, mayAttach, mayReadAttachment } from "./attachment.ts";

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 1, 2, 3]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const webp = new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WEBPVP8 ");
const pdf = new TextEncoder().encode("%PDF-1.4\n");

describe("attachments", () => {
  it("the type comes from the file's first bytes, whatever the name says", () => {
    expect(
      [jpeg, png, webp, pdf].map((bytes) => {
        const r = checkAttachment({ name: "a", bytes, alreadyOnTicket: 0 });
        return r.ok && r.value.contentType;
      }),
    ).toEqual(["image/jpeg", "image/png", "image/webp", "application/pdf"]);
    const svg = checkAttachment({ name: "a.jpg", bytes: new TextEncoder().encode("<svg onload=alert(1)>"), alreadyOnTicket: 0 });
    expect(svg.ok).toBe(false);
    if (!svg.ok) expect(svg.error).toMatchObject({ code: "INVALID_ARGUMENT", field: "file" });
  });

  it("names are kept as sent (NFC, trimmed) or refused: no paths, control characters or overlong names", () => {
    const ok = checkAttachment({ name: " 现场 照片😀.jpg ", bytes: jpeg, alreadyOnTicket: 0 });
    expect(ok.ok && ok.value.name).toBe("现场 照片😀.jpg");
    for (const name of ["a/b.jpg", "a\\b.jpg", "..", "a\u0000.jpg", "x".repeat(101), "  "])
      expect([name, checkAttachment({ name, bytes: jpeg, alreadyOnTicket: 0 }).ok]).toEqual([name, false]);
    expect(checkAttachment({ name: "字".repeat(100), bytes: jpeg, alreadyOnTicket: 0 }).ok).toBe(true);
  });

  it("a ticket holds at most 30 files; archived and merged tickets take none; analysts add none", () => {
    expect(checkAttachment({ name: "a.jpg", bytes: jpeg, alreadyOnTicket: 29 }).ok).toBe(true);
    expect(checkAttachment({ name: "a.jpg", bytes: jpeg, alreadyOnTicket: 30 }).ok).toBe(false);
    expect(mayAttach("unit_handler", { status: "handling" }).ok).toBe(true);
    expect(mayAttach("reviewer", { status: "concluded" }).ok).toBe(true);
    expect(mayAttach("reviewer", { status: "archived" }).ok).toBe(false);
    expect(mayAttach("reviewer", { status: "merged" }).ok).toBe(false);
    expect(mayAttach("analyst", { status: "handling" }).ok).toBe(false);
  });

  it("GX-22 the hotline's files on a report or a confidential request are not shown to units", () => {
    const plain = { type: "complaint", requester: { kind: "person" } } as const;
    const report = { type: "report", requester: { kind: "person" } } as const;
    const confidential = { type: "complaint", requester: { kind: "person", confidential: true } } as const;
    expect(mayReadAttachment("unit_handler", plain, "operator")).toBe(true);
    expect(mayReadAttachment("unit_handler", report, "operator")).toBe(false);
    expect(mayReadAttachment("unit_leader", confidential, "dispatcher")).toBe(false);
    expect(mayReadAttachment("unit_leader", report, "unit_handler")).toBe(true);
    expect(mayReadAttachment("supervisor", report, "operator")).toBe(true);
  });
});
