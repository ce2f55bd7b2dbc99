import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Command, CommanderError } from "commander";
import { loadConfig, type Config } from "../app/config.ts";
import { actorLabel, cliActor } from "../app/actor.ts";
import { suggestionAccuracy } from "../app/analytics/suggestion-accuracy.ts";
import { currentModel, MODEL_TARGETS, retrainIntakeModels, trainAndStore, type ModelTarget } from "../app/assist/intake-models.ts";
import { evaluate, formatEvaluation } from "../text/classifier/evaluation.ts";
import { readLabelledCsv } from "../text/classifier/labelled-file.ts";
import { listJurisdictions } from "../store/repositories/org.repository.ts";
import { backupPglite, backupPostgres, BackupRefusal, restorePglite, restorePostgres } from "../store/backup.ts";
import { importCalendarYear } from "../app/calendar/import-calendar-year.ts";
import { addJurisdiction } from "../app/org/add-jurisdiction.ts";
import { answerDeadline, type DeadlineRequest } from "../app/deadlines/compute-deadline.ts";
import { type DomainError } from "../domain/shared/domain-error.ts";
import { DataDirLockedError } from "../store/database.ts";
import { ensureMonthlyPartitions } from "../store/partitions.ts";
import { openApp, printSeedReport } from "./bootstrap.ts";
import { serve } from "./serve.ts";

/** Exit code of a refusal (bad argument, rule says no); 1 is kept for crashes. */
const EXIT_REFUSED = 2;

function refuse(e: DomainError): never {
  const where = e.field ? `--${e.field}: ` : "";
  const lines = (e.details ?? []).map((d) => `  ${d.line !== undefined ? `line ${d.line}: ` : d.field ? `${d.field}: ` : ""}${d.en} / ${d.zh}`);
  process.stderr.write(`hotline: ${where}${e.en} / ${e.zh}\n${lines.length ? `${lines.join("\n")}\n` : ""}`);
  process.exit(EXIT_REFUSED);
}

function config(): Config {
  try {
    return loadConfig();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(EXIT_REFUSED);
  }
}

async function withApp<T>(fn: (app: Awaited<ReturnType<typeof openApp>>) => Promise<T>, opts: Parameters<typeof openApp>[1] = {}): Promise<T> {
  const app = await openApp(config(), opts);
  try {
    if (app.seed) printSeedReport(app.seed, (l) => process.stderr.write(`${l}\n`));
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** Asks a server that holds the embedded data folder, so the CLI works while `npm start` runs. */
async function deadlineFromServer(cfg: Config, req: DeadlineRequest): Promise<void> {
  const qs = new URLSearchParams(Object.entries(req).flatMap(([k, v]) => (v === undefined || v === false ? [] : [[k, String(v)]])));
  const host = cfg.host === "0.0.0.0" ? "127.0.0.1" : cfg.host;
  const res = await fetch(`http://${host}:${cfg.port}/api/v1/deadlines?${qs}`);
  const body: unknown = await res.json();
  if (res.ok) {
    process.stdout.write(`${JSON.stringify(body)}\n`);
    return;
  }
  const err =
    typeof body === "object" && body !== null && "error" in body
      ? (body.error as { code: string; message: string; messageEn: string; field?: string })
      : undefined;
  refuse({
    code: err?.code ?? "ERROR",
    zh: err?.message ?? "",
    en: err?.messageEn ?? `server answered ${res.status}`,
    ...(err?.field ? { field: err.field } : {}),
  });
}

const program = new Command("hotline").description("12345 政务服务便民热线工单系统 / the 12345 hotline work-order system").showHelpAfterError().exitOverride();

program
  .command("serve")
  .description("start the server (PORT, HOST, HOTLINE_DATA_DIR, DATABASE_URL)")
  .action(async () => serve(config()));

program
  .command("migrate")
  .description("apply database migrations")
  .action(() => withApp(async (app) => console.log(`migrated (${app.ctx.handle.kind}: ${app.ctx.handle.location})`), { seed: "never" }));

program
  .command("partitions")
  .description(
    "make the monthly partitions of tickets, events and contacts: this month and three ahead (the server does it every six hours), and --months-back before loading a platform's history",
  )
  .option("--months-back <n>", "also make the N months before this one (0–600)", "0")
  .action((opts: { monthsBack: string }) => {
    const back = Number(opts.monthsBack);
    if (!/^\d+$/.test(opts.monthsBack) || back > 600)
      refuse({ code: "INVALID_ARGUMENT", zh: "月数须为 0–600 的整数", en: "must be a whole number of months from 0 to 600", field: "months-back" });
    return withApp(
      async (app) => {
        const run = await ensureMonthlyPartitions(app.ctx.db, Date.now(), 3, back);
        console.log(`made ${run.created.length}: ${run.created.join(" ") || "-"}`);
        // A month whose rows already lie in the default partition cannot be made: say which, and why.
        if (run.blocked.length) console.log(`left in the default partitions (rows already there) ${run.blocked.length}: ${run.blocked.join(" ")}`);
      },
      { seed: "never" },
    );
  });

program
  .command("seed")
  .description("load shipped calendars, demo jurisdictions (demo mode) and a first admin token")
  .option("--demo", "load the demo jurisdictions even on PostgreSQL")
  .option("--no-demo", "skip the demo jurisdictions")
  .action((opts: { demo?: boolean }) =>
    withApp(async () => console.log("seeded"), { seed: "always", ...(opts.demo !== undefined ? { demo: opts.demo } : {}) }),
  );

const jurisdiction = program.command("jurisdiction").description("the platforms (cities, regions) of the deployment");
jurisdiction
  .command("add")
  .argument("<file>", "a platform's file: jurisdiction, policy (or policyId) and unit tree (see data/policies/README.md)")
  .description("bring a platform up from its file; the whole file or nothing")
  .action(async (file: string) => {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      refuse({
        code: "FILE_INVALID",
        zh: `无法读取文件 ${file}：${e instanceof Error ? e.message : String(e)}`,
        en: `cannot read file ${file}: ${e instanceof Error ? e.message : String(e)}`,
        field: "file",
      });
    }
    await withApp(async (app) => {
      const cli = cliActor();
      const r = await addJurisdiction(app.ctx, { id: actorLabel(cli), name: cli.name, role: "admin" }, doc);
      if (!r.ok) refuse(r.error);
      console.log(JSON.stringify(r.value));
    });
  });

const calendar = program.command("calendar").description("the official working-day calendar");
calendar
  .command("import")
  .argument("<file>", "calendar file (see data/calendar/*.csv for the format)")
  .option("--reason <text>", "why this load (kept in the record)", "导入官方通知")
  .description("load one year of a notice; the whole file or nothing")
  .action(async (file: string, opts: { reason: string }) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      refuse({ code: "FILE_NOT_FOUND", zh: `无法读取文件 ${file}`, en: `cannot read file ${file}`, field: "file" });
    }
    await withApp(async (app) => {
      const r = await importCalendarYear(app.ctx, cliActor(), text, opts.reason);
      if (!r.ok) refuse(r.error);
      console.log(JSON.stringify(r.value));
    });
  });
calendar
  .command("list")
  .description("loaded and provisional years")
  .action(() =>
    withApp(async (app) => {
      const through = new Date(app.ctx.now()).getUTCFullYear() + 1;
      for (const y of app.ctx.calendars.status(app.ctx.policies.calendarScopes(), through)) {
        console.log(`${y.scope}\t${y.year}\t${y.status === "official" ? "official 正式" : "PROVISIONAL 暂定"}\t${y.notice ?? ""}`);
      }
    }),
  );

program
  .command("deadline")
  .description("compute one time limit, e.g. --policy guangzhou-2022 --rule handling --type complaint --from 2026-09-30T16:00:00+08:00")
  .option("--policy <id>", "jurisdiction policy")
  .option(
    "--rule <rule>",
    "dispatch, sign, check, handling, extension, rehandle, knowledge-question, statutory-report, stage-report, appeal, default-satisfied, first-contact, rectification",
  )
  .option("--type <type>", "consultation, help, complaint, report, suggestion, praise")
  .option("--from <instant>", "ISO 8601 instant with offset of the event the limit counts from")
  .option("--urgent", "urgent (突发) ticket")
  .option("--channel <channel>", "intake channel (e.g. mailbox)")
  .option("--category <category>", "category with a finer limit")
  .option("--extensions <n>", "extensions already granted (rule extension)")
  .action(async (opts: DeadlineRequest) => {
    const cfg = config();
    try {
      await withApp(async (app) => {
        const r = answerDeadline(app.ctx, opts);
        if (!r.ok) refuse(r.error);
        console.log(JSON.stringify(r.value));
      });
    } catch (e) {
      if (e instanceof DataDirLockedError) return deadlineFromServer(cfg, opts);
      throw e;
    }
  });

async function jurisdictionFor(app: Awaited<ReturnType<typeof openApp>>, asked: string | undefined): Promise<string> {
  const all = await listJurisdictions(app.ctx.db);
  if (asked) {
    if (!all.some((j) => j.id === asked))
      refuse({
        code: "INVALID_ARGUMENT",
        zh: `平台 ${asked} 不存在（现有：${all.map((j) => j.id).join("、") || "无"}）`,
        en: `no jurisdiction ${asked} (there are: ${all.map((j) => j.id).join(", ") || "none"})`,
        field: "jurisdiction",
      });
    return asked;
  }
  const first = all[0];
  if (!first)
    refuse({ code: "INVALID_ARGUMENT", zh: "尚无平台：先运行 hotline seed", en: "no jurisdiction yet: run hotline seed first", field: "jurisdiction" });
  return first.id;
}

function readLabelled(file: string) {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch {
    refuse({ code: "FILE_NOT_FOUND", zh: `无法读取文件 ${file}`, en: `cannot read file ${file}`, field: "file" });
  }
  const r = readLabelledCsv(content);
  if (!r.ok) refuse(r.error);
  return r.value;
}

function targetOf(t: string): ModelTarget {
  if (!(MODEL_TARGETS as readonly string[]).includes(t))
    refuse({ code: "INVALID_ARGUMENT", zh: `目标须为 ${MODEL_TARGETS.join("、")}`, en: `target must be one of ${MODEL_TARGETS.join(", ")}`, field: "target" });
  return t as ModelTarget;
}

const model = program.command("model").description("the intake classifiers that suggest type, category and unit");
model
  .command("train")
  .description("train from the platform's concluded tickets, or from a labelled CSV (columns text,label)")
  .option("--file <csv>", "train from this file instead of the tickets")
  .option("--target <target>", "with --file: what the labels are (type, category, unit)", "category")
  .option("--jurisdiction <id>", "platform (default: the first)")
  .action(async (opts: { file?: string; target: string; jurisdiction?: string }) => {
    const target = targetOf(opts.target);
    const examples = opts.file ? readLabelled(opts.file) : undefined;
    await withApp(async (app) => {
      const jurisdictionId = await jurisdictionFor(app, opts.jurisdiction);
      const actor = cliActor();
      if (examples && opts.file) {
        const r = await trainAndStore(app.ctx, jurisdictionId, target, examples, `file:${basename(opts.file)}`, actorLabel(actor));
        if (!r.ok) refuse(r.error);
        console.log(`trained ${jurisdictionId} ${target} v${r.value.version}: ${r.value.examples} examples, ${r.value.labels} labels, ${r.value.trainMs} ms`);
        return;
      }
      const r = await retrainIntakeModels(app.ctx, { id: actorLabel(actor), name: actor.name, role: "admin" }, jurisdictionId);
      if (!r.ok) refuse(r.error);
      for (const t of r.value.trained)
        console.log(
          `trained ${jurisdictionId} ${t.target} v${t.version}: ${t.examples} examples (${t.corrections} accepted corrections), ${t.labels} labels, ${t.trainMs} ms`,
        );
      for (const s of r.value.skipped) console.log(`skipped ${jurisdictionId} ${s.target}: ${s.reason}`);
    });
  });
model
  .command("evaluate")
  .description(
    "score the current model on a held-out labelled CSV (accuracy, macro-F1, confusion matrix), or how often the unit suggestions held in a month (--month)",
  )
  .option("--file <csv>", "held-out file with the columns text,label")
  .option("--month <YYYY-MM>", "instead: of the month's concluded tickets dispatched with suggestions, top-1 and top-3 by category")
  .option("--target <target>", "which model (type, category, unit)", "category")
  .option("--jurisdiction <id>", "platform (default: the first)")
  .action(async (opts: { file?: string; month?: string; target: string; jurisdiction?: string }) => {
    if (opts.month) {
      const month = opts.month;
      await withApp(async (app) => {
        const jurisdictionId = await jurisdictionFor(app, opts.jurisdiction);
        const r = await suggestionAccuracy(app.ctx, { id: "cli", name: "命令行", role: "admin" }, jurisdictionId, month);
        if (!r.ok) refuse(r.error);
        const pct = (s: { numerator: number; denominator: number; rate: number | null }) =>
          s.rate === null ? "—" : `${(s.rate * 100).toFixed(1)}% (${s.numerator}/${s.denominator})`;
        console.log(
          `suggestions ${jurisdictionId} ${month}: ${r.value.overall.concluded} concluded, top-1 ${pct(r.value.overall.top1)}, top-3 ${pct(r.value.overall.top3)}`,
        );
        for (const c of r.value.categories)
          console.log(`  ${c.category || "（未分类）"}: ${c.concluded} concluded, top-1 ${pct(c.top1)}, top-3 ${pct(c.top3)}`);
      });
      return;
    }
    if (!opts.file) refuse({ code: "INVALID_ARGUMENT", zh: "须给出 --file 或 --month", en: "give --file or --month", field: "file" });
    const target = targetOf(opts.target);
    const examples = readLabelled(opts.file);
    await withApp(async (app) => {
      const jurisdictionId = await jurisdictionFor(app, opts.jurisdiction);
      const m = await currentModel(app.ctx, jurisdictionId, target);
      if (!m)
        refuse({
          code: "NO_MODEL",
          zh: `${jurisdictionId} 尚无 ${target} 模型：先运行 hotline model train`,
          en: `${jurisdictionId} has no ${target} model yet: run hotline model train first`,
          field: "target",
        });
      console.log(`model ${jurisdictionId} ${target} v${m.version}`);
      process.stdout.write(formatEvaluation(evaluate(m.model, examples)));
    });
  });

program
  .command("backup")
  .argument("<file>", "where to write the backup")
  .description("back up the database: pg_dump (custom format) for PostgreSQL, a data-folder dump for the embedded database (stop the server first)")
  .action(async (file: string) => {
    const cfg = config();
    try {
      if (cfg.databaseUrl) await backupPostgres(cfg.databaseUrl, file);
      else await backupPglite(cfg.dataDir, file);
    } catch (e) {
      if (e instanceof BackupRefusal) refuse({ code: "BACKUP_REFUSED", zh: e.zh, en: e.en, field: "file" });
      throw e;
    }
    console.log(`backed up to ${file}`);
  });
program
  .command("restore")
  .argument("<file>", "a backup made by hotline backup")
  .description("restore a backup into an empty database (DATABASE_URL) or a new data folder (HOTLINE_DATA_DIR)")
  .action(async (file: string) => {
    const cfg = config();
    try {
      if (cfg.databaseUrl) await restorePostgres(cfg.databaseUrl, file);
      else await restorePglite(cfg.dataDir, file);
    } catch (e) {
      if (e instanceof BackupRefusal) refuse({ code: "RESTORE_REFUSED", zh: e.zh, en: e.en, field: "file" });
      throw e;
    }
    console.log(`restored from ${file}`);
  });

program
  .command("bench")
  .argument("[name]", "one benchmark (default: all)")
  .description("run benchmarks; results in bench/results/")
  .action(async (name?: string) => {
    // The benchmarks are TypeScript outside the server's build: bin/hotline.js runs this command through the loader.
    const runner: string = "../../bench/run.ts";
    const { runBenchmarks } = (await import(runner)) as { runBenchmarks: (name?: string) => Promise<void> };
    await runBenchmarks(name);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT_REFUSED);
  if (e instanceof DataDirLockedError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(EXIT_REFUSED);
  }
  throw e;
}
