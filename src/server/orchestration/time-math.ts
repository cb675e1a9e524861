// Date arithmetic on wire timestamps (ISO strings) for the rules, and Prefect's jittered retry delay.
// Pure: the current time is always passed in.

/** `now` plus `seconds` (may be fractional). */
export function addSeconds(now: Date, seconds: number): Date {
  return new Date(now.getTime() + seconds * 1000);
}

/** Seconds from `from` to `to` (negative when `to` is earlier); NaN when either is missing or invalid. */
export function secondsBetween(from: string | null | undefined, to: string | Date | null | undefined): number {
  if (from == null || to == null) return Number.NaN;
  const end = typeof to === "string" ? Date.parse(to) : to.getTime();
  return (end - Date.parse(from)) / 1000;
}

/**
 * Whole seconds until `scheduledTime`, rounded as Prefect's WaitForScheduledTime rounds a timedelta:
 * floor of the total seconds, plus the sub-second part rounded half-to-even (so 0.5 s rounds down).
 */
export function waitDelaySeconds(scheduledTime: string, now: Date): number {
  const ms = Date.parse(scheduledTime) - now.getTime();
  if (Number.isNaN(ms)) return 0;
  const whole = Math.floor(ms / 1000);
  const fraction = (ms - whole * 1000) / 1000;
  return whole + (fraction > 0.5 ? 1 : 0);
}

/**
 * Prefect's `clamped_poisson_interval`: a random delay around `average` bounded above by
 * `average * (1 + clampingFactor)`, with a lower bound that keeps the mean near `average`.
 * `random` returns a uniform number in [0, 1).
 */
export function clampedPoissonInterval(average: number, clampingFactor: number, random: () => number): number {
  if (!(average > 0) || !(clampingFactor > 0)) return Math.max(0, average);
  const upperMultiple = 1 + clampingFactor;
  const upperBound = average * upperMultiple;
  const lowerBound = Math.max(0, average * lowerClampMultiple(upperMultiple));
  const upperRv = exponentialCdf(upperBound, average);
  const lowerRv = exponentialCdf(lowerBound, average);
  const u = lowerRv + (upperRv - lowerRv) * random();
  return -Math.log(Math.max(1 - u, 1e-10)) * average;
}

function exponentialCdf(x: number, average: number): number {
  return 1 - Math.exp(-x / average);
}

function lowerClampMultiple(k: number): number {
  // Large multiples would overflow 2**k; Prefect returns 0 for them.
  if (k >= 50) return 0;
  return Math.log2(Math.max(2 ** k / (2 ** k - 1), 1e-10));
}
