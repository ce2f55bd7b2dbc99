/**
 * Runs `work` every `intervalMs` (the next run starts when the last has finished, so runs
 * never overlap); a failure is logged and the loop goes on. Returns the stop function, which
 * waits for the run in flight: a stopping server finishes its claimed work.
 */
export function runEvery(work: () => Promise<unknown>, intervalMs: number, log: (e: unknown) => void, firstDelayMs = intervalMs): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    running = work()
      .catch(log)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, firstDelayMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
