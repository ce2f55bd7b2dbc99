import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { changeCategory, categoryTreeOf, shippedTree } from "../../app/categories/categories.ts";
import { type AppContext } from "../../app/context.ts";
import { jurisdictionOf } from "../../app/org/jurisdictions.ts";
import { domainError } from "../../app/errors.ts";
import { sendError } from "../errors.ts";
import { ticketActor } from "../ticket-actor.ts";
import { jsonSchema, parseWith } from "../validation.ts";

const Code = z.string().regex(/^C(\d{2}){1,3}$/, "C + 2–6 digits");
const Name = z.string().max(30);
const Version = z.number().int().positive();
const CategoryChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("create"), parentCode: Code.nullable(), name: Name }).strict(),
  z.object({ kind: z.literal("rename"), code: Code, version: Version, name: Name }).strict(),
  z.object({ kind: z.literal("deactivate"), code: Code, version: Version }).strict(),
  z.object({ kind: z.literal("reactivate"), code: Code, version: Version }).strict(),
]);
const noJurisdiction = (id: string) => domainError("JURISDICTION_NOT_FOUND", `未找到平台 ${id}`, `no jurisdiction ${id}`, { field: "jurisdiction" });
const TreeQuery = z.object({ jurisdiction: z.string().min(1).max(64).optional(), all: z.enum(["true", "false"]).optional() }).strict();

/** The category tree operators pick from, and its maintenance by administrators (GZ-11, GX-20). */
export function categoryRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    "/api/v1/categories",
    { schema: { tags: ["reference"], summary: "诉求分类树 / the category tree (a platform's with ?jurisdiction=, stopped ones too with all=true)" } },
    async (req, reply) => {
      const q = parseWith(TreeQuery, req.query, "query");
      if (!q.ok) return sendError(reply, q.error);
      // Without a platform: the shipped tree every platform begins from.
      if (!q.value.jurisdiction) return { tree: shippedTree() };
      if (!(await jurisdictionOf(ctx, q.value.jurisdiction))) return sendError(reply, noJurisdiction(q.value.jurisdiction));
      return { jurisdiction: q.value.jurisdiction, tree: await categoryTreeOf(ctx, q.value.jurisdiction, q.value.all === "true") };
    },
  );

  app.post(
    "/api/v1/jurisdictions/:jurisdiction/categories/changes",
    { schema: { tags: ["admin"], summary: "维护诉求分类：新增、改名、停用、启用 / change the category tree", body: jsonSchema(CategoryChangeSchema) } },
    async (req, reply) => {
      const actor = await ticketActor(ctx, req, reply);
      if (!actor) return reply;
      const b = parseWith(CategoryChangeSchema, req.body);
      if (!b.ok) return sendError(reply, b.error);
      const { jurisdiction } = req.params as { jurisdiction: string };
      if (!(await jurisdictionOf(ctx, jurisdiction))) return sendError(reply, noJurisdiction(jurisdiction));
      const r = await changeCategory(ctx, actor, jurisdiction, b.value);
      if (!r.ok) return sendError(reply, r.error);
      return reply.code(b.value.kind === "create" ? 201 : 200).send({ changed: r.value });
    },
  );
}
