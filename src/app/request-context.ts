/**
 * The HTTP adapter marks the work of each request with its id; the store writes that id into
 * every event the request appends (store/request-context.ts keeps it).
 */
export { inRequest } from "../store/request-context.ts";
