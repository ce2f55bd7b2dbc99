#!/usr/bin/env node
// `npm run build`: compiles the server (src/, tests left out) to dist/ with tsc, copies the SQL
// migrations beside it, and stamps the build, so `npm start` runs JavaScript instead of loading
// TypeScript at every start. bin/hotline.js uses dist/ while it is newer than every file of src/.
import { spawnSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync("src/store/migrations", "dist/store/migrations", { recursive: true });
writeFileSync("dist/BUILT", `${new Date().toISOString()}\n`);
console.log("built dist/ (npm start runs it)");
