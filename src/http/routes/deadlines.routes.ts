import { type FastifyInstance } from "fastify";
import { z } from "zod";
import { answerDeadline } from "../../app/deadlines/compute-deadline.ts";
import { type AppContext } from "../../app/context.ts";
import { sendError } from "../errors.ts";

const QuerySchema = z.object({
  policy: z.string().optional(),
  rule: z.string().optional(),
  type: z.string().optional(),
  from: z.string().optional(),
  urgent: z.enum(["true", "false", "1", "0"]).optional(),
  channel: z.string().optional(),
  category: z.string().optional(),
  extensions: z.string().optional(),
});

/** `GET /api/v1/deadlines`: the engine for support staff and screens, same answers as the CLI. */
export function deadlineRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get("/api/v1/deadlines", async (req, reply) => {
    const q = QuerySchema.parse(req.query);
    const r = answerDeadline(ctx, { ...q, urgent: q.urgent === "true" || q.urgent === "1" });
    if (!r.ok) return sendError(reply, r.error);
    return r.value;
  });
}
