// Work pool, work queue and worker methods of PrefectClient against the real server, over both transports:
// camelCase models, the template's keys untouched, error classes, queues, heartbeats and the worker's poll.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ObjectAlreadyExistsError, ObjectNotFoundError, PrefectHTTPStatusError } from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

const TEMPLATE = {
  job_configuration: { command: "{{ command }}", env: "{{ env }}", working_dir: "{{ working_dir }}" },
  variables: {
    type: "object",
    properties: {
      command: { type: "string", title: "Command" },
      env: { type: "object", title: "Environment Variables", additionalProperties: { type: "string" } },
      working_dir: { type: "string", format: "path" },
    },
  },
};

describe.each(transports)("work pools over %s", (transport) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport });
  });
  afterAll(() => server.close());

  test("createWorkPool returns a camelCase model with a default queue; the template keeps its keys", async () => {
    const pool = await server.client.createWorkPool({
      name: "alpha",
      type: "process",
      baseJobTemplate: TEMPLATE,
      concurrencyLimit: 3,
    });
    expect(pool).toMatchObject({
      name: "alpha",
      type: "process",
      isPaused: false,
      concurrencyLimit: 3,
      status: "NOT_READY",
    });
    expect(pool.created).toBeInstanceOf(Date);
    expect(pool.baseJobTemplate).toEqual(TEMPLATE);
    expect(pool.defaultQueueId).toEqual(expect.any(String));
    const read = await server.client.readWorkPool("alpha");
    expect(read.id).toBe(pool.id);
    const queues = await server.client.readWorkQueues({ workPoolName: "alpha" });
    expect(queues.map((q) => q.name)).toEqual(["default"]);
    expect(queues[0]).toMatchObject({
      id: pool.defaultQueueId,
      workPoolName: "alpha",
      workPoolId: pool.id,
      priority: 1,
    });
  });

  test("a duplicate is ObjectAlreadyExistsError naming the pool; overwrite updates it instead", async () => {
    await server.client.createWorkPool({ name: "dup", type: "process" });
    const error = await server.client.createWorkPool({ name: "dup", type: "process" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectAlreadyExistsError);
    expect((error as Error).message).toContain('Work pool "dup" already exists');
    const updated = await server.client.createWorkPool(
      { name: "dup", type: "process", description: "second", concurrencyLimit: 2 },
      { overwrite: true },
    );
    expect(updated).toMatchObject({ name: "dup", description: "second", concurrencyLimit: 2 });
  });

  test("a missing pool is ObjectNotFoundError; a reserved name is refused", async () => {
    await expect(server.client.readWorkPool("nope")).rejects.toThrow(ObjectNotFoundError);
    await expect(server.client.updateWorkPool("nope", { isPaused: true })).rejects.toThrow(ObjectNotFoundError);
    await expect(server.client.deleteWorkPool("nope")).rejects.toThrow(ObjectNotFoundError);
    await expect(server.client.getScheduledFlowRunsForWorkPool("nope")).rejects.toThrow(ObjectNotFoundError);
    // Prefect refuses names starting with "prefect" (the status differs between versions; the class is the HTTP error base).
    const reserved = await server.client
      .createWorkPool({ name: "prefect-pool", type: "process" })
      .catch((e: unknown) => e);
    expect(reserved).toBeInstanceOf(PrefectHTTPStatusError);
    expect((reserved as Error).message).toMatch(/reserved/i);
  });

  test("readWorkPools filters, countWorkPools counts, updateWorkPool and deleteWorkPool apply", async () => {
    await server.client.createWorkPool({ name: "filtered-a", type: "process" });
    await server.client.createWorkPool({ name: "filtered-b", type: "other-type" });
    const byType = await server.client.readWorkPools({ workPoolFilter: { type: { any_: ["other-type"] } } });
    expect(byType.map((p) => p.name)).toEqual(["filtered-b"]);
    const byName = await server.client.readWorkPools({
      workPoolFilter: { name: { any_: ["filtered-a", "filtered-b"] } },
      limit: 1,
    });
    expect(byName).toHaveLength(1);
    expect(
      await server.client.countWorkPools({ workPoolFilter: { name: { any_: ["filtered-a", "filtered-b"] } } }),
    ).toBe(2);
    expect(await server.client.countWorkPools()).toBeGreaterThanOrEqual(2);

    await server.client.updateWorkPool("filtered-a", { isPaused: true, description: "paused", concurrencyLimit: 5 });
    expect(await server.client.readWorkPool("filtered-a")).toMatchObject({
      isPaused: true,
      status: "PAUSED",
      description: "paused",
      concurrencyLimit: 5,
    });
    await server.client.updateWorkPool("filtered-a", { concurrencyLimit: null });
    expect((await server.client.readWorkPool("filtered-a")).concurrencyLimit).toBeNull();

    await server.client.deleteWorkPool("filtered-b");
    await expect(server.client.readWorkPool("filtered-b")).rejects.toThrow(ObjectNotFoundError);
  });

  test("work queues: create in a pool, read by id and by name, filter, update, delete", async () => {
    const pool = await server.client.createWorkPool({ name: "queued", type: "process" });
    const queue = await server.client.createWorkQueue({
      name: "critical",
      workPoolName: "queued",
      priority: 2,
      concurrencyLimit: 4,
    });
    expect(queue).toMatchObject({
      name: "critical",
      workPoolName: "queued",
      workPoolId: pool.id,
      priority: 2,
      concurrencyLimit: 4,
      isPaused: false,
    });
    expect((await server.client.readWorkQueue(queue.id)).name).toBe("critical");
    expect((await server.client.readWorkQueueByName("critical", { workPoolName: "queued" })).id).toBe(queue.id);
    await expect(server.client.readWorkQueueByName("missing", { workPoolName: "queued" })).rejects.toThrow(
      ObjectNotFoundError,
    );
    await expect(server.client.createWorkQueue({ name: "critical", workPoolName: "queued" })).rejects.toThrow(
      ObjectAlreadyExistsError,
    );
    await expect(server.client.createWorkQueue({ name: "x", workPoolName: "no-such-pool" })).rejects.toThrow(
      ObjectNotFoundError,
    );

    const inPool = await server.client.readWorkQueues({ workPoolName: "queued" });
    expect(inPool.map((q) => q.name).sort()).toEqual(["critical", "default"]);
    const anywhere = await server.client.readWorkQueues({ workQueueFilter: { name: { any_: ["critical"] } } });
    expect(anywhere.map((q) => q.id)).toEqual([queue.id]);

    await server.client.updateWorkQueue(queue.id, { isPaused: true, concurrencyLimit: null });
    expect(await server.client.readWorkQueue(queue.id)).toMatchObject({
      isPaused: true,
      status: "PAUSED",
      concurrencyLimit: null,
      priority: 2,
    });
    await server.client.deleteWorkQueue(queue.id);
    await expect(server.client.readWorkQueue(queue.id)).rejects.toThrow(ObjectNotFoundError);
  });

  test("sendWorkerHeartbeat registers an ONLINE worker and makes the pool READY; deleteWorker removes it", async () => {
    await server.client.createWorkPool({ name: "staffed", type: "process" });
    await server.client.sendWorkerHeartbeat("staffed", "worker-1", {
      heartbeatIntervalSeconds: 30,
      workerType: "process",
    });
    await server.client.sendWorkerHeartbeat("staffed", "worker-1", { heartbeatIntervalSeconds: 30 });
    const workers = await server.client.readWorkersForWorkPool("staffed");
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({ name: "worker-1", status: "ONLINE", heartbeatIntervalSeconds: 30 });
    expect(workers[0]?.lastHeartbeatTime).toBeInstanceOf(Date);
    expect((await server.client.readWorkPool("staffed")).status).toBe("READY");
    const online = await server.client.readWorkersForWorkPool("staffed", {
      workerFilter: { status: { any_: ["OFFLINE"] } },
    });
    expect(online).toEqual([]);
    // A sub-second interval is sent as whole seconds (the wire field is an integer).
    await server.client.sendWorkerHeartbeat("staffed", "worker-fast", { heartbeatIntervalSeconds: 0.25 });
    await server.client.deleteWorker("staffed", "worker-1");
    const left = await server.client.readWorkersForWorkPool("staffed");
    expect(left.map((w) => [w.name, w.heartbeatIntervalSeconds])).toEqual([["worker-fast", 1]]);
    await server.client.deleteWorker("staffed", "worker-fast");
    expect(await server.client.readWorkersForWorkPool("staffed")).toEqual([]);
    await expect(server.client.deleteWorker("staffed", "worker-1")).rejects.toThrow(ObjectNotFoundError);
  });

  test("getScheduledFlowRunsForWorkPool returns due runs with pool and queue; getRunsInWorkQueue polls one queue", async () => {
    const pool = await server.client.createWorkPool({ name: "busy", type: "process" });
    const high = await server.client.createWorkQueue({ name: "high", workPoolName: "busy", priority: 1 });
    const flow = await server.client.createFlow("pooled-flow");
    const onDefault = await server.client.createDeployment({
      flowId: flow.id,
      name: "on-default",
      workPoolName: "busy",
    });
    const onHigh = await server.client.createDeployment({
      flowId: flow.id,
      name: "on-high",
      workPoolName: "busy",
      workQueueName: "high",
    });
    const past = new Date(Date.now() - 60_000);
    const a = await server.client.createFlowRunFromDeployment(onDefault.id, { scheduledTime: past });
    const b = await server.client.createFlowRunFromDeployment(onHigh.id, { scheduledTime: past });
    await server.client.createFlowRunFromDeployment(onHigh.id, { scheduledTime: new Date(Date.now() + 3_600_000) });

    const due = await server.client.getScheduledFlowRunsForWorkPool("busy");
    expect(due.map((r) => r.flowRun.id).sort()).toEqual([a.id, b.id].sort());
    for (const item of due) {
      expect(item.workPoolId).toBe(pool.id);
      expect(item.flowRun.state?.type).toBe("SCHEDULED");
      expect(item.flowRun.expectedStartTime).toBeInstanceOf(Date);
    }
    expect(due.find((r) => r.flowRun.id === b.id)?.workQueueId).toBe(high.id);

    const onlyHigh = await server.client.getScheduledFlowRunsForWorkPool("busy", {
      workQueueNames: ["high"],
      scheduledBefore: new Date(Date.now() + 7_200_000),
    });
    expect(onlyHigh).toHaveLength(2);
    expect(onlyHigh.every((r) => r.workQueueId === high.id)).toBe(true);
    const windowed = await server.client.getScheduledFlowRunsForWorkPool("busy", {
      scheduledAfter: new Date(Date.now() + 60_000),
      scheduledBefore: new Date(Date.now() + 7_200_000),
    });
    expect(windowed).toHaveLength(1);

    const queueRuns = await server.client.getRunsInWorkQueue(high.id);
    expect(queueRuns.map((r) => r.id)).toEqual([b.id]);

    await server.client.updateWorkPool("busy", { isPaused: true });
    expect(await server.client.getScheduledFlowRunsForWorkPool("busy")).toEqual([]);
  });
});
