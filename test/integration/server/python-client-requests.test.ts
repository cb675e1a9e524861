// Requests as Prefect's Python client sends them, over both transports: `"name": null` on run creation
// and rename (a slug is generated, as Prefect's set_name validator does) and `str(datetime)` timestamps
// ("2026-12-06 03:43:07.060934+00:00") in the scheduled-runs polls of deployments and work pools.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const SLUG = /^[a-z]+-[a-z]+$/;
// Python's str(datetime): a space separator, microseconds, +00:00.
const PY_LATER = "2026-12-06 03:43:07.060934+00:00";

describe.each(TRANSPORTS)("Prefect's Python client requests (%s)", (transport) => {
  let h: Harness;
  let flowId: string;
  let deploymentId: string;

  beforeAll(async () => {
    h = await startHarness(transport, { now: () => new Date("2026-12-06T03:00:00.000Z") });
    flowId = (await h.call("POST", "/api/flows/", { name: "py-flow" })).body.id;
    await h.call("POST", "/api/work_pools/", { name: "py-pool", type: "process" });
    const dep = await h.call("POST", "/api/deployments/", {
      name: "py-dep",
      flow_id: flowId,
      work_pool_name: "py-pool",
    });
    expect(dep.status, JSON.stringify(dep.body)).toBe(201);
    deploymentId = dep.body.id;
  });
  afterAll(async () => h.close());

  it('POST /api/flow_runs/ with "name": null -> 201 with a generated name', async () => {
    const res = await h.call("POST", "/api/flow_runs/", {
      flow_id: flowId,
      name: null,
      parameters: {},
      state: { type: "PENDING", name: null, message: null, state_details: {} },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toMatch(SLUG);
  });

  it('POST /api/deployments/{id}/create_flow_run with "name": null -> 201 with a generated name', async () => {
    const res = await h.call("POST", `/api/deployments/${deploymentId}/create_flow_run`, {
      name: null,
      parameters: {},
      state: { type: "SCHEDULED", name: "Scheduled", state_details: { scheduled_time: "2026-12-06 03:30:00+00:00" } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toMatch(SLUG);
    expect(new Date(res.body.expected_start_time).toISOString()).toBe("2026-12-06T03:30:00.000Z");
  });

  it('task runs: "name": null on create and rename -> a generated name', async () => {
    const run = await h.call("POST", "/api/task_runs/", {
      name: null,
      task_key: "k",
      dynamic_key: "0",
      flow_run_id: null,
    });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.name).toMatch(SLUG);
    expect((await h.call("PATCH", `/api/task_runs/${run.body.id}`, { name: null })).status).toBe(204);
    expect((await h.call("GET", `/api/task_runs/${run.body.id}`)).body.name).toMatch(SLUG);
  });

  it("deployments' get_scheduled_flow_runs takes a Python str(datetime) -> 200 with the due runs", async () => {
    const res = await h.call("POST", "/api/deployments/get_scheduled_flow_runs", {
      deployment_ids: [deploymentId],
      scheduled_before: PY_LATER,
      limit: null,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toHaveLength(1);
  });

  it("work pools' get_scheduled_flow_runs takes a Python str(datetime) -> 200 with the due runs", async () => {
    const res = await h.call("POST", "/api/work_pools/py-pool/get_scheduled_flow_runs", {
      work_queue_names: null,
      scheduled_before: PY_LATER,
      scheduled_after: "2026-12-06 03:00:00",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toHaveLength(1);
  });
  it("create_markdown_artifact's body (every field it passes, None as null) -> 201; the key's latest follows", async () => {
    // prefect.artifacts.MarkdownArtifact.create: ArtifactCreate(type, key, description, task_run_id, flow_run_id, data)
    // dumped with exclude_unset, so the fields it passes arrive even when None.
    const body = (data: string) => ({
      type: "markdown",
      key: "py-report",
      description: null,
      task_run_id: null,
      flow_run_id: null,
      data,
    });
    const first = await h.call("POST", "/api/artifacts/", body("# one"));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await h.call("POST", "/api/artifacts/", body("# two"));
    const latest = await h.call("POST", "/api/artifacts/latest/filter", {
      artifacts: { key: { any_: ["py-report"] } },
    });
    expect(latest.body).toEqual([
      expect.objectContaining({ latest_id: second.body.id, data: "# two", description: null }),
    ]);
  });
});
