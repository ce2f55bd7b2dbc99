#!/usr/bin/env node
// The `hotline` command. It runs the compiled server in dist/ (`npm run build`, which
// `npm install` runs) when that build is newer than every file of src/; otherwise, in
// development, it runs the TypeScript through tsx's loader and says so. The benchmarks are
// TypeScript outside the build and always go through the loader.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const stamp = join(root, "dist", "BUILT");

/** The newest modification time of any file under a folder. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const askedLoader = process.argv[2] === "bench" || process.env.HOTLINE_LOADER === "1";
const fresh = built > 0 && built >= newest(join(root, "src"));
if (!askedLoader && fresh) {
  await import(new URL("../dist/cli/main.js", import.meta.url).href);
} else {
  if (!askedLoader && built > 0 && process.argv[2] === "serve")
    console.error("src/ is newer than dist/: running the TypeScript through the loader (npm run build compiles it)");
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
