// The Debian tools some test files need (a real Chromium for the console, HAProxy, Patroni and
// etcd for the cluster drills). `npm test` looks for them, installs them with apt where it runs
// as root (as .ci/run does), and otherwise skips exactly the files that need them, saying so and
// how to run them; under CI=true a missing tool fails the run instead.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Which test file needs which tool. */
export const NEEDS = [
  { file: "test/e2e/console.e2e.test.ts", tools: ["chromium"] },
  { file: "test/cluster/three-instances.test.ts", tools: ["haproxy"] },
  { file: "test/cluster/pg-failover.test.ts", tools: ["patroni", "etcd", "haproxy", "postgresql"] },
];

/** The Debian packages that bring each tool. */
const PACKAGES = { chromium: ["chromium", "fonts-noto-cjk"], haproxy: ["haproxy"], patroni: ["patroni"], etcd: ["etcd-server"], postgresql: ["postgresql"] };

/** A command on PATH, found without a shell (a PATH without one must still answer). */
export function which(cmd, env = process.env) {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      /* not in this folder */
    }
  }
  return undefined;
}

function present(tool, env) {
  if (tool === "chromium") return existsSync(env.CHROMIUM_PATH ?? "/usr/bin/chromium");
  if (tool === "postgresql")
    return existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(join("/usr/lib/postgresql", v, "bin", "postgres")));
  return which(tool, env) !== undefined;
}

/** The tools of {@link NEEDS} this machine lacks. */
export function missingTools(env = process.env) {
  return [...new Set(NEEDS.flatMap((n) => n.tools))].filter((t) => !present(t, env));
}

/** The apt command that brings these tools. */
export function installCommand(tools) {
  return `apt-get install -y ${[...new Set(tools.flatMap((t) => PACKAGES[t] ?? [t]))].join(" ")}`;
}

/** Installs the tools with apt when this runs as root and apt is there; answers whether it tried. */
export function tryInstall(tools, env = process.env) {
  if (process.getuid?.() !== 0 || !which("apt-get", env) || env.HOTLINE_TEST_NO_INSTALL) return false;
  console.log(`npm test: installing what some tests need with apt (${tools.join(", ")}): ${installCommand(tools)}`);
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  spawnSync("apt-get", ["install", "-y", "-qq", ...new Set(tools.flatMap((t) => PACKAGES[t] ?? [t]))], { stdio: "inherit", env });
  return true;
}

/**
 * The files to leave out of this run, and the one line that says so; or, under CI=true, the
 * line that fails the run. Nothing to say when every tool is there.
 */
export function toolPlan(env = process.env) {
  let missing = missingTools(env);
  if (missing.length && tryInstall(missing, env)) missing = missingTools(env);
  if (!missing.length) return { skip: [], line: undefined, fail: false };
  const skip = NEEDS.filter((n) => n.tools.some((t) => missing.includes(t))).map((n) => n.file);
  if (env.CI === "true")
    return {
      skip: [],
      line: `npm test: CI=true and ${missing.join(", ")} missing (needed by ${skip.join(", ")}); install them: ${installCommand(missing)}`,
      fail: true,
    };
  return { skip, line: `npm test: skipped ${skip.join(", ")} (missing ${missing.join(", ")}); to run them: ${installCommand(missing)}`, fail: false };
}
