// Work pool, queue and worker routes over both transports: success shapes checked against Prefect's OpenAPI, and
// every error shape (422 details, 403/404/409 `{detail}`), default queue creation, priorities, statuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesResponse } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const PROCESS_TEMPLATE = {
  job_configuration: { command: "{{ command }}", env: "{{ env }}", name: "{{ name }}" },
  variables: {
    type: "object",
    properties: {
      command: { type: "string" },
      env: { type: "object", additionalProperties: { type: "string" } },
      name: { type: "string" },
      stream_output: { type: "boolean", default: true },
    },
  },
};

describe.each(TRANSPORTS)("work pool routes (%s)", (transport) => {
  let h: Harness;
  const clock = { now: new Date("2026-03-01T10:00:00.000Z") };
  beforeAll(async () => {
    h = await startHarness(transport, { now: () => clock.now });
  });
  afterAll(async () => {
    await h.close();
  });

  it("creates a pool with 201, NOT_READY status and a default queue of priority 1", async () => {
    const res = await h.call("POST", "/api/work_pools/", {
      name: "tutorial",
      type: "process",
      base_job_template: PROCESS_TEMPLATE,
    });
    expect(res.status).toBe(201);
    expectMatchesResponse("POST", "/work_pools/", 201, res.body);
    expect(res.body).toMatchObject({
      name: "tutorial",
      type: "process",
      status: "NOT_READY",
      is_paused: false,
      concurrency_limit: null,
      description: null,
      active_slots: null,
    });
    expect(res.body.default_queue_id).toMatch(/^[0-9a-f-]{36}$/);
    const queue = await h.call("GET", "/api/work_pools/tutorial/queues/default");
    expect(queue.status).toBe(200);
    expectMatchesResponse("GET", "/work_pools/tutorial/queues/default", 200, queue.body);
    expect(queue.body).toMatchObject({
      id: res.body.default_queue_id,
      name: "default",
      priority: 1,
      description: "The work pool's default queue.",
      work_pool_name: "tutorial",
      work_pool_id: res.body.id,
      status: "NOT_READY",
      last_polled: null,
    });
    const read = await h.call("GET", "/api/work_pools/tutorial");
    expect(read.body).toEqual({ ...res.body, active_slots: null });
  });

  it("refuses reserved names (403), duplicates (409), bad bodies and templates (422)", async () => {
    const reserved = await h.call("POST", "/api/work_pools/", { name: "Prefect-managed", type: "process" });
    expect(reserved.status).toBe(403);
    expect(reserved.body).toEqual({ detail: "Work pools starting with 'Prefect' are reserved for internal use." });
    const duplicate = await h.call("POST", "/api/work_pools/", { name: "tutorial", type: "process" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ detail: "A work pool with this name already exists." });
    const badName = await h.call("POST", "/api/work_pools/", { name: "a/b" });
    expect(badName.status).toBe(422);
    expect(badName.body.exception_detail[0]).toMatchObject({ loc: ["body", "name"], type: "string_pattern_mismatch" });
    const badTemplate = await h.call("POST", "/api/work_pools/", {
      name: "t2",
      base_job_template: { job_configuration: {} },
    });
    expect(badTemplate.status).toBe(422);
    expect(badTemplate.body.exception_detail[0].loc).toEqual(["body", "base_job_template"]);
    expect(badTemplate.body.exception_detail[0].msg).toContain(
      "must contain both a `job_configuration` key and a `variables` key",
    );
    const undeclared = await h.call("POST", "/api/work_pools/", {
      name: "t3",
      base_job_template: { job_configuration: { image: "{{ image }}" }, variables: { properties: {} } },
    });
    expect(undeclared.status).toBe(422);
    expect(undeclared.body.exception_detail[0].msg).toContain("undeclared variable(s): image");
  });

  it("reads, filters, counts, updates and deletes pools; unknown pools are 404 naming the pool", async () => {
    await h.call("POST", "/api/work_pools/", { name: "docker-pool", type: "docker", concurrency_limit: 2 });
    const filtered = await h.call("POST", "/api/work_pools/filter", { work_pools: { type: { any_: ["docker"] } } });
    expect(filtered.status).toBe(200);
    expectMatchesResponse("POST", "/work_pools/filter", 200, filtered.body);
    expect(filtered.body.map((p: { name: string }) => p.name)).toEqual(["docker-pool"]);
    expect(filtered.body[0].active_slots).toBe(0);
    expect((await h.call("POST", "/api/work_pools/count", {})).body).toBe(2);
    expect((await h.call("POST", "/api/work_pools/count", { work_pools: { name: { any_: ["tutorial"] } } })).body).toBe(
      1,
    );
    expect(
      (await h.call("POST", "/api/work_pools/filter", { limit: 1, offset: 1 })).body.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(["tutorial"]);

    const patched = await h.call("PATCH", "/api/work_pools/docker-pool", { is_paused: true, description: "d" });
    expect(patched.status).toBe(204);
    expect((await h.call("GET", "/api/work_pools/docker-pool")).body).toMatchObject({
      is_paused: true,
      status: "PAUSED",
      description: "d",
      concurrency_limit: 2,
    });
    const missing = await h.call("GET", "/api/work_pools/nope");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Work pool "nope" not found.' });
    expect((await h.call("PATCH", "/api/work_pools/nope", { is_paused: true })).status).toBe(404);
    expect((await h.call("DELETE", "/api/work_pools/docker-pool")).status).toBe(204);
    expect((await h.call("DELETE", "/api/work_pools/docker-pool")).body).toEqual({
      detail: 'Work pool "docker-pool" not found.',
    });
    const extra = await h.call("PATCH", "/api/work_pools/tutorial", { name: "renamed" });
    expect(extra.status).toBe(422);
    expect(extra.body.exception_detail[0]).toMatchObject({ type: "extra_forbidden", loc: ["body", "name"] });
  });

  it("creates queues with Prefect's priorities, renumbers on an explicit priority, refuses duplicates", async () => {
    const a = await h.call("POST", "/api/work_pools/tutorial/queues/", { name: "a" });
    expect(a.status).toBe(201);
    expectMatchesResponse("POST", "/work_pools/tutorial/queues", 201, a.body);
    expect(a.body).toMatchObject({
      name: "a",
      priority: 2,
      description: "",
      is_paused: false,
      concurrency_limit: null,
      work_pool_name: "tutorial",
    });
    const urgent = await h.call("POST", "/api/work_pools/tutorial/queues", {
      name: "urgent",
      priority: 1,
      concurrency_limit: 3,
    });
    expect(urgent.body).toMatchObject({ priority: 1, active_slots: 0 });
    const list = await h.call("POST", "/api/work_pools/tutorial/queues/filter", {});
    expectMatchesResponse("POST", "/work_pools/tutorial/queues/filter", 200, list.body);
    expect(list.body.map((q: { name: string; priority: number }) => [q.name, q.priority])).toEqual([
      ["urgent", 1],
      ["default", 2],
      ["a", 3],
    ]);
    const startsWith = await h.call("POST", "/api/work_pools/tutorial/queues/filter", {
      work_queues: { name: { startswith_: ["ur", "de"] } },
    });
    expect(startsWith.body.map((q: { name: string }) => q.name)).toEqual(["urgent", "default"]);

    const duplicate = await h.call("POST", "/api/work_pools/tutorial/queues/", { name: "a" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.detail).toContain("already exists in work pool 'tutorial'");
    const noPool = await h.call("POST", "/api/work_pools/nope/queues/", { name: "a" });
    expect(noPool.body).toEqual({ detail: 'Work pool "nope" not found.' });
    const noQueue = await h.call("GET", "/api/work_pools/tutorial/queues/zzz");
    expect(noQueue.status).toBe(404);
    expect(noQueue.body).toEqual({ detail: "Work pool queue 'tutorial/zzz' not found." });
  });

  it("updates and deletes queues; the default queue cannot be deleted", async () => {
    expect((await h.call("PATCH", "/api/work_pools/tutorial/queues/a", { is_paused: true, priority: 1 })).status).toBe(
      204,
    );
    const a = (await h.call("GET", "/api/work_pools/tutorial/queues/a")).body;
    expect(a).toMatchObject({ is_paused: true, status: "PAUSED", priority: 1 });
    const order = (await h.call("POST", "/api/work_pools/tutorial/queues/filter", {})).body.map(
      (q: { name: string }) => q.name,
    );
    expect(order).toEqual(["a", "urgent", "default"]);
    const clash = await h.call("PATCH", "/api/work_pools/tutorial/queues/a", { name: "urgent" });
    expect(clash.status).toBe(409);
    const refused = await h.call("DELETE", "/api/work_pools/tutorial/queues/default");
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ detail: "Can't delete a pool's default queue." });
    expect((await h.call("DELETE", "/api/work_pools/tutorial/queues/a")).status).toBe(204);
    expect((await h.call("GET", "/api/work_pools/tutorial/queues/a")).status).toBe(404);
  });

  it("serves Prefect's /work_queues routes by id and name", async () => {
    const urgent = (await h.call("GET", "/api/work_pools/tutorial/queues/urgent")).body;
    const byId = await h.call("GET", `/api/work_queues/${urgent.id}`);
    expect(byId.status).toBe(200);
    expectMatchesResponse("GET", "/work_queues/{id}", 200, byId.body);
    expect(byId.body).toEqual(urgent);
    expect((await h.call("GET", "/api/work_queues/name/urgent")).body.id).toBe(urgent.id);
    const all = await h.call("POST", "/api/work_queues/filter", { work_queues: { id: { any_: [urgent.id] } } });
    expect(all.body.map((q: { id: string }) => q.id)).toEqual([urgent.id]);
    const status = await h.call("GET", `/api/work_queues/${urgent.id}/status`);
    expectMatchesResponse("GET", "/work_queues/{id}/status", 200, status.body);
    expect(status.body).toEqual({
      healthy: false,
      late_runs_count: 0,
      last_polled: null,
      health_check_policy: { maximum_late_runs: 0, maximum_seconds_since_last_polled: 60 },
    });
    const runs = await h.call("POST", `/api/work_queues/${urgent.id}/get_runs`, {});
    expect(runs.body).toEqual([]);
    const polled = (await h.call("GET", `/api/work_queues/${urgent.id}`)).body;
    expect(polled).toMatchObject({ status: "READY", last_polled: clock.now.toISOString() });
    expect((await h.call("PATCH", `/api/work_queues/${urgent.id}`, { concurrency_limit: 5 })).status).toBe(204);
    expect((await h.call("GET", `/api/work_queues/${urgent.id}`)).body.concurrency_limit).toBe(5);
    const bad = await h.call("GET", "/api/work_queues/not-a-uuid");
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0]).toMatchObject({ type: "uuid_parsing", loc: ["path", "id"] });
    const gone = await h.call("GET", "/api/work_queues/00000000-0000-4000-8000-000000000000");
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ detail: "Work queue not found." });

    const legacy = await h.call("POST", "/api/work_queues/", { name: "agent-q" });
    expect(legacy.status).toBe(201);
    expect(legacy.body.work_pool_name).toBe("default-agent-pool");
    expect((await h.call("GET", "/api/work_queues/name/agent-q")).body.id).toBe(legacy.body.id);
    expect((await h.call("POST", "/api/work_queues/", { name: "agent-q" })).status).toBe(409);
    expect((await h.call("GET", "/api/work_pools/default-agent-pool")).body).toMatchObject({
      type: "prefect-agent",
      status: null,
    });
  });

  it("records worker heartbeats: pool READY while a worker is ONLINE; filter and delete workers", async () => {
    const beat = await h.call("POST", "/api/work_pools/tutorial/workers/heartbeat", {
      name: "w1",
      heartbeat_interval_seconds: 10,
    });
    expect(beat.status).toBe(204);
    expect(beat.text).toBe("");
    expect((await h.call("GET", "/api/work_pools/tutorial")).body.status).toBe("READY");
    clock.now = new Date(clock.now.getTime() + 5000);
    await h.call("POST", "/api/work_pools/tutorial/workers/heartbeat", { name: "w2" });
    await h.call("POST", "/api/work_pools/tutorial/workers/heartbeat", { name: "w1" });
    const workers = await h.call("POST", "/api/work_pools/tutorial/workers/filter", {});
    expect(workers.status).toBe(200);
    expectMatchesResponse("POST", "/work_pools/tutorial/workers/filter", 200, workers.body);
    expect(workers.body).toHaveLength(2);
    const w1 = workers.body.find((w: { name: string }) => w.name === "w1");
    expect(w1).toMatchObject({
      status: "ONLINE",
      heartbeat_interval_seconds: 10,
      last_heartbeat_time: clock.now.toISOString(),
    });
    const online = await h.call("POST", "/api/work_pools/tutorial/workers/filter", {
      workers: { status: { any_: ["OFFLINE"] } },
    });
    expect(online.body).toEqual([]);
    expect((await h.call("POST", "/api/work_pools/nope/workers/heartbeat", { name: "w" })).body).toEqual({
      detail: 'Work pool "nope" not found.',
    });
    const noName = await h.call("POST", "/api/work_pools/tutorial/workers/heartbeat", {});
    expect(noName.status).toBe(422);
    expect(noName.body.exception_detail[0]).toMatchObject({ type: "missing", loc: ["body", "name"] });
    expect((await h.call("DELETE", "/api/work_pools/tutorial/workers/w2")).status).toBe(204);
    const again = await h.call("DELETE", "/api/work_pools/tutorial/workers/w2");
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: "Worker not found." });
  });

  it("takes pool, queue and worker names with spaces and accents, URL-encoded", async () => {
    const pool = encodeURIComponent("my pool é");
    expect((await h.call("POST", "/api/work_pools/", { name: "my pool é", type: "process" })).status).toBe(201);
    expect((await h.call("GET", `/api/work_pools/${pool}`)).body.name).toBe("my pool é");
    await h.call("POST", `/api/work_pools/${pool}/workers/heartbeat`, { name: "ProcessWorker 1a2b" });
    expect(
      (await h.call("DELETE", `/api/work_pools/${pool}/workers/${encodeURIComponent("ProcessWorker 1a2b")}`)).status,
    ).toBe(204);
    expect((await h.call("POST", `/api/work_pools/${pool}/queues`, { name: "q 1" })).status).toBe(201);
    expect((await h.call("GET", `/api/work_pools/${pool}/queues/${encodeURIComponent("q 1")}`)).body.name).toBe("q 1");
  });
});
