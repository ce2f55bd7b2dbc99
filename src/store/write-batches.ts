/** How a batched write is run: at most `maxBatch` items in one call, at most `maxInFlight` calls at once. */
export interface BatchLimits<T> {
  readonly maxBatch: number;
  readonly maxInFlight: number;
  /**
   * A call starts as soon as this many items wait (and a call may start), without waiting for
   * the turn of the event loop to end: under a burst of requests the database works on the first
   * part while the process is still reading the rest, instead of the two taking turns. Unset: a
   * call starts at the end of the turn.
   */
  readonly startAt?: number;
  /** Items of one key never go in one call (two changes of one ticket): the later waits for the next. */
  readonly keyOf?: (item: T) => string;
  /**
   * Whether a failed call failed for one of its items (written again one by one to find it), as
   * opposed to failing as a whole (a lost connection: every item gets the error, none is written
   * twice, since a call whose answer was lost may have committed).
   */
  readonly itemFault: (error: unknown) => boolean;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (r: R) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit for one kind of write. Items submitted while earlier writes are in flight wait and
 * go together in the next call of `write` (one statement, one commit), so under load each commit
 * carries many items and at rest an item goes alone, at once. `write` answers one result per
 * item, in order. When a batch fails for one of its items ({@link BatchLimits.itemFault}), its
 * items are written again one by one, so one bad item fails alone and its neighbours are not lost
 * or failed with it.
 *
 * Hand-written: the batching libraries on npm (dataloader and the like) batch per tick for
 * reads; this one batches for as long as the previous commit takes, bounds the commits in flight
 * and isolates a failing item, which is what a write path needs.
 */
export function writeBatches<T, R>(write: (items: readonly T[]) => Promise<readonly R[]>, limits: BatchLimits<T>): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = async (batch: readonly Waiting<T, R>[]): Promise<void> => {
    try {
      const results = await write(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`a batched write answered ${results.length} results for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(results[i] as R));
    } catch (e) {
      if (batch.length === 1 || !limits.itemFault(e)) {
        for (const w of batch) w.reject(e);
        return;
      }
      for (const w of batch) await settle([w]);
    }
  };

  const take = (): Waiting<T, R>[] => {
    const keyOf = limits.keyOf;
    if (!keyOf) return queue.splice(0, limits.maxBatch);
    const batch: Waiting<T, R>[] = [];
    const rest: Waiting<T, R>[] = [];
    const keys = new Set<string>();
    for (const w of queue) {
      const k = keyOf(w.item);
      if (batch.length < limits.maxBatch && !keys.has(k)) {
        keys.add(k);
        batch.push(w);
      } else rest.push(w);
    }
    queue = rest;
    return batch;
  };

  const drain = (): void => {
    scheduled = false;
    while (inFlight < limits.maxInFlight && queue.length > 0) {
      const batch = take();
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        drain();
      });
    }
  };

  return (item: T) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (limits.startAt !== undefined && queue.length === limits.startAt && inFlight < limits.maxInFlight) {
        // After the current request's own synchronous work, so items it submits together still go together.
        queueMicrotask(drain);
        return;
      }
      // Items arriving in the same turn of the event loop (a burst of requests) go together.
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    });
}
