import { and, eq, sql } from "drizzle-orm";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { handoverLinks, units } from "../../store/schema/index.ts";
import { audit } from "../auth/accounts.ts";
import { type AppContext } from "../context.ts";
import { isOwnLineKind, type OwnLineUnit } from "../tickets/own-line-intake.ts";

/** A unit at the other end of the interface, as the receiver acts for it. */
export interface HandoverUnit extends OwnLineUnit {
  readonly code: string;
  readonly name: string;
}

/** The person the interface acts as: the unit itself, named so its events say it came through the interface. */
export function handoverActor(u: HandoverUnit): TicketActor {
  return { id: `handover:${u.code}`, name: `${u.name}（系统对接）`, role: "unit_leader", unitId: u.id };
}

/** The unit by its code on a platform, with its link's secret; undefined where it has none. */
export async function handoverLinkOf(ctx: AppContext, jurisdictionId: string, unitCode: string): Promise<{ unit: HandoverUnit; secret: string } | undefined> {
  const [r] = await ctx.db
    .select({ id: units.id, code: units.code, name: units.name, kind: units.kind, active: units.active, secret: handoverLinks.secret })
    .from(units)
    .innerJoin(handoverLinks, eq(handoverLinks.unitId, units.id))
    .where(and(eq(units.jurisdictionId, jurisdictionId), eq(units.code, unitCode)));
  if (!r || !r.active || !isOwnLineKind(r.kind)) return undefined;
  return { unit: { id: r.id, code: r.code, name: r.name, kind: r.kind, jurisdictionId }, secret: r.secret };
}

/** The links of a platform with how their pushes stand (what waits, the last error); secrets never leave. */
export async function listHandoverLinks(ctx: AppContext, actor: TicketActor, jurisdictionId: string) {
  if (!can(actor, "handover.manage") && !can(actor, "supervision.board")) return fail(forbidden("handover.manage"));
  const rows = (await ctx.db.execute(sql`
    select u.id as unit_id, u.code, u.name, u.kind, l.url, l.updated_at,
      (select count(*) from exchange_outbox o where o.target = 'unit:' || u.id and o.status = 'queued')::int as queued,
      (select o.last_error from exchange_outbox o where o.target = 'unit:' || u.id and o.status = 'queued' and o.last_error is not null order by o.created_at desc limit 1) as last_error
    from handover_link l join unit u on u.id = l.unit_id
    where l.jurisdiction_id = ${jurisdictionId} order by u.code`)) as unknown as {
    rows: { unit_id: string; code: string; name: string; kind: string; url: string; updated_at: Date | string; queued: number; last_error: string | null }[];
  };
  return ok(
    rows.rows.map((r) => ({
      unitId: r.unit_id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      url: r.url,
      updatedAt: new Date(r.updated_at).getTime(),
      queued: Number(r.queued),
      lastError: r.last_error,
    })),
  );
}

/**
 * Connects a sub-centre's or dual-number unit's own system (GZ-7, GZ-28), or disconnects it
 * (`link` null): the address the hotline pushes to and the shared secret. Audited, without the secret.
 */
export async function setHandoverLink(
  ctx: AppContext,
  actor: TicketActor,
  jurisdictionId: string,
  unitId: string,
  link: { url: string; secret: string } | null,
): Promise<Result<{ unitId: string; url: string | null }>> {
  if (!can(actor, "handover.manage")) return fail(forbidden("handover.manage"));
  const [u] = await ctx.db
    .select()
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.jurisdictionId, jurisdictionId)));
  if (!u) return fail(domainError("UNIT_NOT_FOUND", "单位不存在", "no such unit on this platform", { field: "unitId" }));
  if (!isOwnLineKind(u.kind))
    return fail(
      domainError("INVALID_ARGUMENT", "只有分中心和双号并行单位通过接口对接", "only sub-centres and dual-number units connect through the interface", {
        field: "unitId",
        rule: "GZ-7",
      }),
    );
  const at = new Date(ctx.now());
  if (link === null) {
    await ctx.db.delete(handoverLinks).where(eq(handoverLinks.unitId, unitId));
    await audit(ctx, { actorId: actor.id, jurisdictionId, action: "handover.unlink", target: `${jurisdictionId}/${u.code}`, outcome: "ok" });
    return ok({ unitId, url: null });
  }
  let url: URL;
  try {
    url = new URL(link.url);
  } catch {
    return fail(domainError("INVALID_ARGUMENT", "对接地址不是有效的网址", "url is not a valid URL", { field: "url" }));
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return fail(domainError("INVALID_ARGUMENT", "对接地址须为 http(s) 网址", "url must be http(s)", { field: "url" }));
  if (link.secret.length < 16)
    return fail(domainError("INVALID_ARGUMENT", "签名密钥至少 16 个字符", "the secret needs at least 16 characters", { field: "secret" }));
  await ctx.db
    .insert(handoverLinks)
    .values({ unitId, jurisdictionId, url: url.toString(), secret: link.secret, updatedBy: actor.id, updatedAt: at })
    .onConflictDoUpdate({ target: handoverLinks.unitId, set: { url: url.toString(), secret: link.secret, updatedBy: actor.id, updatedAt: at } });
  await audit(ctx, {
    actorId: actor.id,
    jurisdictionId,
    action: "handover.link",
    target: `${jurisdictionId}/${u.code}`,
    outcome: "ok",
    details: { url: url.toString() },
  });
  return ok({ unitId, url: url.toString() });
}
