// Flow run methods of PrefectClient against the real server, over both transports.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ObjectNotFoundError } from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

describe.each(transports)("flow runs over %s", (transport) => {
  let server: TestServer;
  let flowId: string;
  beforeAll(async () => {
    server = await createTestServer({ transport });
    flowId = (await server.client.createFlow("runs")).id;
  });
  afterAll(() => server.close());

  test("createFlowRun maps options to the wire and the answer back, user keys untouched", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const run = await server.client.createFlowRun({
      flowId,
      name: "my-run",
      parameters: { user_id: 7, nestedObj: { inner_key: 1 } },
      context: { some_key: "v" },
      tags: ["t1"],
      labels: { my_label: "x" },
      jobVariables: { env_vars: { A: "1" } },
      empiricalPolicy: { retries: 2, retryDelay: 3 },
      state: { type: "SCHEDULED", stateDetails: { scheduledTime: at } },
    });
    expect(run.flowId).toBe(flowId);
    expect(run.name).toBe("my-run");
    expect(run.parameters).toEqual({ user_id: 7, nestedObj: { inner_key: 1 } });
    expect(run.context).toMatchObject({ some_key: "v" });
    expect(run.labels).toMatchObject({ my_label: "x" });
    expect(run.jobVariables).toEqual({ env_vars: { A: "1" } });
    expect(run.empiricalPolicy).toMatchObject({ retries: 2, retryDelay: 3 });
    expect(run.state?.type).toBe("SCHEDULED");
    expect(run.stateType).toBe("SCHEDULED");
    expect(run.state?.stateDetails.scheduledTime?.getTime()).toBe(at.getTime());
    expect(run.expectedStartTime?.getTime()).toBe(at.getTime());
    expect(run.created).toBeInstanceOf(Date);
  });

  test("idempotencyKey returns the first run", async () => {
    const a = await server.client.createFlowRun({ flowId, idempotencyKey: "once" });
    const b = await server.client.createFlowRun({ flowId, idempotencyKey: "once" });
    expect(b.id).toBe(a.id);
  });

  test("setFlowRunState: ACCEPT with the new state, readFlowRunStates in order, force", async () => {
    const run = await server.client.createFlowRun({ flowId });
    const running = await server.client.setFlowRunState(run.id, { type: "RUNNING", message: "go" });
    expect(running.status).toBe("ACCEPT");
    expect(running.state?.type).toBe("RUNNING");
    expect(running.state?.timestamp).toBeInstanceOf(Date);
    expect(running.details.type).toBe("accept_details");
    const done = await server.client.setFlowRunState(run.id, { type: "COMPLETED", data: { my_result: 1 } });
    expect(done.status).toBe("ACCEPT");
    const states = await server.client.readFlowRunStates(run.id);
    expect(states.map((s) => s.type)).toEqual(["PENDING", "RUNNING", "COMPLETED"]);
    const read = await server.client.readFlowRun(run.id);
    expect(read.stateType).toBe("COMPLETED");
    expect(read.startTime).toBeInstanceOf(Date);
    expect(read.endTime).toBeInstanceOf(Date);
    const forced = await server.client.setFlowRunState(run.id, { type: "SCHEDULED" }, { force: true });
    expect(forced.status).toBe("ACCEPT");
  });

  test("a rejected or aborted proposal is a result, not an error", async () => {
    const run = await server.client.createFlowRun({ flowId });
    await server.client.setFlowRunState(run.id, { type: "RUNNING" });
    const again = await server.client.setFlowRunState(run.id, { type: "PENDING" });
    expect(["REJECT", "ABORT"]).toContain(again.status);
  });

  test("readFlowRuns filters by state and flow; countFlowRuns", async () => {
    const f = await server.client.createFlow("filtered-runs");
    const a = await server.client.createFlowRun({ flowId: f.id, tags: ["keep"] });
    const b = await server.client.createFlowRun({ flowId: f.id });
    await server.client.setFlowRunState(b.id, { type: "RUNNING" });
    const byFlow = { flowFilter: { id: { any_: [f.id] } } };
    expect(await server.client.countFlowRuns(byFlow)).toBe(2);
    const running = await server.client.readFlowRuns({
      ...byFlow,
      flowRunFilter: { state: { type: { any_: ["RUNNING"] } } },
    });
    expect(running.map((r) => r.id)).toEqual([b.id]);
    const notRunning = await server.client.readFlowRuns({
      ...byFlow,
      flowRunFilter: { state: { type: { notAny_: ["RUNNING"] } } },
    });
    expect(notRunning.map((r) => r.id)).toEqual([a.id]);
    const tagged = await server.client.readFlowRuns({ flowRunFilter: { tags: { all_: ["keep"] } }, limit: 5 });
    expect(tagged.map((r) => r.id)).toEqual([a.id]);
    const started = await server.client.readFlowRuns({ ...byFlow, flowRunFilter: { startTime: { isNull_: false } } });
    expect(started.map((r) => r.id)).toEqual([b.id]);
  });

  test("updateFlowRun, updateFlowRunLabels, deleteFlowRun", async () => {
    const run = await server.client.createFlowRun({ flowId, labels: { a: "1" } });
    await server.client.updateFlowRun(run.id, {
      name: "renamed",
      tags: ["n"],
      parameters: { x_y: 1 },
      infrastructurePid: "123",
    });
    await server.client.updateFlowRunLabels(run.id, { b: 2 });
    const read = await server.client.readFlowRun(run.id);
    expect(read).toMatchObject({ name: "renamed", tags: ["n"], parameters: { x_y: 1 }, infrastructurePid: "123" });
    expect(read.labels).toMatchObject({ a: "1", b: 2 });
    await server.client.deleteFlowRun(run.id);
    await expect(server.client.readFlowRun(run.id)).rejects.toThrow(ObjectNotFoundError);
  });
});
