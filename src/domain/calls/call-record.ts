import { domainError, fail, ok, type Result } from "../shared/domain-error.ts";

/** What the telephony system reports about a call. */
export const CALL_EVENT_TYPES = ["ringing", "queued", "answered", "transferred", "ended", "recording_available"] as const;
/** One kind of call event. */
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

/** One call event as the telephony system posts it. */
export interface CallEvent {
  readonly eventId: string;
  readonly callId: string;
  readonly type: CallEventType;
  readonly at: number;
  readonly caller?: string;
  readonly agentId?: string;
  /** `110`, `119`, `120`, `122` (emergency lines) or `three_way` (a unit joined the call). */
  readonly transferTo?: string;
  readonly recordingRef?: string;
}

/** A call as the hotline keeps it (GX-25.1, GX-28). */
export interface CallRecord {
  readonly callId: string;
  readonly caller?: string;
  readonly ringingAt?: number;
  readonly queuedAt?: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly agentId?: string;
  readonly transfers: readonly { readonly to: string; readonly at: number }[];
  readonly recordingRef?: string;
  /** Recordings are kept at least this long (GX-28): deletion before is refused. */
  readonly retainUntil?: number;
  /** answered, abandoned (ended while waiting), or in progress. */
  readonly outcome: "in_progress" | "answered" | "abandoned";
  /** An abandoned call joins the callback list (漏接回拨) with its own due time. */
  readonly callbackDue?: number;
}

/** The call settings of a policy. */
export interface CallPolicy {
  readonly answerWithinSeconds: number;
  readonly recordingRetentionYears: number;
  /** Milliseconds after an abandoned call by which it is called back. */
  readonly callbackWithinMs: number;
}

/** Seconds from joining the queue (after the voice menu) to being answered; undefined until both are known. */
export function waitSeconds(r: CallRecord): number | undefined {
  const from = r.queuedAt ?? r.ringingAt;
  return from !== undefined && r.answeredAt !== undefined ? (r.answeredAt - from) / 1000 : undefined;
}

/** Answered within the policy's target (GX-25.1: 20 s after the voice menu). */
export function answeredInTime(r: CallRecord, p: Pick<CallPolicy, "answerWithinSeconds">): boolean {
  const w = waitSeconds(r);
  return w !== undefined && w <= p.answerWithinSeconds;
}

function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

/**
 * Applies one telephony event. Events may arrive late or twice (the adapter drops exact
 * repeats by id): a record only moves forward, and an event that contradicts it is refused.
 */
export function applyCallEvent(r: CallRecord | undefined, e: CallEvent, p: CallPolicy): Result<CallRecord> {
  const cur: CallRecord = r ?? { callId: e.callId, transfers: [], outcome: "in_progress", ...(e.caller ? { caller: e.caller } : {}) };
  const bad = (zh: string, en: string) => fail<CallRecord>(domainError("CALL_EVENT_CONFLICT", zh, en, { field: "type", rule: "GX-25.1" }));
  switch (e.type) {
    case "ringing":
      return ok({ ...cur, ringingAt: cur.ringingAt ?? e.at });
    case "queued":
      return ok({ ...cur, queuedAt: cur.queuedAt ?? e.at });
    case "answered":
      if (cur.endedAt !== undefined && cur.answeredAt === undefined) return bad("通话已结束，不能再接听", "the call already ended unanswered");
      return ok({ ...cur, answeredAt: cur.answeredAt ?? e.at, outcome: "answered", ...(e.agentId ? { agentId: e.agentId } : {}) });
    case "transferred":
      if (!e.transferTo) return fail(domainError("INVALID_ARGUMENT", "转接须写明目标", "a transfer names where to", { field: "transferTo" }));
      return ok({ ...cur, transfers: [...cur.transfers, { to: e.transferTo, at: e.at }] });
    case "ended": {
      if (cur.endedAt !== undefined) return ok(cur);
      const abandoned = cur.answeredAt === undefined;
      return ok({
        ...cur,
        endedAt: e.at,
        outcome: abandoned ? "abandoned" : "answered",
        ...(abandoned && cur.caller ? { callbackDue: e.at + p.callbackWithinMs } : {}),
      });
    }
    case "recording_available":
      if (!e.recordingRef) return fail(domainError("INVALID_ARGUMENT", "须提供录音引用", "a recording reference is required", { field: "recordingRef" }));
      return ok({ ...cur, recordingRef: e.recordingRef, retainUntil: addYears(cur.endedAt ?? e.at, p.recordingRetentionYears) });
  }
}

/** A recording may be deleted only after its retention (GX-28). */
export function mayDeleteRecording(r: CallRecord, now: number): Result<true> {
  if (!r.recordingRef) return fail(domainError("RECORDING_NOT_FOUND", "该通话没有录音", "the call has no recording", { field: "callId" }));
  if (r.retainUntil !== undefined && now < r.retainUntil) {
    return fail(
      domainError(
        "RETENTION_CONFLICT",
        `录音须保存至 ${new Date(r.retainUntil).toISOString().slice(0, 10)}（至少 3 年）`,
        "the recording is within its retention period",
        { rule: "GX-28", field: "callId" },
      ),
    );
  }
  return ok(true);
}
