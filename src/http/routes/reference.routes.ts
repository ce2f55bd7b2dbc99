import { type FastifyInstance } from "fastify";
import { type AppContext } from "../../app/context.ts";
import { domainError } from "../../app/errors.ts";
import { UNIT_KIND_LABELS, isUnitKind } from "../../app/vocabulary.ts";
import { allJurisdictions, unitsOf, type UnitRow } from "../../app/org/jurisdictions.ts";
import { sendError } from "../errors.ts";

interface UnitTreeOut {
  id: string;
  code: string;
  name: string;
  kind: string;
  kindLabel: string;
  district: string | null;
  subDistrict: string | null;
  serviceNumber: string | null;
  /** Stopped units stay in the tree (history names them) but are not offered for new work. */
  active: boolean;
  children: UnitTreeOut[];
}

function toTree(rows: readonly UnitRow[]): UnitTreeOut[] {
  const nodes = new Map<string, UnitTreeOut>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      kindLabel: isUnitKind(r.kind) ? UNIT_KIND_LABELS[r.kind] : r.kind,
      district: r.district,
      subDistrict: r.subDistrict,
      serviceNumber: r.serviceNumber,
      active: r.active,
      children: [],
    });
  }
  const roots: UnitTreeOut[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id);
    if (!node) continue;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Policies (read, with rule IDs), jurisdictions and their unit trees. */
export function referenceRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get("/api/v1/policies", async () => ({
    policies: ctx.policies
      .all()
      .map((p) => ({ id: p.id, name: p.name, extends: p.extends ?? null, regulation: p.regulation, ticketNumberPrefix: p.ticketNumberPrefix })),
  }));

  app.get("/api/v1/policies/:policy", async (req, reply) => {
    const { policy } = req.params as { policy: string };
    const p = ctx.policies.get(policy);
    if (!p.ok) return sendError(reply, p.error);
    return p.value;
  });

  app.get("/api/v1/jurisdictions", async () => ({ jurisdictions: await allJurisdictions(ctx) }));

  app.get("/api/v1/jurisdictions/:jurisdiction/units", async (req, reply) => {
    const { jurisdiction: id } = req.params as { jurisdiction: string };
    const all = await allJurisdictions(ctx);
    if (!all.some((j) => j.id === id))
      return sendError(reply, domainError("JURISDICTION_NOT_FOUND", `未找到平台 ${id}`, `no jurisdiction ${id}`, { field: "jurisdiction" }));
    return { jurisdiction: id, units: toTree(await unitsOf(ctx, id)) };
  });
}
