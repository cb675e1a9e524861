// State hooks (onRunning, onCompletion, onFailure, onCancellation, onCrashed) run as Prefect runs them:
// in order, after the state is set; a hook that throws is logged and does not change the run's state.
import type { RunLogger } from "./logger.js";

/** Runs each hook with the arguments; errors are logged with the hook's name, never rethrown. */
export async function runHooks<A extends unknown[]>(
  kind: string,
  hooks: readonly ((...args: A) => void | Promise<void>)[] | undefined,
  args: A,
  logger: RunLogger,
): Promise<void> {
  if (!hooks || hooks.length === 0) return;
  for (const hook of hooks) {
    const name = hook.name || "anonymous";
    logger.info(`Running hook '${name}' in response to entering state '${kind}'`);
    try {
      await hook(...args);
      logger.info(`Hook '${name}' finished running successfully`);
    } catch (error) {
      logger.error(
        `An error was encountered while running hook '${name}': ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
}
