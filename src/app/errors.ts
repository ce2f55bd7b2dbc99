/** The typed refusals use cases answer, for the adapters that pass them on (HTTP, CLI). */
export { domainError, fail, ok, type DomainError, type Result } from "../domain/shared/domain-error.ts";
