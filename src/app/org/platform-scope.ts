/** Which platform's data an actor may reach (domain/org/platform-scope.ts), for the adapters. */
export { otherPlatform, reachesPlatform, type PlatformScoped } from "../../domain/org/platform-scope.ts";
