import { computeDeadline, DEADLINE_RULES, describeDeadline, isDeadlineRule } from "../../domain/deadlines/deadline-engine.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { CHANNELS, isChannel, isRequestType, REQUEST_TYPES } from "../../domain/shared/vocabulary.ts";
import { type AppContext } from "../context.ts";

/** A deadline question as text, the way the CLI and the HTTP API receive it. */
export interface DeadlineRequest {
  readonly policy?: string | undefined;
  readonly rule?: string | undefined;
  readonly type?: string | undefined;
  readonly from?: string | undefined;
  readonly urgent?: boolean | undefined;
  readonly channel?: string | undefined;
  readonly category?: string | undefined;
  readonly extensions?: string | number | undefined;
}

/** The answer support staff read, plus what it was counted from. */
export interface DeadlineAnswer {
  readonly due: string;
  readonly provisional: boolean;
  readonly rule: string;
}

/** ISO 8601 with an explicit offset: a bare local time would take the server's zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function bad(field: string, zh: string, en: string) {
  return fail<never>(domainError("INVALID_ARGUMENT", zh, en, { field }));
}

/** Validates a deadline question and answers it from the policy and the loaded calendar. */
export function answerDeadline(ctx: AppContext, req: DeadlineRequest): Result<DeadlineAnswer> {
  if (!req.policy) return bad("policy", "缺少 policy（政策）", "policy is required");
  const policy = ctx.policies.get(req.policy);
  if (!policy.ok) return policy;
  if (!req.rule) return bad("rule", `缺少 rule（时限种类：${DEADLINE_RULES.join("、")}）`, `rule is required (one of ${DEADLINE_RULES.join(", ")})`);
  if (!isDeadlineRule(req.rule))
    return bad("rule", `未知时限种类 ${req.rule}（可用：${DEADLINE_RULES.join("、")}）`, `unknown rule ${req.rule} (one of ${DEADLINE_RULES.join(", ")})`);
  if (req.type !== undefined && !isRequestType(req.type))
    return bad("type", `未知诉求类型 ${req.type}（可用：${REQUEST_TYPES.join("、")}）`, `unknown type ${req.type} (one of ${REQUEST_TYPES.join(", ")})`);
  if (req.channel !== undefined && !isChannel(req.channel))
    return bad("channel", `未知渠道 ${req.channel}（可用：${CHANNELS.join("、")}）`, `unknown channel ${req.channel} (one of ${CHANNELS.join(", ")})`);
  if (!req.from) return bad("from", "缺少 from（起算时间）", "from is required");
  const from = ISO_INSTANT.test(req.from) ? Date.parse(req.from) : NaN;
  if (Number.isNaN(from))
    return bad(
      "from",
      `起算时间 ${req.from} 无效，应为带时区的 ISO 8601，如 2026-09-30T16:00:00+08:00`,
      `from ${req.from} is not an ISO 8601 instant with an offset, e.g. 2026-09-30T16:00:00+08:00`,
    );
  const extensions = req.extensions === undefined ? 0 : Number(req.extensions);
  if (!Number.isInteger(extensions) || extensions < 0)
    return bad("extensions", `已批准延期次数 ${String(req.extensions)} 无效`, `extensions ${String(req.extensions)} must be a whole number ≥ 0`);

  const p = policy.value;
  const r = computeDeadline(p, ctx.calendars.forPolicy(p), {
    rule: req.rule,
    from,
    extensionsGranted: extensions,
    ...(req.type !== undefined && isRequestType(req.type) ? { type: req.type } : {}),
    ...(req.channel !== undefined && isChannel(req.channel) ? { channel: req.channel } : {}),
    ...(req.urgent ? { urgent: true } : {}),
    ...(req.category ? { category: req.category } : {}),
  });
  return r.ok ? ok(describeDeadline(p, r.value)) : r;
}
