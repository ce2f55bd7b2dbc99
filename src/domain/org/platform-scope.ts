import { domainError, type DomainError } from "../shared/domain-error.ts";

/** Whoever acts, as far as which platform's data they may reach. */
export interface PlatformScoped {
  /** Absent: the deployment's own actor (system, CLI, deployment token), which reaches every platform. */
  readonly jurisdictionId?: string | undefined;
}

/**
 * May this actor reach data of that platform? A city's staff and the tokens its admins make
 * reach their own platform only; a region's staff see its cities' tickets through the exchange
 * (copies sent up), never through the cities' own records.
 */
export function reachesPlatform(actor: PlatformScoped, jurisdictionId: string | null | undefined): boolean {
  return actor.jurisdictionId === undefined || actor.jurisdictionId === jurisdictionId;
}

/**
 * The refusal for naming another platform in a request (the field that named it). It does not
 * echo the platform: the answer for a real platform and for one that does not exist is the same.
 */
export function otherPlatform(field: string): DomainError {
  return domainError("FORBIDDEN", "无权访问其他平台的数据", "you may not reach the data of another platform", { field });
}
