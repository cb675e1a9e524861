// executeFlowRun() on a driven clock: the run's heartbeat events and its task's retry delay wait on a ManualClock,
// so an hour of a Running run (and its heartbeats) passes when the test advances the clock, not in real time.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReceivedEvent } from "../../../src/client/index.js";
import { executeFlowRun } from "../../../src/worker/execute.js";
import { createTestServer, ManualClock, waitFor, type TestServer } from "../../../src/testing/index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/entrypoints");

// Over HTTP only: the heartbeats are heard through /events/out, and the in-process test client has no event stream.
const transport = "http";

describe("executeFlowRun on a driven clock", () => {
  let server: TestServer;
  let deploymentId: string;

  beforeAll(async () => {
    server = await createTestServer({ transport });
    const flow = await server.client.createFlow("hourly-retry");
    deploymentId = (
      await server.client.createDeployment({
        flowId: flow.id,
        name: "d",
        entrypoint: "hourly-retry.ts:hourlyRetry",
        path: FIXTURES,
        enforceParameterSchema: false,
      })
    ).id;
  });
  afterAll(() => server.close());

  it("beats every 30 s of the clock while Running, and its task's hour-long retry passes as the clock moves", async () => {
    const run = await server.client.createFlowRunFromDeployment(deploymentId, { parameters: { key: transport } });
    const beats: ReceivedEvent[] = [];
    const subscription = server.client.subscribeEvents(
      { event: { name: ["prefect.flow-run.heartbeat"] }, resource: { id: [`prefect.flow-run.${run.id}`] } },
      (event) => beats.push(event),
    );
    await subscription.ready;
    const clock = new ManualClock();
    const state = executeFlowRun(run.id, { client: server.client, clock });
    try {
      // The heartbeat loop and the task's retry delay both wait on the clock; one beat went out at the start.
      await waitFor(() => clock.sleepers >= 2, {
        message: "the heartbeats and the retry to wait on the clock",
        timeoutMs: 45_000,
      });
      await waitFor(() => beats.length >= 1, { message: "the first heartbeat" });
      expect((await server.client.readFlowRun(run.id)).state?.type).toBe("RUNNING");
      clock.advance(30_000);
      await waitFor(() => beats.length >= 2, { message: "a heartbeat 30 s later" });
      clock.advance(3_600_000);
      expect((await state).type).toBe("COMPLETED");
    } finally {
      subscription.close();
    }
    // The run loads its entrypoint (tsx) in this process: slow on a loaded machine.
  }, 60_000);
});
