// The clock every time-dependent piece of the engine and the worker reads (retry delays, poll sleeps, heartbeats),
// so tests drive time instead of waiting for it. The system clock is the default; `prefect-ts/testing` has a manual one.
// The server's services take the same idea as a `now: () => Date` option.

/** Time as the engine and the worker see it. */
export interface Clock {
  /** The current time, epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` milliseconds have passed on this clock, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall time and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    });
  },
};

/**
 * Calls `beat` every `intervalMs` on `clock` until the returned function is called (heartbeats). A beat that is
 * still running when the next is due is not awaited: `beat` reports its own failures.
 */
export function every(clock: Clock, intervalMs: number, beat: () => void): () => void {
  const stop = new AbortController();
  void (async () => {
    for (;;) {
      await clock.sleep(intervalMs, stop.signal);
      if (stop.signal.aborted) return;
      beat();
    }
  })();
  return () => stop.abort();
}
