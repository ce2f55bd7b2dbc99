import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/database.ts";
import { until } from "../../scripts/cluster/pg-ha.ts";
import { freePort } from "../../scripts/cluster/free-port.ts";

/**
 * Issue 9's drill: three real server processes on one PostgreSQL behind Debian's HAProxy with
 * `scripts/cluster/haproxy.cfg`; one is killed (SIGKILL) in the middle of the load.
 */
const HAPROXY = spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim();
const CONTACTS = 240;
const KILL_AFTER = 80;

let t: TestApp;
const procs: ChildProcess[] = [];
let lb = "";

const ok = async (url: string) => (await fetch(url)).status === 200;

beforeAll(async () => {
  if (!HAPROXY) throw new Error("haproxy is missing: apt-get install haproxy (.ci/run installs it)");
  t = await openTestApp();
  if (!t.databaseUrl) return;
  const [front, ...apps] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  for (const port of apps) {
    const p = spawn(process.execPath, ["bin/hotline.js", "serve"], {
      env: {
        ...process.env,
        DATABASE_URL: t.databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        HOTLINE_DEMO: "0",
        LOG_LEVEL: "silent",
        HOTLINE_TRUST_PROXY: "127.0.0.1",
      },
      stdio: "ignore",
    });
    procs.push(p);
  }
  for (const port of apps) await until(`instance on ${port}`, () => ok(`http://127.0.0.1:${port}/health/ready`));
  const env = {
    ...process.env,
    HOTLINE_LB_BIND: `127.0.0.1:${front}`,
    HOTLINE_APP1: `127.0.0.1:${apps[0]}`,
    HOTLINE_APP2: `127.0.0.1:${apps[1]}`,
    HOTLINE_APP3: `127.0.0.1:${apps[2]}`,
  };
  procs.push(spawn(HAPROXY, ["-db", "-f", "scripts/cluster/haproxy.cfg"], { env, stdio: "ignore" }));
  lb = `http://127.0.0.1:${front}`;
  await until("HAProxy", () => ok(`${lb}/health/live`));
}, 120_000);

afterAll(async () => {
  for (const p of procs) p.kill("SIGKILL");
  await t?.close();
});

type Ack = { key: string; number: string };
let failedAttempts = 0;

/** A client as a channel adapter behaves: retries a failed or unanswered contact with the same key. */
async function send(i: number): Promise<Ack> {
  const key = `cluster-drill-${i}`;
  const body = {
    channel: "web",
    receivedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
    requester: { kind: "person", phone: "13900000000" },
    type: "complaint",
    content: `集群演练 ${key}：路灯不亮`,
    location: { district: "天河区" },
  };
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const res = await fetch(`${lb}/api/v1/jurisdictions/guangzhou/contacts`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${t.seed.adminToken}`, "x-act-as-role": "operator", "idempotency-key": key },
        body: JSON.stringify(body),
      });
      if (res.status === 200 || res.status === 201) return { key, number: ((await res.json()) as { ticket: { number: string } }).ticket.number };
      if (res.status < 500) throw new Error(`${key}: ${res.status} ${await res.text()}`);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith(key)) throw e;
    }
    failedAttempts++;
    await new Promise((r) => setTimeout(r, 100 + attempt * 50));
  }
  throw new Error(`${key}: never acknowledged`);
}

describe("three instances behind HAProxy (issue 9)", () => {
  it("GX-5 one instance killed mid-load: every acknowledged contact is one ticket, exactly once; no timer fires twice", async (c) => {
    if (!t.databaseUrl) return c.skip("needs a PostgreSQL server: the embedded database serves one process");
    const acks: Ack[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < CONTACTS) {
        const i = next++;
        acks.push(await send(i));
        if (!killed && acks.length >= KILL_AFTER) {
          killed = true;
          procs[1]?.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    expect(killed).toBe(true);
    await until("the killed instance to be gone", async () => procs[1]?.signalCode === "SIGKILL");
    console.log(
      `cluster drill: ${CONTACTS} contacts acknowledged, one instance killed after ${KILL_AFTER}; ${failedAttempts} attempts failed at the client and were retried with their key`,
    );
    expect(acks).toHaveLength(CONTACTS);
    expect(new Set(acks.map((a) => a.number)).size).toBe(CONTACTS);

    const db = t.ctx.db;
    const rows = (await db.execute(sql`select number from ticket where state->>'content' like '集群演练 cluster-drill-%'`)) as unknown as {
      rows: { number: string }[];
    };
    expect(rows.rows.map((r) => r.number).sort()).toEqual(acks.map((a) => a.number).sort());

    // The contacts were received five days ago, so each one's dispatch limit has passed: the
    // two surviving instances' sweepers raise the flag, each exactly once.
    await until(
      "every drill ticket flagged",
      async () => {
        const r = (await db.execute(
          sql`select count(*)::int as n from ticket where state->>'content' like '集群演练 cluster-drill-%' and state->'flags' ? 'dispatch_overdue'`,
        )) as unknown as { rows: { n: number }[] };
        return r.rows[0]?.n === CONTACTS;
      },
      60_000,
    );
    // HAProxy gives each request its id; the instance that took it stored it on the event.
    const noId = (await db.execute(
      sql`select count(*)::int as n from ticket_event e join ticket t on t.id = e.ticket_id where t.state->>'content' like '集群演练 cluster-drill-%' and e.type = 'TicketCreated' and (e.request_id is null or e.request_id !~ '^[0-9a-f-]{36}$')`,
    )) as unknown as { rows: { n: number }[] };
    expect(noId.rows[0]?.n).toBe(0);
    const twice = (await db.execute(
      sql`select ticket_id, data->>'flag' as flag, count(*)::int as n from ticket_event where data->>'type' = 'Flagged' group by 1, 2 having count(*) > 1`,
    )) as unknown as { rows: unknown[] };
    expect(twice.rows).toEqual([]);
    expect(await ok(`${lb}/health/ready`)).toBe(true);
  }, 180_000);
});
