// Run timeouts: race the user's function against a timer; on expiry the run fails with TimeoutRunError and the
// run's AbortSignal fires, so cooperative code (fetch, timers) can stop. JavaScript cannot kill a running function.
import { TimeoutRunError } from "../errors.js";

/**
 * Calls `fn` with a deadline. Without `timeoutSeconds` it is a plain call.
 * @throws TimeoutRunError `"<Kind> run exceeded timeout of N second(s)"` when the deadline passes first
 */
export async function callWithTimeout<T>(
  kind: "Flow" | "Task",
  timeoutSeconds: number | undefined,
  controller: AbortController | undefined,
  fn: () => T | Promise<T>,
): Promise<T> {
  if (timeoutSeconds === undefined) return await fn();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutRunError(`${kind} run exceeded timeout of ${timeoutSeconds} second(s)`);
      controller?.abort(error);
      reject(error);
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([Promise.resolve().then(fn), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
