import { hostname } from "node:os";
import { type Config } from "../app/config.ts";
import { startTimerSweeper } from "../jobs/timer-sweeper.ts";
import { startHotspotWatch } from "../jobs/hotspot-watch.ts";
import { startNoticeSender } from "../jobs/notice-sender.ts";
import { startExchangeSender } from "../jobs/exchange-sender.ts";
import { startRollupRefresh } from "../jobs/rollup-refresh.ts";
import { runEvery } from "../jobs/every.ts";
import { pushDown } from "../app/exchange/send-down.ts";
import { pushHandover } from "../app/handover/push-handover.ts";
import { archiveConcluded } from "../app/archive/archive-concluded.ts";
import { sweepWorkingRecords } from "../app/housekeeping/retention-sweep.ts";
import { consoleProvider, httpProvider } from "../channels/sms/sms-provider.ts";
import { buildServer } from "../http/server.ts";
import { DataDirLockedError } from "../store/database.ts";
import { ensureMonthlyPartitions } from "../store/partitions.ts";
import { openApp, printSeedReport } from "./bootstrap.ts";

/** How often rising hot spots are looked for (an hour: a cluster grows over days, not minutes). */
const HOTSPOT_WATCH_MS = 3_600_000;
/** How often the dashboard rollups are rebuilt (dashboards say "as of"; `live=true` counts now). */
const ROLLUP_REFRESH_MS = 300_000;
/** Concluded tickets are filed days after their conclusion: a sweep every ten minutes is on time. */
const ARCHIVE_EVERY_MS = 600_000;
/** Monthly partitions are made three months ahead (and at every start), working records kept days: every six hours is plenty. */
const HOUSEKEEPING_EVERY_MS = 6 * 3_600_000;

/** Starts the server: open (and on first start seed) the database, listen, stop cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  let app;
  try {
    app = await openApp(config);
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (app.seed) printSeedReport(app.seed);
  const server = await buildServer(app.ctx, {
    logLevel: config.logLevel,
    telephonySecret: config.telephonySecret,
    smsSecret: config.sms?.secret,
    wechatToken: config.wechatToken,
    exchangeSecret: config.exchangeSecret,
    trustProxy: config.trustProxy,
  });
  const stopSweeper = startTimerSweeper(app.ctx, `${hostname()}:${process.pid}`, 5_000, (e) => server.log.error(e));
  const stopHotspotWatch = startHotspotWatch(app.ctx, HOTSPOT_WATCH_MS, (e) => server.log.error(e));
  const stopRollups = startRollupRefresh(app.ctx, ROLLUP_REFRESH_MS, (e) => server.log.error(e));
  const sms = config.sms ? httpProvider(config.sms.url, config.sms.secret) : consoleProvider((line) => server.log.info(line));
  const stopNoticeSender = startNoticeSender(app.ctx, sms, 2_000, (e) => server.log.error(e));
  const stopExchange =
    config.exchangeUrl && config.exchangeSecret
      ? startExchangeSender(app.ctx, { url: config.exchangeUrl, secret: config.exchangeSecret }, 2_000, (e) => server.log.error(e))
      : async () => {};
  const children = config.exchangeSecret
    ? new Map([...config.exchangeChildren].map(([j, url]) => [j, { url, secret: config.exchangeSecret! }] as const))
    : new Map();
  const stopHandover = runEvery(
    () => pushHandover(app.ctx),
    2_000,
    (e) => server.log.error(e),
  );
  const stopArchive = runEvery(
    () => archiveConcluded(app.ctx),
    ARCHIVE_EVERY_MS,
    (e) => server.log.error(e),
  );
  const stopHousekeeping = runEvery(
    async () => {
      const run = await ensureMonthlyPartitions(app.ctx.db, Date.now());
      if (run.created.length) await app.ctx.ticketHomes.reload(app.ctx.db);
      if (run.blocked.length) server.log.warn({ blocked: run.blocked }, "months left in the default partition: their rows came before their partition");
      server.log.info({ removed: await sweepWorkingRecords(app.ctx) }, "working records swept");
    },
    HOUSEKEEPING_EVERY_MS,
    (e) => server.log.error(e),
  );
  // Runs even without addresses: what waits then says why on the 下级平台 page, instead of waiting silently.
  const stopSendDown = runEvery(
    () => pushDown(app.ctx, children),
    2_000,
    (e) => server.log.error(e),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, "stopping");
    await server.close();
    await stopSweeper();
    await stopHotspotWatch();
    await stopRollups();
    await stopNoticeSender();
    await stopExchange();
    await stopSendDown();
    await stopHandover();
    await stopArchive();
    await stopHousekeeping();
    await app.ctx.ticketWrites.release();
    await app.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  await server.listen({ port: config.port, host: config.host });
  console.log(`12345 热线工单系统已启动 / hotline is up: http://${config.host}:${config.port}/  (database: ${app.ctx.handle.kind} ${app.ctx.handle.location})`);
}
