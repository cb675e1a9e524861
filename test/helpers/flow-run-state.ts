// Waiting for a flow run to reach one of some state types (a condition, not a sleep).
import type { FlowRun, PrefectClient } from "../../src/client/index.js";
import { waitFor } from "../../src/testing/index.js";

/** Resolves with the run once its state type is one of `types`; fails after `timeoutMs`. */
export function waitForRunState(
  client: PrefectClient,
  id: string,
  types: readonly string[],
  timeoutMs = 20_000,
): Promise<FlowRun> {
  return waitFor(
    async () => {
      const run = await client.readFlowRun(id);
      return types.includes(run.state?.type ?? "") ? run : undefined;
    },
    { timeoutMs },
  );
}
