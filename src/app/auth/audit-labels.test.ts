import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, actorInWords } from "./audit-labels.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

describe("the audit log in words", () => {
  it("GZ-25 every action the code writes to the audit log has its Chinese name", () => {
    const written = new Set<string>();
    for (const file of sources("src")) {
      const text = readFileSync(file, "utf8");
      if (!text.includes("audit(")) continue;
      for (const m of text.matchAll(/action: "([a-zA-Z]+\.[a-zA-Z_]+)"/g)) written.add(m[1]!);
      // Actions named by a change's kind: each kind of that change.
      for (const m of text.matchAll(/action: `([a-zA-Z]+)\.\$\{/g))
        for (const k of Object.keys(AUDIT_ACTION_LABELS).filter((a) => a.startsWith(`${m[1]}.`))) written.add(k);
    }
    expect(written.size).toBeGreaterThanOrEqual(15);
    expect([...written].filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
    // The kinds of UnitChange and CategoryChange (domain/org/unit-maintenance.ts, domain/categories/category-tree.ts).
    for (const k of ["create", "update", "move", "deactivate", "reactivate"]) expect(AUDIT_ACTION_LABELS[`unit.${k}`]).toBeDefined();
    for (const k of ["create", "rename", "deactivate", "reactivate"]) expect(AUDIT_ACTION_LABELS[`category.${k}`]).toBeDefined();
  });

  it("GZ-25 who acted is a name: an account, the system, or an unknown sign-in name", () => {
    const names = new Map([["0190aaaa-0000-7000-8000-000000000001", "演示管理员"]]);
    expect(actorInWords("0190aaaa-0000-7000-8000-000000000001", names)).toBe("演示管理员");
    expect(actorInWords("system:timer", names)).toBe("系统");
    expect(actorInWords("username:nobody", names)).toBe("nobody（账号不存在）");
  });

  it("GZ-25 every recorded form of an actor reads the same: user labels, tokens, the command line, a unit's system", () => {
    const names = new Map([["0190aaaa-0000-7000-8000-000000000001", "演示管理员"]]);
    expect(actorInWords("user:0190aaaa-0000-7000-8000-000000000001", names)).toBe("演示管理员");
    expect(actorInWords("user:0190aaaa-0000-7000-8000-000000000009", names)).toBe("已删除的账号");
    expect(actorInWords("0190aaaa-0000-7000-8000-000000000009", names)).toBe("已删除的账号");
    expect(actorInWords("token:0190aaaa-0000-7000-8000-000000000002", names)).toBe("接口令牌");
    expect(actorInWords("0190aaaa-0000-7000-8000-000000000002:dispatcher", names)).toBe("接口令牌");
    expect(actorInWords("cli:cli:ops", names)).toBe("命令行（ops）");
    expect(actorInWords("handover:GZ-WATER", names)).toBe("单位系统（GZ-WATER）");
    expect(actorInWords("system", names)).toBe("系统");
  });
});
