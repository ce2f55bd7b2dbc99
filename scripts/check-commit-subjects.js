#!/usr/bin/env node
// Commit subjects are at most 72 characters, the detail in the body (#43). Checks every commit
// after the one named in .ci/commit-subjects-since (older history is left as it was written).
// Run by .ci/run on a clean clone; exits 1 naming each long subject.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX = 72;
const since = readFileSync(new URL("../.ci/commit-subjects-since", import.meta.url), "utf8").trim();
const git = (...args) => execFileSync("git", args, { encoding: "utf8" });
try {
  git("cat-file", "-e", `${since}^{commit}`);
} catch {
  console.error(`commit subjects: ${since} is not in this clone's history (a shallow clone?); fetch the history to check`);
  process.exit(1);
}
const long = git("log", "--format=%h %s", `${since}..HEAD`)
  .split("\n")
  .filter(Boolean)
  .map((line) => ({ sha: line.slice(0, line.indexOf(" ")), subject: line.slice(line.indexOf(" ") + 1) }))
  .filter((c) => [...c.subject].length > MAX);
for (const c of long)
  console.error(`commit ${c.sha}: subject of ${[...c.subject].length} characters (at most ${MAX}; put the detail in the body): ${c.subject}`);
if (long.length) process.exit(1);
console.log(`commit subjects: every one since ${since.slice(0, 7)} is at most ${MAX} characters`);
