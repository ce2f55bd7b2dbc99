import { type FastifyReply } from "fastify";
import { type DomainError } from "../app/errors.ts";

/** The body of every error answer: a stable code, Chinese and English text, the rule and the field. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageEn: string;
    rule?: string;
    field?: string;
    details?: DomainError["details"];
  };
}

/** The one map from domain error codes to HTTP status. */
export function statusOf(code: string): number {
  if (code.endsWith("_NOT_FOUND")) return 404;
  if (code === "UNAUTHORIZED") return 401;
  if (code === "FORBIDDEN" || code === "NOT_ASSIGNED") return 403;
  if (code === "ACCOUNT_LOCKED") return 423;
  // The ticket is not in a state that allows it: a conflict with the current state.
  // Something that exists or was done already (a platform's id, a rating, a publication) is a conflict too.
  if (code.endsWith("_CONFLICT") || code.endsWith("_LOCKED") || code.endsWith("_EXISTS") || code.startsWith("ALREADY_") || code === "COMMAND_NOT_ALLOWED")
    return 409;
  if (code.startsWith("INVALID") || code.endsWith("_INVALID") || code.endsWith("_UNKNOWN") || code === "BAD_REQUEST") return 400;
  return 422;
}

/** Turns a domain error into the error body. */
export function errorBody(e: DomainError): ErrorBody {
  return {
    error: {
      code: e.code,
      message: e.zh,
      messageEn: e.en,
      ...(e.rule ? { rule: e.rule } : {}),
      ...(e.field ? { field: e.field } : {}),
      ...(e.details ? { details: e.details } : {}),
    },
  };
}

/** Sends a domain error with its mapped status. */
export function sendError(reply: FastifyReply, e: DomainError, status = statusOf(e.code)) {
  return reply.code(status).send(errorBody(e));
}
