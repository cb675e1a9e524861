// A clock that moves only when a test says so: retries, poll sleeps and heartbeats waiting on it resolve as
// `advance()` passes their time, so tests drive time instead of sleeping. The system clock lives in engine/clock.ts.
import type { Clock } from "../engine/index.js";

interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
}

/**
 * A {@link Clock} under the test's control.
 * @example
 * const clock = new ManualClock();
 * const worker = new Worker({ client, workPoolName: "p", clock });
 * await waitFor(() => clock.sleepers > 0);
 * clock.advance(30_000); // the next heartbeat is due
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];

  /** @param start the clock's time at first. @default the real time now */
  constructor(start: Date | number = Date.now()) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = {
        at: this.#now + ms,
        resolve: () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
          signal?.removeEventListener("abort", sleeper.resolve);
          resolve();
        },
      };
      this.#sleepers.push(sleeper);
      signal?.addEventListener("abort", sleeper.resolve, { once: true });
    });
  }

  /** How many sleeps are waiting on this clock (wait for one before advancing past it). */
  get sleepers(): number {
    return this.#sleepers.length;
  }

  /** Moves the clock `ms` forward and ends every sleep whose time has come, earliest first. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.at <= this.#now).sort((a, b) => a.at - b.at);
    for (const sleeper of due) sleeper.resolve();
  }
}
