// Run history methods of PrefectClient against the real server, over both transports: counts per interval and
// state with Date bounds, points per run, the runs filters (deployment and work pool too), and the 422 on a tiny interval.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ValidationError } from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

describe.each(transports)("run history over %s", (transport) => {
  let server: TestServer;
  const start = new Date(Date.now() - 3_600_000);
  let deployed: string;
  beforeAll(async () => {
    server = await createTestServer({ transport });
    const { client } = server;
    const flowId = (await client.createFlow("history")).id;
    const deployment = await client.createDeployment({ flowId, name: "nightly" });
    deployed = (
      await client.createFlowRunFromDeployment(deployment.id, {
        state: { type: "SCHEDULED", stateDetails: { scheduledTime: new Date(start.getTime() + 60_000) } },
      })
    ).id;
    await client.createFlowRun({
      flowId,
      name: "adhoc",
      state: { type: "SCHEDULED", stateDetails: { scheduledTime: new Date(start.getTime() + 120_000) } },
    });
  });
  afterAll(() => server.close());

  test("readFlowRunHistory counts runs per interval and state, filtered by deployment", async () => {
    const history = await server.client.readFlowRunHistory({
      historyStart: start,
      historyEnd: new Date(start.getTime() + 600_000),
      historyIntervalSeconds: 300,
    });
    expect(history).toHaveLength(2);
    expect(history[0]?.intervalStart.getTime()).toBe(start.getTime());
    expect(history[0]?.states).toEqual([
      expect.objectContaining({ stateType: "SCHEDULED", stateName: "Scheduled", countRuns: 2 }),
    ]);
    expect(history[1]?.states).toEqual([]);
    const ofDeployment = await server.client.readFlowRunHistory({
      historyStart: start,
      historyEnd: new Date(start.getTime() + 600_000),
      historyIntervalSeconds: 600,
      deploymentFilter: { name: { any_: ["nightly"] } },
    });
    expect(ofDeployment[0]?.states[0]?.countRuns).toBe(1);
    await expect(
      server.client.readFlowRunHistory({ historyStart: start, historyEnd: new Date(), historyIntervalSeconds: 0.1 }),
    ).rejects.toThrow(ValidationError);
  });

  test("readFlowRunHistoryPoints lists runs as points; readFlowRuns takes the deployment filter too", async () => {
    const points = await server.client.readFlowRunHistoryPoints({ sort: "EXPECTED_START_TIME_ASC" });
    expect(points.map((p) => p.id)[0]).toBe(deployed);
    expect(points[0]?.timestamp).toBeInstanceOf(Date);
    const runs = await server.client.readFlowRuns({ deploymentFilter: { name: { any_: ["nightly"] } } });
    expect(runs.map((r) => r.id)).toEqual([deployed]);
    expect(await server.client.countFlowRuns({ workPoolFilter: { name: { any_: ["no-such-pool"] } } })).toBe(0);
  });
});
