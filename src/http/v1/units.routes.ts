import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { type AppContext } from "../../app/context.ts";
import { maintainUnit } from "../../app/org/maintain-units.ts";
import { addJurisdiction } from "../../app/org/add-jurisdiction.ts";
import { UNIT_KINDS } from "../../app/vocabulary.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";

const Place = {
  district: z.string().trim().max(50).nullable().optional(),
  subDistrict: z.string().trim().max(50).nullable().optional(),
  serviceNumber: z.string().trim().max(20).nullable().optional(),
};
const UnitChangeSchema = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("create"), parentId: z.uuid(), code: z.string().max(40), name: z.string().max(100), unitKind: z.enum(UNIT_KINDS), ...Place })
    .strict(),
  z.object({ kind: z.literal("update"), id: z.uuid(), name: z.string().max(100).optional(), ...Place }).strict(),
  z.object({ kind: z.literal("move"), id: z.uuid(), parentId: z.uuid() }).strict(),
  z.object({ kind: z.literal("deactivate"), id: z.uuid() }).strict(),
  z.object({ kind: z.literal("reactivate"), id: z.uuid() }).strict(),
]);

/** The unit tree's maintenance by administrators (units are never deleted, only stopped). */
export function unitRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post(
    "/api/v1/jurisdictions/:jurisdiction/units/changes",
    { schema: { tags: ["admin"], summary: "维护单位：新增、修改、调整上级、停用、启用 / change the unit tree", body: jsonSchema(UnitChangeSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(UnitChangeSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
      const r = await maintainUnit(ctx, actor, (req.params as { jurisdiction: string }).jurisdiction, strip(b.value) as Parameters<typeof maintainUnit>[3]);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(b.value.kind === "create" ? 201 : 200).send({ unit: r.value });
    },
  );

  // A platform from its file (the same as `hotline jurisdiction add`): the deployment's administrators only.
  app.post(
    "/api/v1/admin/jurisdictions",
    { schema: { tags: ["admin"], summary: "由一个文件新增平台（政策与单位树）/ bring a platform up from its file" } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const r = await addJurisdiction(ctx, actor, req.body);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(201).send({ jurisdiction: r.value });
    },
  );
}
