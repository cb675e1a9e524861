// The worker health and zombie-runs services with a driven clock: workers go OFFLINE after 3 missed heartbeats (the
// pool with them), Running runs of an OFFLINE worker or with stopped heartbeats are Crashed, others are left alone.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkerHealthService } from "../../../src/server/services/worker-health.js";
import { createZombieRunsService } from "../../../src/server/services/zombie-runs.js";
import { DEFAULT_SERVICE_OPTIONS, startServices } from "../../../src/server/services/index.js";
import { type ServicesFixture, servicesFixture } from "./services-fixture.js";

const T0 = "2026-03-01T10:00:00.000Z";

describe("worker health and zombie runs", () => {
  let f: ServicesFixture;
  let poolId: string;
  let deploymentId: string;
  const advance = (seconds: number) => {
    f.clock.now = new Date(f.clock.now.getTime() + seconds * 1000);
  };
  const heartbeat = (name: string, interval?: number) =>
    f.call("POST", "/api/work_pools/p/workers/heartbeat", {
      name,
      ...(interval === undefined ? {} : { heartbeat_interval_seconds: interval }),
    });
  const runningRun = async (): Promise<string> => {
    const run = (await f.call("POST", `/api/deployments/${deploymentId}/create_flow_run`, {})).body;
    const set = await f.call("POST", `/api/flow_runs/${run.id}/set_state`, { state: { type: "RUNNING" }, force: true });
    expect(set.body.status).toBe("ACCEPT");
    return run.id as string;
  };
  const sendEvents = async (...events: Record<string, unknown>[]) => {
    const res = await f.call(
      "POST",
      "/api/events",
      events.map((e) => ({ id: randomUUID(), occurred: f.clock.now.toISOString(), payload: {}, related: [], ...e })),
    );
    expect(res.status).toBe(204);
  };
  const submitted = (runId: string, worker: string) =>
    sendEvents({
      event: "prefect.worker.submitted-flow-run",
      resource: {
        "prefect.resource.id": `prefect.worker.process.${worker}`,
        "prefect.resource.name": worker,
        "prefect.worker-type": "process",
      },
      related: [
        { "prefect.resource.id": `prefect.flow-run.${runId}`, "prefect.resource.role": "flow-run" },
        { "prefect.resource.id": `prefect.work-pool.${poolId}`, "prefect.resource.role": "work-pool" },
      ],
    });
  const runHeartbeat = (runId: string) =>
    sendEvents({
      event: "prefect.flow-run.heartbeat",
      resource: { "prefect.resource.id": `prefect.flow-run.${runId}` },
    });
  const stateOf = async (runId: string) => (await f.call("GET", `/api/flow_runs/${runId}`)).body.state;

  beforeEach(async () => {
    f = servicesFixture(T0);
    poolId = (await f.call("POST", "/api/work_pools/", { name: "p", type: "process" })).body.id;
    deploymentId = (await f.deploy({ name: "d", work_pool_name: "p" })).id;
  });
  afterEach(() => f.close());

  it("marks workers OFFLINE after 3 missed heartbeat intervals (30 s fallback), and the pool NOT_READY", async () => {
    const health = createWorkerHealthService(f.store, { now: f.now });
    await heartbeat("fast", 10);
    await heartbeat("default");
    expect((await f.call("GET", "/api/work_pools/p")).body.status).toBe("READY");
    advance(30);
    expect((await health.runOnce()).offline).toEqual([]);
    advance(1);
    expect((await health.runOnce()).offline).toEqual([{ workPoolId: poolId, name: "fast" }]);
    expect((await f.call("GET", "/api/work_pools/p")).body.status).toBe("READY");
    advance(60);
    expect((await health.runOnce()).offline).toEqual([{ workPoolId: poolId, name: "default" }]);
    expect((await f.call("GET", "/api/work_pools/p")).body.status).toBe("NOT_READY");
    const offline = await f.call("POST", "/api/work_pools/p/workers/filter", {
      workers: { status: { any_: ["OFFLINE"] } },
    });
    expect(offline.body.map((w: { name: string }) => w.name).sort()).toEqual(["default", "fast"]);
    await heartbeat("fast");
    expect((await f.call("GET", "/api/work_pools/p")).body.status).toBe("READY");
  });

  it("crashes a Running run whose submitting worker went OFFLINE, naming the worker", async () => {
    const health = createWorkerHealthService(f.store, { now: f.now });
    const zombies = createZombieRunsService(f.store, { now: f.now });
    await heartbeat("w1", 10);
    const runId = await runningRun();
    await submitted(runId, "w1");
    expect(await zombies.runOnce()).toEqual({ offlineWorker: 0, staleHeartbeat: 0 });
    advance(31);
    await health.runOnce();
    expect(await zombies.runOnce()).toEqual({ offlineWorker: 1, staleHeartbeat: 0 });
    const state = await stateOf(runId);
    expect(state).toMatchObject({ type: "CRASHED", name: "Crashed" });
    expect(state.message).toContain("its worker 'w1' went offline");
    expect(await zombies.runOnce()).toEqual({ offlineWorker: 0, staleHeartbeat: 0 });
  });

  it("crashes a Running run whose heartbeats stopped, and leaves runs that never sent one alone", async () => {
    const zombies = createZombieRunsService(f.store, { now: f.now, heartbeatFrequencySeconds: 1 });
    const beating = await runningRun();
    const silent = await runningRun();
    await runHeartbeat(beating);
    advance(2);
    await runHeartbeat(beating);
    advance(3);
    expect(await zombies.runOnce()).toEqual({ offlineWorker: 0, staleHeartbeat: 0 });
    advance(0.5);
    expect(await zombies.runOnce()).toEqual({ offlineWorker: 0, staleHeartbeat: 1 });
    const state = await stateOf(beating);
    expect(state.type).toBe("CRASHED");
    expect(state.message).toContain("no heartbeat for 4 s");
    advance(3600);
    expect(await zombies.runOnce()).toEqual({ offlineWorker: 0, staleHeartbeat: 0 });
    expect((await stateOf(silent)).type).toBe("RUNNING");
  });

  it("ignores liveness events for unknown runs and still stores them whole", async () => {
    const before = f.store.events.count();
    await runHeartbeat("00000000-0000-4000-8000-000000000000");
    expect(f.store.events.count()).toBe(before + 1);
  });

  it("runs both services from startServices under the lease", async () => {
    const services = startServices(f.store, {
      ...DEFAULT_SERVICE_OPTIONS,
      now: f.now,
      scheduler: { ...DEFAULT_SERVICE_OPTIONS.scheduler, enabled: false },
      lateRuns: { ...DEFAULT_SERVICE_OPTIONS.lateRuns, enabled: false },
      unref: true,
    });
    try {
      await heartbeat("w1", 10);
      const runId = await runningRun();
      await submitted(runId, "w1");
      advance(31);
      const summary = await services.runOnce();
      expect(summary.leader).toBe(true);
      expect(summary.workerHealth?.offline).toEqual([{ workPoolId: poolId, name: "w1" }]);
      expect(summary.zombieRuns).toEqual({ offlineWorker: 1, staleHeartbeat: 0 });
    } finally {
      await services.stop();
    }
  });
});
