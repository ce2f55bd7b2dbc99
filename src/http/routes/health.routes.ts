import { type FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { type AppContext } from "../../app/context.ts";
import { dayOfInstant, yearOfDay } from "../../domain/calendar/local-date.ts";
import { pendingMigrations } from "../../store/database.ts";

/** Liveness and readiness for load balancers and operators. */
export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get("/health/live", async () => ({ status: "ok" }));

  app.get("/health/ready", async (_req, reply) => {
    let database = "ok";
    let migrationsPending = 0;
    try {
      await ctx.db.execute(sql`select 1`);
      migrationsPending = await pendingMigrations(ctx.db);
    } catch {
      database = "unreachable";
    }
    const nextYear = yearOfDay(dayOfInstant(ctx.now(), 480)) + 1;
    const loaded = ctx.calendars.loadedKeys();
    // Intake never stops for a missing calendar (GX-5): a missing notice is a warning, not unreadiness.
    const calendar = { status: loaded.has(`CN-${nextYear}`) ? "ok" : "warn", comingYear: nextYear, comingYearLoaded: loaded.has(`CN-${nextYear}`) };
    const ready = database === "ok" && migrationsPending === 0 && ctx.calendars.hasNationalYears();
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not-ready", database, databaseKind: ctx.handle.kind, migrationsPending, calendar });
  });
}
