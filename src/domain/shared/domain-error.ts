/**
 * A refusal by the domain: a stable code, a message in Chinese and in English, the rule
 * that caused it and, for bad input, the field at fault. HTTP and the CLI map it to a status
 * or an exit code; nothing else about an error is needed to explain it to a person.
 */
export interface DomainError {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  /** Rule ID from the requirements catalogue, when a rule is the reason. */
  readonly rule?: string;
  /** Input field at fault, for validation errors. */
  readonly field?: string;
  /** Each problem found, when there were several (a file with bad lines, a form with bad fields). */
  readonly details?: readonly ErrorDetail[];
}

/** One problem inside a larger refusal: where it is and why, in both languages. */
export interface ErrorDetail {
  readonly line?: number;
  readonly field?: string;
  readonly zh: string;
  readonly en: string;
}

/** The outcome of a domain decision: a value or a typed error, never a throw. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps a domain error as a failed result. */
export function fail<T = never>(error: DomainError): Result<T> {
  return { ok: false, error };
}

/** Builds a domain error; keeps call sites short and uniform. */
export function domainError(
  code: string,
  zh: string,
  en: string,
  extra: { rule?: string; field?: string; details?: readonly ErrorDetail[] } = {},
): DomainError {
  return { code, zh, en, ...extra };
}
