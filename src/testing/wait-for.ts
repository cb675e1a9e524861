// waitFor(): poll a condition until it holds, for tests that must not sleep a fixed time.

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** @default 5000 */
  timeoutMs?: number;
  /** @default 20 */
  intervalMs?: number;
  /** Said in the timeout error, e.g. `"flow run to complete"`. */
  message?: string;
}

/**
 * Calls `fn` until it returns a value other than `undefined`, `null` or `false`, and returns that value.
 * A throwing `fn` counts as "not yet"; its last error is the timeout error's cause.
 *
 * @example
 * const run = await waitFor(async () => {
 *   const r = await client.readFlowRun(id);
 *   return r.stateType === "COMPLETED" ? r : undefined;
 * }, { timeoutMs: 10_000, message: "flow run to complete" });
 * @throws Error after `timeoutMs`
 */
export async function waitFor<T>(fn: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.message ? ` for ${options.message}` : "";
      const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`Timed out after ${timeoutMs} ms waiting${what}${last}.`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
