// A run's logs are stored before its final state is proposed: whoever waits for that state (`deployment run
// --watch`, a caller polling the API) then reads every line the flow wrote, whatever the log batch interval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient, StateInput } from "../../../src/client/index.js";
import { withClient } from "../../../src/engine/client-provider.js";
import { getRunLogger } from "../../../src/engine/get-run-logger.js";
import { flow } from "../../../src/flow.js";
import { task } from "../../../src/task.js";
import { transports } from "../../../src/testing/index.js";
import { startHarness, type EngineHarness } from "./harness.js";

/** A client that, when a final state is proposed, notes the messages the server already holds for the run. */
function recordingClient(client: PrefectClient): { client: PrefectClient; storedAtFinal: Map<string, string[]> } {
  const storedAtFinal = new Map<string, string[]>();
  const wrapped = Object.create(client) as PrefectClient;
  wrapped.setFlowRunState = async (flowRunId: string, state: StateInput, options?: { force?: boolean }) => {
    if (["COMPLETED", "FAILED", "CRASHED", "CANCELLED"].includes(state.type)) {
      const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRunId] } } });
      storedAtFinal.set(
        `${flowRunId}:${state.type}`,
        logs.map((l) => l.message),
      );
    }
    return client.setFlowRunState(flowRunId, state, options);
  };
  return { client: wrapped, storedAtFinal };
}

describe.each(transports)("logs stored before the final state over %s", (transport) => {
  let h: EngineHarness;
  beforeAll(async () => {
    // A batch interval far longer than any run: only the engine's own flush can send the logs in time.
    h = await startHarness(transport, { PREFECT_LOGGING_TO_API_BATCH_INTERVAL: "600" });
  });
  afterAll(() => h.close());

  it("stores the flow's and its tasks' lines before proposing Completed", async () => {
    const { client, storedAtFinal } = recordingClient(h.client);
    const step = task({ name: "step" }, async (i: number) => {
      getRunLogger().info(`task line ${i}`);
      return i;
    });
    const f = flow({ name: "logs-before-completed" }, async () => {
      getRunLogger().info("flow line 1");
      await Promise.all([step(1), step(2)]);
      getRunLogger().info("flow line 2");
    });
    await withClient(client, () => f(), { settings: h.settings });
    const stored = [...storedAtFinal].find(([k]) => k.endsWith(":COMPLETED"))?.[1];
    expect(stored).toEqual(expect.arrayContaining(["flow line 1", "task line 1", "task line 2", "flow line 2"]));
  });

  it("stores the error lines before proposing Failed", async () => {
    const { client, storedAtFinal } = recordingClient(h.client);
    const f = flow({ name: "logs-before-failed" }, async () => {
      getRunLogger().warning("about to fail");
      throw new Error("boom");
    });
    await expect(withClient(client, () => f(), { settings: h.settings })).rejects.toThrow("boom");
    const stored = [...storedAtFinal].find(([k]) => k.endsWith(":FAILED"))?.[1] ?? [];
    expect(stored).toContain("about to fail");
    expect(stored.some((m) => m.startsWith("Encountered exception during execution") && m.includes("boom"))).toBe(true);
  });
});
