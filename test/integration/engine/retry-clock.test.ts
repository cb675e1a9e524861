// Retry delays are waited on the engine's clock: with a ManualClock (shared with the server, whose orchestration
// schedules flow retries), an hour's delay passes when the test advances the clock, not in real time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flow } from "../../../src/flow.js";
import { task } from "../../../src/task.js";
import { ManualClock, transports, waitFor } from "../../../src/testing/index.js";
import {
  flowRunStateNames,
  latestFlowRun,
  startHarness,
  taskRunStateNames,
  taskRunsOf,
  type EngineHarness,
} from "./harness.js";

const HOUR_MS = 3_600_000;

describe.each(transports)("retry delays on a driven clock over %s", (transport) => {
  let h: EngineHarness;
  const clock = new ManualClock();
  beforeAll(async () => {
    h = await startHarness(transport, {}, clock);
  });
  afterAll(() => h.close());

  it("a task retry scheduled an hour out runs once the clock has moved an hour", async () => {
    let calls = 0;
    const flaky = task({ retries: 1, retryDelaySeconds: 3600 }, function flaky() {
      calls++;
      if (calls === 1) throw new Error("first call fails");
      return calls;
    });
    const f = flow({ name: `task-retry-clock-${transport}` }, () => flaky());
    const result = h.run(() => f());
    await waitFor(() => clock.sleepers > 0, { message: "the retry to wait on the clock" });
    expect(calls).toBe(1);
    clock.advance(HOUR_MS - 1000);
    expect(clock.sleepers).toBe(1);
    clock.advance(1000);
    expect(await result).toBe(2);

    const run = await latestFlowRun(h.client, `task-retry-clock-${transport}`);
    const [taskRun] = await taskRunsOf(h.client, run.id);
    const names = await taskRunStateNames(h.client, taskRun!.id);
    expect(names).toEqual(["Pending", "Running", "AwaitingRetry", "Retrying", "Completed"]);
  });

  it("a flow retry the server schedules an hour out runs once the clock has moved an hour", async () => {
    let calls = 0;
    const f = flow({ name: `flow-retry-clock-${transport}`, retries: 1, retryDelaySeconds: 3600 }, () => {
      calls++;
      if (calls === 1) throw new Error("first attempt fails");
      return "done";
    });
    const result = h.run(() => f());
    await waitFor(() => clock.sleepers > 0, { message: "the flow retry to wait on the clock" });
    expect(calls).toBe(1);
    clock.advance(HOUR_MS);
    expect(await result).toBe("done");
    const run = await latestFlowRun(h.client, `flow-retry-clock-${transport}`);
    expect(await flowRunStateNames(h.client, run.id)).toEqual([
      "Pending",
      "Running",
      "AwaitingRetry",
      "Running",
      "Completed",
    ]);
  });
});
