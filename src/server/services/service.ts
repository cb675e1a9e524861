// What a background service is (a name and one pass, `runOnce`), and the loop that runs passes on a timer with a
// `stop()` that waits for the pass in progress. Leasing (one host at a time) is in lease.ts; wiring in index.ts.

/** A background service: one pass at a time, driven by whoever calls `runOnce` (a loop, or a test's clock). */
export interface Service<S = unknown> {
  /** A short name, used in error reports ("scheduler", "late-runs"). */
  readonly name: string;
  /** Runs one pass and resolves with a small summary of what it did. */
  runOnce(): Promise<S>;
}

/** Options of {@link startLoop}. */
export interface LoopOptions {
  /** Seconds between the end of one pass and the start of the next. */
  readonly loopSeconds: number;
  /** Called when a pass throws; the loop goes on. @default ignore */
  readonly onError?: (error: unknown) => void;
  /** Let the process exit while the loop waits (for hosts whose lifetime is someone else's). @default false */
  readonly unref?: boolean;
}

/** A running loop. */
export interface Loop {
  /** Stops scheduling passes; resolves once the pass in progress (if any) has finished. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Calls `pass` now and then every `loopSeconds` after each pass ends, until stopped. Timers keep the process
 * alive unless `unref` is set, so `server start` runs until it is told to stop.
 */
export function startLoop(pass: () => Promise<unknown>, options: LoopOptions): Loop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const tick = (): void => {
    timer = undefined;
    if (stopped) return;
    current = pass()
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        current = undefined;
        if (stopped) return;
        timer = setTimeout(tick, Math.max(0, options.loopSeconds * 1000));
        if (options.unref) timer.unref();
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await current;
    },
  };
}
