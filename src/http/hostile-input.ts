import { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { domainError, type DomainError } from "../app/errors.ts";
import { errorBody } from "./errors.ts";

// Checks every request makes before a route reads it, so a scanner's input is refused with a
// 4xx naming what was wrong instead of reaching PostgreSQL (which cannot store a NUL or a lone
// surrogate) or a recursive walk (which a body nested thousands deep overflows).

/** Deeper than any body the API takes (the deepest, a policy document, is under 10). */
export const MAX_JSON_DEPTH = 64;

/**
 * How deep the arrays and objects of a JSON text nest, counted without parsing it, stopping
 * once past `limit`. JSON.parse itself and every walk after it recurse; this does not.
 */
export function jsonDepthOver(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

const NESTED = domainError(
  "INVALID_BODY",
  `请求体嵌套过深（超过 ${MAX_JSON_DEPTH} 层）`,
  `the request body is nested too deeply (more than ${MAX_JSON_DEPTH} levels)`,
  { field: "body" },
);

/** Replaces Fastify's JSON parser with one that refuses deep nesting before parsing. */
export function guardedJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (typeof body === "string" && jsonDepthOver(body, MAX_JSON_DEPTH)) {
      done(Object.assign(new Error(NESTED.en), { statusCode: 400, error: errorBody(NESTED).error }), undefined);
      return;
    }
    parse(req, body as string, done);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// String.prototype.isWellFormed is ES2024, past the lib this project compiles against.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What in a text PostgreSQL cannot store: a NUL, or a lone UTF-16 surrogate (not a character at all). */
export function unstorableText(s: string): "nul" | "surrogate" | undefined {
  if (s.includes("\u0000")) return "nul";
  if (LONE_SURROGATE.test(s)) return "surrogate";
  return undefined;
}

// Control characters no id, code or phone number holds.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u001f\u007f]/;

/** The error for a path parameter that cannot be what it names, or undefined when it can. */
export function badPathParam(route: string, name: string, value: string): DomainError | undefined {
  if (unstorableText(value) || CONTROL.test(value))
    return domainError("INVALID_ARGUMENT", `路径参数 ${name} 含有不允许的字符`, `path parameter ${name} contains a character that is not allowed`, {
      field: name,
    });
  // The API's own records are named by UUID; the reference routes under /api/ name
  // jurisdictions and policies by their slug, and telephony's call ids are the switch's own.
  const isRecordId = route.startsWith("/api/v1/") && (name === "id" || (name.endsWith("Id") && name !== "callId"));
  if (isRecordId && !UUID.test(value))
    return domainError("INVALID_ARGUMENT", `路径参数 ${name} 不是有效的编号（UUID）`, `path parameter ${name} is not a valid id (UUID)`, { field: name });
  return undefined;
}

/** Refuses, before any route runs, a request whose path parameters cannot be what they name. */
export function pathParamGuard(app: FastifyInstance): void {
  app.addHook("preValidation", (req: FastifyRequest, reply: FastifyReply, done) => {
    const params = (req.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      if (typeof value !== "string") continue;
      const e = badPathParam(req.routeOptions.url ?? "", name, value);
      if (e) {
        void reply.code(400).send(errorBody(e));
        return;
      }
    }
    done();
  });
}
