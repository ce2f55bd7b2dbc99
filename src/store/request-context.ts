import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request a piece of work belongs to, carried implicitly from the HTTP adapter to the
 * repositories, so every event written records which request wrote it (to match logs and
 * events) without threading an id through the domain, which has no business knowing it.
 */
const store = new AsyncLocalStorage<{ readonly requestId: string }>();

/** Runs `fn` as part of request `requestId`. */
export function inRequest<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

/** The current request's id, if this work runs for one (background jobs run for none). */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
