// Deployments linked to work pools and the worker poll (get_scheduled_flow_runs) over both transports: queue
// resolution, 404 for a missing pool, job variable checks, runs carrying their queue, priority order, each
// concurrency cap, paused pools and queues, polled status, and the work_pools / work_pool_queues filters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesComponent, expectMatchesResponse } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const TEMPLATE = {
  job_configuration: { command: "{{ command }}", stream_output: "{{ stream_output }}" },
  variables: {
    type: "object",
    properties: { command: { type: "string" }, stream_output: { type: "boolean", default: true } },
  },
};

const T0 = "2026-03-01T10:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

describe.each(TRANSPORTS)("work pool deployments and polling (%s)", (transport) => {
  let h: Harness;
  let flowId: string;
  const clock = { now: new Date(T0) };
  const ids: Record<string, string> = {};

  const deploy = (body: Record<string, unknown>) => h.call("POST", "/api/deployments/", { flow_id: flowId, ...body });
  const runAt = async (deployment: string, seconds: number, extra: Record<string, unknown> = {}) => {
    const res = await h.call("POST", `/api/deployments/${deployment}/create_flow_run`, {
      state: { type: "SCHEDULED", state_details: { scheduled_time: at(seconds) } },
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const poll = async (body: Record<string, unknown> = {}, pool = "p") => {
    const res = await h.call("POST", `/api/work_pools/${pool}/get_scheduled_flow_runs`, {
      scheduled_before: at(3600),
      ...body,
    });
    expect(res.status).toBe(200);
    return res.body as { work_pool_id: string; work_queue_id: string; flow_run: { id: string } }[];
  };
  const force = (runId: string, type: string) =>
    h.call("POST", `/api/flow_runs/${runId}/set_state`, { state: { type }, force: true });

  beforeAll(async () => {
    h = await startHarness(transport, { now: () => clock.now });
    flowId = (await h.call("POST", "/api/flows/", { name: "etl" })).body.id;
    ids.pool = (
      await h.call("POST", "/api/work_pools/", { name: "p", type: "process", base_job_template: TEMPLATE })
    ).body.id;
    ids.hi = (await h.call("POST", "/api/work_pools/p/queues/", { name: "hi", priority: 1 })).body.id;
    ids.default = (await h.call("GET", "/api/work_pools/p/queues/default")).body.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it("links deployments to the pool's queues and shows them in DeploymentResponse", async () => {
    const hi = await deploy({ name: "hi-dep", work_pool_name: "p", work_queue_name: "hi" });
    expect(hi.status).toBe(201);
    expectMatchesComponent("DeploymentResponse", hi.body);
    expect(hi.body).toMatchObject({ work_pool_name: "p", work_queue_name: "hi", work_queue_id: ids.hi });
    const plain = await deploy({ name: "default-dep", work_pool_name: "p", job_variables: { command: "echo hi" } });
    expect(plain.body).toMatchObject({ work_pool_name: "p", work_queue_name: "default", work_queue_id: ids.default });
    const created = await deploy({ name: "new-queue-dep", work_pool_name: "p", work_queue_name: "fresh" });
    const fresh = (await h.call("GET", "/api/work_pools/p/queues/fresh")).body;
    expect(created.body.work_queue_id).toBe(fresh.id);
    expect(fresh.priority).toBe(3);
    const served = await deploy({ name: "served" });
    expect(served.body).toMatchObject({ work_pool_name: null, work_queue_name: "default", work_queue_id: null });
    ids.hiDep = hi.body.id;
    ids.defaultDep = plain.body.id;
  });

  it("refuses a missing pool (404 naming it) and job variables that break the pool's schema (422 naming them)", async () => {
    const ghost = await deploy({ name: "ghost-dep", work_pool_name: "ghost" });
    expect(ghost.status).toBe(404);
    expect(ghost.body).toEqual({ detail: 'Work pool "ghost" not found.' });
    const bad = await deploy({
      name: "bad-vars",
      work_pool_name: "p",
      job_variables: { stream_output: "yes", unknown: 1 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain("Validation failed for field 'stream_output'");
    expect(
      (await h.call("POST", "/api/deployments/filter", { deployments: { name: { any_: ["bad-vars"] } } })).body,
    ).toEqual([]);
    const patch = await h.call("PATCH", `/api/deployments/${ids.defaultDep}`, { job_variables: { command: 3 } });
    expect(patch.status).toBe(422);
    expect(patch.body.detail).toContain("Error updating deployment: Validation failed for field 'command'");
  });

  it("moves a deployment to another queue by PATCH", async () => {
    expect((await h.call("PATCH", `/api/deployments/${ids.defaultDep}`, { work_queue_name: "hi" })).status).toBe(204);
    expect((await h.call("GET", `/api/deployments/${ids.defaultDep}`)).body).toMatchObject({
      work_queue_name: "hi",
      work_queue_id: ids.hi,
    });
    expect(
      (await h.call("PATCH", `/api/deployments/${ids.defaultDep}`, { work_pool_name: "p", work_queue_name: "default" }))
        .status,
    ).toBe(204);
    expect((await h.call("GET", `/api/deployments/${ids.defaultDep}`)).body).toMatchObject({
      work_queue_name: "default",
      work_queue_id: ids.default,
    });
  });

  it("gives runs the deployment's queue and pool, or the queue the run asks for", async () => {
    const run = await runAt(ids.hiDep as string, 10);
    expectMatchesComponent("FlowRunResponse", run);
    expect(run).toMatchObject({
      work_queue_id: ids.hi,
      work_queue_name: "hi",
      work_pool_id: ids.pool,
      work_pool_name: "p",
    });
    const other = await runAt(ids.hiDep as string, 20, { work_queue_name: "side" });
    const side = (await h.call("GET", "/api/work_pools/p/queues/side")).body;
    expect(other).toMatchObject({ work_queue_id: side.id, work_queue_name: "side", work_pool_id: ids.pool });
    await h.call("DELETE", `/api/flow_runs/${other.id}`);
    await h.call("DELETE", `/api/flow_runs/${run.id}`);
  });

  it("gives auto-scheduled runs their queue too", async () => {
    const scheduled = await deploy({
      name: "sched",
      work_pool_name: "p",
      work_queue_name: "fresh",
      schedules: [{ schedule: { interval: 3600 } }],
    });
    const runs = (
      await h.call("POST", "/api/flow_runs/filter", { flow_runs: { deployment_id: { any_: [scheduled.body.id] } } })
    ).body;
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs)
      expect(run).toMatchObject({
        work_queue_name: "fresh",
        work_queue_id: scheduled.body.work_queue_id,
        work_pool_id: ids.pool,
      });
    await h.call("DELETE", `/api/deployments/${scheduled.body.id}`);
  });

  it("returns due runs by queue priority then time, marks the queues polled", async () => {
    const d1 = await runAt(ids.defaultDep as string, 5);
    const h2 = await runAt(ids.hiDep as string, 30);
    const h1 = await runAt(ids.hiDep as string, 20);
    await runAt(ids.hiDep as string, 7200); // not due before the poll's scheduled_before
    const polled = await poll();
    expectMatchesResponse("POST", "/work_pools/p/get_scheduled_flow_runs", 200, polled);
    expect(polled.map((r) => r.flow_run.id)).toEqual([h1.id, h2.id, d1.id]);
    expect(polled[0]).toMatchObject({ work_pool_id: ids.pool, work_queue_id: ids.hi });
    expect(polled[2]?.work_queue_id).toBe(ids.default);
    expect((await poll({ limit: 1 })).map((r) => r.flow_run.id)).toEqual([h1.id]);
    expect((await poll({ work_queue_names: ["default"] })).map((r) => r.flow_run.id)).toEqual([d1.id]);
    expect((await poll({ scheduled_after: at(25) })).map((r) => r.flow_run.id)).toEqual([h2.id]);
    const queue = (await h.call("GET", "/api/work_pools/p/queues/default")).body;
    expect(queue).toMatchObject({ status: "READY", last_polled: clock.now.toISOString() });
    expect((await h.call("GET", `/api/deployments/${ids.defaultDep}`)).body.status).toBe("READY");
    const unknownQueue = await h.call("POST", "/api/work_pools/p/get_scheduled_flow_runs", {
      work_queue_names: ["nope"],
    });
    expect(unknownQueue.status).toBe(404);
    expect(unknownQueue.body).toEqual({ detail: "Work pool queue 'p/nope' not found." });
    expect((await h.call("POST", "/api/work_pools/ghost/get_scheduled_flow_runs", {})).status).toBe(404);
    ids.h1 = h1.id;
    ids.h2 = h2.id;
    ids.d1 = d1.id;
  });

  it("caps each queue and the pool at their free concurrency slots", async () => {
    await h.call("PATCH", "/api/work_pools/p/queues/hi", { concurrency_limit: 1 });
    expect((await poll()).map((r) => r.flow_run.id)).toEqual([ids.h1, ids.d1]);
    await force(ids.h1 as string, "RUNNING");
    expect((await h.call("GET", "/api/work_pools/p/queues/hi")).body.active_slots).toBe(1);
    expect((await poll()).map((r) => r.flow_run.id)).toEqual([ids.d1]);
    await h.call("PATCH", "/api/work_pools/p/queues/hi", { concurrency_limit: null });
    await h.call("PATCH", "/api/work_pools/p", { concurrency_limit: 2 });
    expect((await h.call("GET", "/api/work_pools/p")).body.active_slots).toBe(1);
    expect((await poll()).map((r) => r.flow_run.id)).toEqual([ids.h2]);
    await force(ids.h2 as string, "PENDING");
    expect(await poll()).toEqual([]);
    await h.call("PATCH", "/api/work_pools/p", { concurrency_limit: null });
    expect((await poll()).map((r) => r.flow_run.id)).toEqual([ids.d1]);
  });

  it("returns nothing from a paused queue or a paused pool", async () => {
    await h.call("PATCH", "/api/work_pools/p/queues/default", { is_paused: true });
    expect(await poll()).toEqual([]);
    await h.call("PATCH", "/api/work_pools/p/queues/default", { is_paused: false });
    await h.call("PATCH", "/api/work_pools/p", { is_paused: true });
    expect(await poll()).toEqual([]);
    await h.call("PATCH", "/api/work_pools/p", { is_paused: false });
    expect((await poll()).map((r) => r.flow_run.id)).toEqual([ids.d1]);
  });

  it("filters flow runs and deployments by work pool and queue", async () => {
    const byQueue = await h.call("POST", "/api/flow_runs/filter", {
      work_pool_queues: { name: { any_: ["default"] } },
    });
    expect(byQueue.body.map((r: { id: string }) => r.id)).toEqual([ids.d1]);
    const byPool = await h.call("POST", "/api/flow_runs/count", { work_pools: { name: { any_: ["p"] } } });
    expect(byPool.body).toBeGreaterThanOrEqual(4);
    expect((await h.call("POST", "/api/flow_runs/count", { work_pools: { name: { any_: ["other"] } } })).body).toBe(0);
    const deployments = await h.call("POST", "/api/deployments/filter", {
      work_pool_queues: { id: { any_: [ids.hi] } },
    });
    expect(deployments.body.map((d: { name: string }) => d.name)).toEqual(["hi-dep"]);
    expect((await h.call("POST", "/api/deployments/count", { work_pools: { name: { any_: ["p"] } } })).body).toBe(3);
  });
});
