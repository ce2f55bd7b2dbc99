import { z } from "zod";

/** The process settings, read once from the environment and validated at boot. */
export interface Config {
  /** `postgres://…`; absent means the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** `HOTLINE_DATA_DIR`, default `./data`. */
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** `HOTLINE_DEMO`: load the demo jurisdictions on first start (default on for the embedded database). */
  readonly demo: boolean;
  readonly logLevel: string;
  /** `HOTLINE_SMS_URL` + `HOTLINE_SMS_SECRET`: the SMS gateway notices are posted to; absent, they are written to the log. */
  readonly sms: { readonly url: string; readonly secret: string } | undefined;
  /** `HOTLINE_TELEPHONY_SECRET`: what the telephony system signs call events with; absent, call events are refused. */
  readonly telephonySecret: string | undefined;
  /** `HOTLINE_WECHAT_TOKEN`: the WeChat official account's server token; absent, the WeChat channel refuses pushes. */
  readonly wechatToken: string | undefined;
  /** `HOTLINE_EXCHANGE_URL`: the region's server a city pushes its tickets to. */
  readonly exchangeUrl: string | undefined;
  /** `HOTLINE_EXCHANGE_SECRET`: signs the exchange both ways (a city pushing, a region receiving). */
  readonly exchangeSecret: string | undefined;
  /** `HOTLINE_EXCHANGE_CHILDREN` (`nanning=https://…,liuzhou=https://…`): a region's cities' servers, which it sends tickets down to. */
  readonly exchangeChildren: ReadonlyMap<string, string>;
  /**
   * `HOTLINE_TRUST_PROXY`: the load balancers whose `X-Forwarded-For`/`-Proto` are believed
   * (addresses, CIDRs or `loopback`, comma separated). Absent, none are: the
   * peer address is the client and the session cookie is `Secure` only on direct HTTPS.
   */
  readonly trustProxy: string | undefined;
}

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  HOTLINE_DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  HOTLINE_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOTLINE_SMS_URL: z.url().optional(),
  HOTLINE_SMS_SECRET: z.string().min(16, "at least 16 characters").optional(),
  HOTLINE_TELEPHONY_SECRET: z.string().min(16, "at least 16 characters").optional(),
  HOTLINE_WECHAT_TOKEN: z.string().min(3).max(32).optional(),
  HOTLINE_EXCHANGE_URL: z.url().optional(),
  HOTLINE_EXCHANGE_SECRET: z.string().min(16, "at least 16 characters").optional(),
  HOTLINE_EXCHANGE_CHILDREN: z
    .string()
    .regex(/^[\w-]+=https?:\/\/[^\s,]+(,\s*[\w-]+=https?:\/\/[^\s,]+)*$/, "platform=url pairs, separated by commas")
    .optional(),
  HOTLINE_TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/]+(,\s*[\w.:/]+)*$/, "addresses, CIDRs or loopback, separated by commas")
    .optional(),
});

/** Reads the settings; throws one clear message naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`环境变量无效 / invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.HOTLINE_EXCHANGE_URL && !e.HOTLINE_EXCHANGE_SECRET)
    throw new Error("环境变量无效 / invalid environment:\n  HOTLINE_EXCHANGE_SECRET: required with HOTLINE_EXCHANGE_URL");
  if (e.HOTLINE_EXCHANGE_CHILDREN && !e.HOTLINE_EXCHANGE_SECRET)
    throw new Error("环境变量无效 / invalid environment:\n  HOTLINE_EXCHANGE_SECRET: required with HOTLINE_EXCHANGE_CHILDREN");
  if (e.HOTLINE_SMS_URL && !e.HOTLINE_SMS_SECRET) throw new Error("环境变量无效 / invalid environment:\n  HOTLINE_SMS_SECRET: required with HOTLINE_SMS_URL");
  const demo = e.HOTLINE_DEMO === undefined ? !e.DATABASE_URL : e.HOTLINE_DEMO === "1" || e.HOTLINE_DEMO === "true";
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.HOTLINE_DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    demo,
    logLevel: e.LOG_LEVEL,
    sms: e.HOTLINE_SMS_URL && e.HOTLINE_SMS_SECRET ? { url: e.HOTLINE_SMS_URL, secret: e.HOTLINE_SMS_SECRET } : undefined,
    telephonySecret: e.HOTLINE_TELEPHONY_SECRET,
    wechatToken: e.HOTLINE_WECHAT_TOKEN,
    exchangeUrl: e.HOTLINE_EXCHANGE_URL,
    exchangeSecret: e.HOTLINE_EXCHANGE_SECRET,
    exchangeChildren: new Map(
      (e.HOTLINE_EXCHANGE_CHILDREN ?? "")
        .split(",")
        .filter((x) => x.trim())
        .map((x) => {
          const i = x.indexOf("=");
          return [x.slice(0, i).trim(), x.slice(i + 1).trim()] as [string, string];
        }),
    ),
    trustProxy: e.HOTLINE_TRUST_PROXY,
  };
}
