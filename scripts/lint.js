#!/usr/bin/env node
// `npm run lint` (and the first step of `npm test`): ESLint with typescript-eslint and
// eslint-plugin-vue (tools/lint/), then Prettier's check, over the code of src/, web/, test/,
// bench/, scripts/ and bin/. `npm run format` rewrites what Prettier would change.
import { spawnSync } from "node:child_process";

export const CODE = [
  "src/**/*.ts",
  "web/src/**/*.{ts,vue}",
  "web/*.ts",
  "test/**/*.ts",
  "bench/**/*.ts",
  "scripts/**/*.{js,ts}",
  "bin/*.js",
  "tools/lint/*.{js,cjs}",
  "*.{js,ts,cjs}",
];

/** Runs ESLint and Prettier's check; the number of them that failed. */
export function lint() {
  const eslint = spawnSync(process.execPath, ["tools/lint/eslint.cjs", "src", "web/src", "test", "bench", "scripts", "bin", "tools/lint"], {
    stdio: "inherit",
  });
  const prettier = spawnSync(process.execPath, ["node_modules/prettier/bin/prettier.cjs", "--check", "--log-level", "warn", ...CODE], { stdio: "inherit" });
  if (eslint.status === 0 && prettier.status === 0) console.log("lint: ESLint and Prettier clean");
  if (eslint.status !== 0) console.log("lint: ESLint found problems (above)");
  if (prettier.status !== 0) console.log("lint: Prettier would reformat the files above (npm run format)");
  return (eslint.status === 0 ? 0 : 1) + (prettier.status === 0 ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === "--write") {
    const r = spawnSync(process.execPath, ["node_modules/prettier/bin/prettier.cjs", "--write", "--log-level", "warn", ...CODE], { stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
  const failed = lint();
  process.exit(failed ? 1 : 0);
}
