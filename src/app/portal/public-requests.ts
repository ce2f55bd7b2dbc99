import { TICKET_NUMBER } from "../../domain/ticket/ticket-number.ts";
import { type TicketActor, type TicketState } from "../../domain/ticket/ticket.ts";
import { PUBLIC_STATUS_LABELS, publicStatusOf, type PublicStatus } from "../../domain/ticket/public-status.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type Rating, type Solved } from "../../domain/ticket/ticket.ts";
import { loadTicketByNumber, loadTicketEvents } from "../../store/repositories/ticket.repository.ts";
import { type AppContext } from "../context.ts";
import { runTicketCommand } from "../tickets/run-ticket-command.ts";
import { addAttachment } from "../tickets/attachments.ts";

/** What a requester sees of their own request: progress, never staff, units' internals or other people. */
export interface PublicView {
  readonly number: string;
  /** The citizen's status (已受理, 办理中, 已办结, 已评价), never the hotline's internal one. */
  readonly status: PublicStatus;
  readonly statusLabel: string;
  readonly receivedAt: number;
  readonly type: string;
  readonly title: string;
  readonly dueAt?: number;
  readonly progress: readonly { at: number; step: string }[];
  readonly result?: string;
  readonly canRate: boolean;
  readonly rating?: Rating;
  readonly solved?: Solved;
}

/** Public progress steps, by event: what a citizen is told, in plain Chinese. */
const STEPS: Record<string, string> = {
  TicketCreated: "已受理",
  Dispatched: "已转办理单位",
  Signed: "办理单位已签收",
  ExtensionDecided: "办理期限调整",
  FeedbackSubmitted: "办理单位已反馈",
  FeedbackReviewed: "热线审核",
  RehandlingOrdered: "重新办理",
  Rated: "已评价",
  Concluded: "已办结",
};

/** The requester acting on their own request through the portal. */
function requesterActor(number: string): TicketActor {
  return { id: `requester:${number}`, name: "诉求人", role: "requester" };
}

/** A ticket only opens to the number together with the requester's phone; anything else is "not found". */
async function ownTicket(ctx: AppContext, number: string, phone: string): Promise<Result<TicketState>> {
  const t = TICKET_NUMBER.test(number) ? await loadTicketByNumber(ctx.db, number, ctx.ticketIds) : undefined;
  if (!t || !phone || t.requester.phone !== phone)
    return fail(domainError("REQUEST_NOT_FOUND", "未找到该诉求，请核对工单编号和手机号", "no request with that number and phone", { field: "number" }));
  return ok(t);
}

/** Progress of a request, for the requester who gives its number and phone. */
export async function publicProgress(ctx: AppContext, number: string, phone: string): Promise<Result<PublicView>> {
  const own = await ownTicket(ctx, number, phone);
  if (!own.ok) return own;
  const t = own.value;
  const events = await loadTicketEvents(ctx.db, t.id);
  const progress = events.flatMap((e) => {
    const step = STEPS[e.data.type];
    if (!step) return [];
    // Only approved reviews are progress a citizen should see.
    if (e.data.type === "FeedbackReviewed" && !e.data.approved) return [];
    return [{ at: e.at, step }];
  });
  const shareResult = ["awaiting_callback", "concluded", "archived"].includes(t.status) && t.feedback;
  return ok({
    number: t.number,
    status: publicStatusOf(t),
    statusLabel: PUBLIC_STATUS_LABELS[publicStatusOf(t)],
    receivedAt: t.receivedAt,
    type: t.type,
    title: t.title,
    ...(t.clock && !["concluded", "archived"].includes(t.status) ? { dueAt: t.clock.due } : {}),
    progress,
    ...(shareResult && t.feedback ? { result: t.feedback.result } : {}),
    canRate: t.status === "awaiting_callback" && t.rating === undefined,
    ...(t.rating ? { rating: t.rating } : {}),
    ...(t.solved ? { solved: t.solved } : {}),
  });
}

/** The requester rates the result of their own request. */
export async function publicRate(
  ctx: AppContext,
  number: string,
  phone: string,
  answer: { rating: Rating; solved: Solved; note?: string },
): Promise<Result<PublicView>> {
  const own = await ownTicket(ctx, number, phone);
  if (!own.ok) return own;
  const actor = requesterActor(number);
  const r = await runTicketCommand(ctx, actor, own.value.id, undefined, {
    kind: "rate",
    rating: answer.rating,
    solved: answer.solved,
    ...(answer.note ? { note: answer.note } : {}),
  });
  if (!r.ok) return r;
  return publicProgress(ctx, number, phone);
}

/** The requester adds a photo of the matter to their own request (number + phone, as for progress). */
export async function publicAttach(
  ctx: AppContext,
  number: string,
  phone: string,
  file: { name: string; bytes: Uint8Array },
): Promise<Result<{ name: string; size: number }>> {
  const own = await ownTicket(ctx, number, phone);
  if (!own.ok) return own;
  const r = await addAttachment(ctx, requesterActor(number), own.value, file);
  return r.ok ? ok({ name: r.value.name, size: r.value.size }) : r;
}
