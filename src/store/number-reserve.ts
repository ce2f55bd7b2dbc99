/** A platform day's ticket counter, as the reserve uses it. */
export interface DayCounter {
  /** Takes the next `count` sequence numbers of the day; answers the last one taken. */
  take(prefix: string, day: string, count: number): Promise<number>;
  /** Gives `first`…`last` back if they are still the day's last numbers taken; answers whether they were. */
  giveBack(prefix: string, day: string, first: number, last: number): Promise<boolean>;
}

export interface ReserveOptions {
  /** Takes this close together mean intakes are arriving in a stream: numbers are then taken ahead. */
  readonly busyWithinMs: number;
  /** The most numbers held ahead of need. */
  readonly maxAhead: number;
  readonly now: () => number;
  /** A failed call nobody waits on: a refill ahead of need (the next take asks the counter again) or a give-back (its numbers stay a gap). */
  readonly onBackgroundError?: (error: unknown) => void;
}

/** The sequence numbers of platform days this process hands out, taken from the counter in runs. */
export interface NumberReserve {
  /** `count` sequence numbers of the day, increasing in the order taken within this process. */
  take(prefix: string, day: string, count: number): Promise<number[]>;
  /** Gives back what is held and not handed out, where no one has taken numbers after it. */
  release(): Promise<void>;
}

interface Waiter {
  readonly count: number;
  readonly resolve: (numbers: number[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Held {
  readonly prefix: string;
  readonly day: string;
  /** Runs of numbers taken and not yet handed out, oldest first: [first, last]. */
  runs: [number, number][];
  waiting: Waiter[];
  fetching: boolean;
  lastTakeAt: number;
  /** How many numbers to hold ahead while intakes stream in: twice the last take. */
  ahead: number;
}

/**
 * Ticket numbers taken from the day's counter ahead of need while intakes stream in, so a batch of
 * new tickets waits for one commit (its own) instead of two (the counter's, then its own). At rest
 * (takes further apart than {@link ReserveOptions.busyWithinMs}) a take asks the counter for just
 * what it needs, as before. What is held ahead is at most a couple of batches; what a stopping
 * process still holds is given back if no one took numbers after it, else it is a gap, as a failed
 * intake's number always was. Between several instances, numbers are unique but follow each
 * instance's order, not the platform's, by up to what an instance holds.
 *
 * Hand-written: a database sequence with a cache does the same, but a sequence cannot restart per
 * platform and day, which the number's format requires.
 */
export function numberReserve(counter: DayCounter, opts: ReserveOptions): NumberReserve {
  const days = new Map<string, Held>();

  const available = (h: Held) => h.runs.reduce((n, [first, last]) => n + last - first + 1, 0);

  const handOut = (h: Held, count: number): number[] => {
    const out: number[] = [];
    while (out.length < count) {
      const run = h.runs[0] as [number, number];
      out.push(run[0]);
      if (run[0] === run[1]) h.runs.shift();
      else run[0]++;
    }
    return out;
  };

  const add = (h: Held, last: number, count: number) => {
    const first = last - count + 1;
    const top = h.runs[h.runs.length - 1];
    if (top && top[1] + 1 === first) top[1] = last;
    else h.runs.push([first, last]);
  };

  const serve = (h: Held) => {
    while (h.waiting.length > 0 && available(h) >= (h.waiting[0] as Waiter).count) {
      const w = h.waiting.shift() as Waiter;
      w.resolve(handOut(h, w.count));
    }
  };

  /** One counter call at a time per day, so the runs come in increasing order. */
  const askCounter = (h: Held, count: number, background: boolean) => {
    h.fetching = true;
    counter.take(h.prefix, h.day, count).then(
      (last) => {
        h.fetching = false;
        add(h, last, count);
        serve(h);
        pump(h);
      },
      (e: unknown) => {
        h.fetching = false;
        // Those waiting on this call fail with it, as a batch fails when its numbers cannot be taken.
        for (const w of h.waiting.splice(0)) w.reject(e);
        if (background) opts.onBackgroundError?.(e);
      },
    );
  };

  const pump = (h: Held) => {
    if (h.fetching) return;
    const need = h.waiting.reduce((n, w) => n + w.count, 0) - available(h);
    if (need > 0) return askCounter(h, need + h.ahead, false);
    if (h.ahead > 0 && available(h) < h.ahead / 2) askCounter(h, h.ahead - available(h), true);
  };

  const heldFor = (prefix: string, day: string): Held => {
    const key = `${prefix}\u0000${day}`;
    let h = days.get(key);
    if (!h) {
      // A new day: what the platform's earlier days still hold will not be used.
      for (const [k, old] of days) {
        if (old.prefix !== prefix || old.day >= day || old.fetching || old.waiting.length > 0) continue;
        days.delete(k);
        giveBack(old).catch((e: unknown) => opts.onBackgroundError?.(e));
      }
      h = { prefix, day, runs: [], waiting: [], fetching: false, lastTakeAt: -Infinity, ahead: 0 };
      days.set(key, h);
    }
    return h;
  };

  const giveBack = async (h: Held) => {
    const top = h.runs.pop();
    h.runs = [];
    if (top) await counter.giveBack(h.prefix, h.day, top[0], top[1]);
  };

  return {
    take: (prefix, day, count) => {
      const h = heldFor(prefix, day);
      const now = opts.now();
      h.ahead = now - h.lastTakeAt <= opts.busyWithinMs ? Math.min(opts.maxAhead, 2 * count) : 0;
      h.lastTakeAt = now;
      const answer = new Promise<number[]>((resolve, reject) => h.waiting.push({ count, resolve, reject }));
      serve(h);
      pump(h);
      return answer;
    },
    release: async () => {
      const idle = [...days.values()].filter((h) => !h.fetching && h.waiting.length === 0);
      days.clear();
      // A give-back that fails leaves a gap; it must not stop a shutdown.
      await Promise.all(idle.map((h) => giveBack(h).catch((e: unknown) => opts.onBackgroundError?.(e))));
    },
  };
}
