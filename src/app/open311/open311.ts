import { TICKET_NUMBER } from "../../domain/ticket/ticket-number.ts";
import { sql } from "drizzle-orm";
import { formatInstant } from "../../domain/calendar/local-date.ts";
import { type Channel } from "../../domain/shared/vocabulary.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketState } from "../../domain/ticket/ticket.ts";
import { loadTicketByNumber, stateOf } from "../../store/repositories/ticket.repository.ts";
import { leafCategoriesOf } from "../categories/categories.ts";
import { actorForToken } from "../auth/api-tokens.ts";
import { type AppContext } from "../context.ts";
import { lookupUnitNames } from "../org/lookup-units.ts";
import { zoneOffset } from "../org/jurisdictions.ts";
import { intakeContact } from "../tickets/intake-contact.ts";

/** A GeoReport v2 service: one category of the shipped tree (its finest level). */
export interface Open311Service {
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  readonly metadata: false;
  readonly type: "realtime";
  readonly keywords: string;
  readonly group: string;
}

/**
 * The services of a platform: its finest active categories, coded by their stable category codes
 * (C010203: the shipped tree's codes from the start; new categories get new codes, never reused).
 */
export async function open311Services(ctx: AppContext, jurisdictionId: string): Promise<Open311Service[]> {
  return (await leafCategoriesOf(ctx, jurisdictionId)).map(({ category, path }) => ({
    service_code: category.code,
    service_name: category.name,
    description: path.map((p) => p.name).join(" / "),
    metadata: false as const,
    type: "realtime" as const,
    keywords: path[path.length - 2]?.name ?? "",
    group: path[0]?.name ?? "",
  }));
}

/** Tickets record the category's name: the first service by code with that name is its service. */
function codesByName(services: readonly Open311Service[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of services) if (!m.has(s.service_name)) m.set(s.service_name, s.service_code);
  return m;
}

/** A request as Open311 shows it: no requester, no exact address, no unit's internal result. */
export interface Open311Request {
  readonly service_request_id: string;
  readonly status: "open" | "closed";
  readonly status_notes: string | null;
  readonly service_name: string | null;
  readonly service_code: string | null;
  readonly description: string;
  readonly agency_responsible: string | null;
  readonly service_notice: string | null;
  readonly requested_datetime: string;
  readonly updated_datetime: string;
  readonly expected_datetime: string | null;
  readonly address: string | null;
  readonly address_id: null;
  readonly zipcode: null;
  readonly lat: null;
  readonly long: null;
  readonly media_url: null;
}

const CLOSED = new Set(["concluded", "archived"]);
const NOTES: Record<string, string> = {
  awaiting_dispatch: "已受理，待派单",
  awaiting_sign: "已转办理单位",
  handling: "办理中",
  awaiting_return_decision: "办理中",
  awaiting_unit_review: "办理中",
  awaiting_review: "办理单位已反馈，热线审核中",
  awaiting_callback: "待回访",
  concluded: "已办结",
  archived: "已办结",
};

/**
 * Reports (举报) and requests whose requester asked for confidentiality are never public,
 * and merged tickets are shown through the one they joined.
 */
function isPublic(t: Pick<TicketState, "type" | "requester" | "status">): boolean {
  return t.type !== "report" && !t.requester.confidential && t.status !== "merged";
}

/** GeoReport's w3c datetime: the platform's local time with its offset, to the second. */
function iso(ms: number, offsetMinutes: number): string {
  return formatInstant(ms, offsetMinutes).replace(/\.\d{3}(?=[+-])/, "");
}

function view(t: TicketState, units: Map<string, string>, codes: Map<string, string>, offset: number): Open311Request {
  const lead = t.assignment?.leadUnitId;
  return {
    service_request_id: t.number,
    status: CLOSED.has(t.status) ? "closed" : "open",
    status_notes: NOTES[t.status] ?? null,
    service_name: t.category ?? null,
    service_code: (t.category && codes.get(t.category)) || null,
    // The title only: the full text may name people; it stays with the requester and the units.
    description: t.title,
    agency_responsible: lead ? (units.get(lead) ?? null) : null,
    service_notice: null,
    requested_datetime: iso(t.receivedAt, offset),
    updated_datetime: iso(t.updatedAt, offset),
    expected_datetime: t.clock?.due ? iso(t.clock.due, offset) : null,
    address: [t.location.district, t.location.subDistrict].filter(Boolean).join("") || null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

/** Filters of `GET requests`, as GeoReport v2 defines them. */
export interface Open311Query {
  readonly jurisdictionId: string;
  readonly serviceRequestIds?: readonly string[];
  readonly serviceCodes?: readonly string[];
  readonly startDate?: number;
  readonly endDate?: number;
  readonly status?: "open" | "closed";
}

/** Public requests, newest first: by default the last 90 days, at most 1 000 (the spec's defaults). */
export async function open311Requests(ctx: AppContext, q: Open311Query): Promise<Open311Request[]> {
  const services = await open311Services(ctx, q.jurisdictionId);
  const nameByCode = new Map(services.map((s) => [s.service_code, s.service_name]));
  const codeByName = codesByName(services);
  const end = q.endDate ?? ctx.now();
  const start = q.startDate ?? end - 90 * 86_400_000;
  const categories = q.serviceCodes?.map((c) => nameByCode.get(c) ?? `\u0000${c}`);
  const where = [
    sql`jurisdiction_id = ${q.jurisdictionId}`,
    sql`received_at >= ${new Date(start).toISOString()}::timestamptz`,
    sql`received_at <= ${new Date(end).toISOString()}::timestamptz`,
    sql`status <> 'merged'`,
    sql`type <> 'report'`,
  ];
  const ids = ctx.ticketIds.within(sql`id`, start, end + 1);
  if (ids) where.push(ids);
  if (q.serviceRequestIds?.length)
    where.push(
      sql`number in (${sql.join(
        q.serviceRequestIds.map((n) => sql`${n}`),
        sql`, `,
      )})`,
    );
  if (categories?.length)
    where.push(
      sql`category in (${sql.join(
        categories.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  if (q.status === "closed") where.push(sql`status in ('concluded', 'archived')`);
  if (q.status === "open") where.push(sql`status not in ('concluded', 'archived')`);
  const r = (await ctx.db.execute(sql`select state from ticket where ${sql.join(where, sql` and `)} order by received_at desc limit 1000`)) as unknown as {
    rows: { state: TicketState | string }[];
  };
  const tickets = r.rows.map((x) => stateOf(x.state)).filter(isPublic);
  const units = await lookupUnitNames(
    ctx.db,
    tickets.flatMap((t) => (t.assignment ? [t.assignment.leadUnitId] : [])),
  );
  const offset = await zoneOffset(ctx, q.jurisdictionId);
  return tickets.map((t) => view(t, units, codeByName, offset));
}

/** One public request by its number; a private one is "not found", like one that does not exist. */
export async function open311Request(ctx: AppContext, jurisdictionId: string, number: string): Promise<Result<Open311Request>> {
  const t = TICKET_NUMBER.test(number) ? await loadTicketByNumber(ctx.db, number, ctx.ticketIds) : undefined;
  if (!t || t.jurisdictionId !== jurisdictionId || !isPublic(t))
    return fail(domainError("REQUEST_NOT_FOUND", "诉求不存在", "no such request", { field: "service_request_id" }));
  const units = await lookupUnitNames(ctx.db, t.assignment ? [t.assignment.leadUnitId] : []);
  return ok(view(t, units, codesByName(await open311Services(ctx, jurisdictionId)), await zoneOffset(ctx, jurisdictionId)));
}

/** What a 311 client posts. */
export interface Open311Submission {
  readonly apiKey: string;
  readonly jurisdictionId: string;
  readonly serviceCode: string;
  readonly description: string;
  readonly addressString?: string;
  readonly lat?: number;
  readonly long?: number;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly phone?: string;
  readonly deviceId?: string;
}

/**
 * A 311 client submits a request: an integration's API key (GeoReport's `api_key`) is the
 * channel's identity; the request goes through the same intake as every other channel.
 */
export async function submitOpen311Request(
  ctx: AppContext,
  s: Open311Submission,
  idempotencyKey?: string,
): Promise<Result<{ service_request_id: string; service_notice: string; account_id: null }>> {
  const actor = (await actorForToken(ctx, s.apiKey, "integration")) ?? (await actorForToken(ctx, s.apiKey, "admin"));
  if (!actor) return fail(domainError("FORBIDDEN", "api_key 无效", "api_key is missing or invalid", { field: "api_key" }));
  const service = (await open311Services(ctx, s.jurisdictionId)).find((x) => x.service_code === s.serviceCode);
  if (!service) return fail(domainError("INVALID_ARGUMENT", `service_code ${s.serviceCode} 不存在`, `no service ${s.serviceCode}`, { field: "service_code" }));
  if (!s.addressString && (s.lat === undefined || s.long === undefined))
    return fail(
      domainError("INVALID_ARGUMENT", "须提供 address_string 或 lat/long", "address_string or lat and long is required", { field: "address_string" }),
    );
  const name = `${s.lastName ?? ""}${s.firstName ?? ""}`.trim();
  const channel: Channel = "app";
  const r = await intakeContact(
    ctx,
    { id: `open311:${actor.id}`, name: actor.name, role: "operator" },
    s.jurisdictionId,
    {
      channel,
      receivedAt: ctx.now(),
      requester: { kind: "person", ...(name ? { name } : {}), ...(s.phone ? { phone: s.phone } : {}) },
      type: "help",
      category: service.service_name,
      content: s.description,
      location: { address: s.addressString ?? `经纬度 ${s.lat},${s.long}` },
      outcome: { decision: "ticket" },
    },
    idempotencyKey,
  );
  if (!r.ok) return r;
  if (!r.value.ticket) return fail(domainError("INTERNAL", "未生成工单", "no ticket was made"));
  return ok({ service_request_id: r.value.ticket.number, service_notice: "已受理，将在法定时限内办理并答复", account_id: null });
}
