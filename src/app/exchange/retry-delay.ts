/** The longest wait between attempts: the exchange never gives up, it waits for the other side. */
const MAX_BACKOFF_MS = 10 * 60_000;

/** The wait before the next push after `attempts` failed ones: 15 s, doubling, at most ten minutes (both directions). */
export function exchangeRetryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 15_000 * 2 ** (attempts - 1));
}
