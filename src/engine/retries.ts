// Retry delays for flows and tasks: fixed, per-attempt lists, functions, exponential backoff and jitter.
// Which attempt retries is decided by the task engine (tasks) or the server's RetryFailedFlows rule (flows).

/** How long to wait before a retry: seconds, a list indexed by retry number, or a function of the retry number (1-based). */
export type RetryDelay = number | readonly number[] | ((retry: number) => number);

/** Prefect caps a retry-delay list at 50 entries. */
export const MAX_RETRY_DELAY_LIST = 50;

/**
 * Exponential backoff as Prefect's `exponential_backoff(backoff_factor)`: the delays `factor * 2 ** r`
 * for retry `r = 0, 1, 2, ...`.
 * @example task({ retries: 3, retryDelaySeconds: exponentialBackoff(10) }, fn) // 10, 20, 40 s
 */
export function exponentialBackoff(factor: number): (retry: number) => number {
  if (!Number.isFinite(factor) || factor < 0) {
    throw new RangeError(`exponentialBackoff factor must be a non-negative number, got ${String(factor)}`);
  }
  return (retry: number) => factor * 2 ** Math.max(0, retry - 1);
}

/**
 * The delay in seconds before retry number `retry` (1 for the first retry). A list shorter than the number of
 * retries repeats its last entry, as Prefect does.
 */
export function retryDelayFor(delay: RetryDelay | undefined, retry: number): number {
  if (delay === undefined) return 0;
  if (typeof delay === "number") return delay;
  if (typeof delay === "function") return Math.max(0, Number(delay(retry)) || 0);
  if (delay.length === 0) return 0;
  return delay[Math.min(retry - 1, delay.length - 1)] ?? 0;
}

/**
 * Adds jitter as Prefect's `clamped_poisson_interval` bounds it: a delay `d` becomes a value in
 * `[max(0, d * (1 - f)), d * (1 + f)]` (uniformly spread here) so retries of many runs do not stampede.
 */
export function withJitter(
  delaySeconds: number,
  jitterFactor: number | undefined,
  random: () => number = Math.random,
): number {
  if (!jitterFactor || delaySeconds <= 0) return delaySeconds;
  const low = Math.max(0, delaySeconds * (1 - jitterFactor));
  const high = delaySeconds * (1 + jitterFactor);
  return low + (high - low) * random();
}

/** The wire form of a retry delay for `empirical_policy.retry_delay` (functions are resolved per retry). */
export function retryDelayForPolicy(delay: RetryDelay | undefined, retries: number): number | number[] {
  if (delay === undefined) return 0;
  if (typeof delay === "number") return delay;
  const list: number[] = [];
  for (let r = 1; r <= Math.min(retries, MAX_RETRY_DELAY_LIST); r++) list.push(retryDelayFor(delay, r));
  return list;
}
