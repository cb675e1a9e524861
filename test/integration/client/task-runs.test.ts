// Task run methods of PrefectClient against the real server, over both transports.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ObjectNotFoundError } from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

describe.each(transports)("task runs over %s", (transport) => {
  let server: TestServer;
  let flowRunId: string;
  beforeAll(async () => {
    server = await createTestServer({ transport });
    const flow = await server.client.createFlow("tasks");
    flowRunId = (await server.client.createFlowRun({ flowId: flow.id })).id;
    // Task runs may only start inside a running flow run (Prefect aborts them otherwise).
    await server.client.setFlowRunState(flowRunId, { type: "RUNNING" });
  });
  afterAll(() => server.close());

  test("createTaskRun with a client id, inputs and policy; idempotent by keys", async () => {
    const id = randomUUID();
    const expires = new Date(Date.now() + 60_000);
    const tr = await server.client.createTaskRun({
      id,
      flowRunId,
      taskKey: "add-1",
      dynamicKey: "0",
      name: "add-0",
      cacheKey: "ck",
      cacheExpiration: expires,
      empiricalPolicy: { retries: 1, retryDelay: [1, 2], retryJitterFactor: 0.5 },
      tags: ["t"],
      taskInputs: { my_arg: [{ inputType: "parameter", name: "x" }], other: [] },
      state: { type: "PENDING" },
    });
    expect(tr.id).toBe(id);
    expect(tr).toMatchObject({
      flowRunId,
      taskKey: "add-1",
      dynamicKey: "0",
      name: "add-0",
      cacheKey: "ck",
      tags: ["t"],
    });
    expect(tr.cacheExpiration?.getTime()).toBe(expires.getTime());
    expect(tr.empiricalPolicy).toMatchObject({ retries: 1, retryDelay: [1, 2], retryJitterFactor: 0.5 });
    expect(tr.taskInputs).toEqual({ my_arg: [{ inputType: "parameter", name: "x" }], other: [] });
    expect(tr.stateType).toBe("PENDING");
    const again = await server.client.createTaskRun({ flowRunId, taskKey: "add-1", dynamicKey: "0" });
    expect(again.id).toBe(id);
  });

  test("a task run cannot start in a flow run that is not running: ABORT, with a reason", async () => {
    const fr = await server.client.createFlowRun({ flowId: (await server.client.createFlow("not-running")).id });
    const tr = await server.client.createTaskRun({ flowRunId: fr.id, taskKey: "early", dynamicKey: "0" });
    const result = await server.client.setTaskRunState(tr.id, { type: "RUNNING" });
    expect(result.status).toBe("ABORT");
    expect(result.details.type).toBe("abort_details");
  });

  test("setTaskRunState, readTaskRunStates, readTaskRun", async () => {
    const tr = await server.client.createTaskRun({ flowRunId, taskKey: "states", dynamicKey: "0" });
    expect((await server.client.setTaskRunState(tr.id, { type: "RUNNING" })).status).toBe("ACCEPT");
    const done = await server.client.setTaskRunState(tr.id, { type: "COMPLETED", message: "ok" });
    expect(done.status).toBe("ACCEPT");
    expect(done.state?.message).toBe("ok");
    expect((await server.client.readTaskRunStates(tr.id)).map((s) => s.type)).toEqual([
      "PENDING",
      "RUNNING",
      "COMPLETED",
    ]);
    const read = await server.client.readTaskRun(tr.id);
    expect(read.stateType).toBe("COMPLETED");
    expect(read.state?.stateDetails.taskRunId).toBe(tr.id);
  });

  test("readTaskRuns and countTaskRuns by flow run; deleteTaskRun", async () => {
    const fr = await server.client.createFlowRun({ flowId: (await server.client.createFlow("tasks-2")).id });
    const a = await server.client.createTaskRun({ flowRunId: fr.id, taskKey: "k", dynamicKey: "0" });
    await server.client.createTaskRun({ flowRunId: fr.id, taskKey: "k", dynamicKey: "1" });
    const filter = { flowRunFilter: { id: { any_: [fr.id] } } };
    expect(await server.client.countTaskRuns(filter)).toBe(2);
    expect(await server.client.readTaskRuns({ ...filter, limit: 1 })).toHaveLength(1);
    const byKey = await server.client.readTaskRuns({
      taskRunFilter: { flowRunId: { any_: [fr.id] }, name: { any_: [a.name ?? ""] } },
    });
    expect(byKey.map((t) => t.id)).toEqual([a.id]);
    await server.client.deleteTaskRun(a.id);
    await expect(server.client.readTaskRun(a.id)).rejects.toThrow(ObjectNotFoundError);
    expect(await server.client.countTaskRuns(filter)).toBe(1);
  });
});
