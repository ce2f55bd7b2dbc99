import { type FastifyInstance } from "fastify";
import { type AppContext } from "../../app/context.ts";
import { dayOfInstant, yearOfDay } from "../../app/vocabulary.ts";
import { databaseReadiness } from "../../app/ops/readiness.ts";

/** Liveness and readiness for load balancers and operators. */
export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get("/health/live", async () => ({ status: "ok" }));

  app.get("/health/ready", async (_req, reply) => {
    const { database, migrationsPending } = await databaseReadiness(ctx);
    const nextYear = yearOfDay(dayOfInstant(ctx.now(), 480)) + 1;
    const loaded = ctx.calendars.loadedKeys();
    // Intake never stops for a missing calendar (GX-5): a missing notice is a warning, not unreadiness.
    const calendar = { status: loaded.has(`CN-${nextYear}`) ? "ok" : "warn", comingYear: nextYear, comingYearLoaded: loaded.has(`CN-${nextYear}`) };
    const ready = database === "ok" && migrationsPending === 0 && ctx.calendars.hasNationalYears();
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not-ready", database, databaseKind: ctx.handle.kind, migrationsPending, calendar });
  });
}
