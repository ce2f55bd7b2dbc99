// The schema by area, one file each; drizzle-kit and the code read it all from here.
export * from "./calendar.ts";
export * from "./org.ts";
export * from "./auth.ts";
export * from "./tickets.ts";
export * from "./dispatch.ts";
export * from "./assist.ts";
export * from "./assessment.ts";
export * from "./knowledge.ts";
export * from "./analytics.ts";
export * from "./calls.ts";
export * from "./exchange.ts";
export * from "./archive.ts";
export * from "./leaders.ts";
