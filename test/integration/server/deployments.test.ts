// Deployment routes over both transports: upsert, reads, filter/count/paginate, PATCH, pause/resume,
// create_flow_run (merge, validation 409, idempotency), schedules CRUD, get_scheduled_flow_runs, delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesComponent, expectMatchesResponse } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const SCHEMA = {
  title: "Parameters",
  type: "object",
  properties: {
    city: { title: "city", position: 0, type: "string" },
    days: { title: "days", position: 1, type: "integer", default: 3 },
    mode: { title: "mode", position: 2, $ref: "#/definitions/Mode" },
  },
  required: ["city"],
  definitions: { Mode: { title: "Mode", enum: ["fast", "slow"], type: "string" } },
};

describe.each(TRANSPORTS)("deployments routes (%s)", (transport) => {
  let h: Harness;
  let flowId: string;
  beforeAll(async () => {
    h = await startHarness(transport);
    flowId = (await h.call("POST", "/api/flows/", { name: "weather" })).body.id;
  });
  afterAll(async () => {
    await h.close();
  });

  const create = (body: Record<string, unknown>) => h.call("POST", "/api/deployments/", { flow_id: flowId, ...body });

  it("creates with 201 and Prefect's defaults, upserts on flow + name with 200", async () => {
    const first = await create({
      name: "nightly",
      schedules: [{ schedule: { cron: "0 2 * * *", timezone: "Europe/Paris" } }],
    });
    expect(first.status).toBe(201);
    expectMatchesComponent("DeploymentResponse", first.body);
    expect(first.body).toMatchObject({
      name: "nightly",
      flow_id: flowId,
      enforce_parameter_schema: true,
      work_queue_name: "default",
      paused: false,
      parameter_openapi_schema: { type: "object", properties: {} },
      status: "NOT_READY",
    });
    expect(first.body.schedules).toHaveLength(1);
    expect(first.body.schedules[0]).toMatchObject({
      active: true,
      slug: null,
      parameters: {},
      max_scheduled_runs: null,
      deployment_id: first.body.id,
      schedule: { cron: "0 2 * * *", timezone: "Europe/Paris", day_or: true },
    });
    const again = await create({ name: "nightly", description: "every night", tags: ["t"] });
    expect(again.status).toBe(200);
    expectMatchesResponse("POST", "/deployments/", 200, again.body);
    expect(again.body).toMatchObject({ id: first.body.id, description: "every night", tags: ["t"], schedules: [] });
  });

  it("fills write-time schedule defaults and refuses an invalid schedule with a 422 naming the field", async () => {
    const ok = await create({ name: "every-hour", schedules: [{ schedule: { interval: 3600 } }] });
    expect(ok.status).toBe(201);
    expect(ok.body.schedules[0].schedule.anchor_date).toEqual(expect.any(String));
    const bad = await create({ name: "broken", schedules: [{ schedule: { cron: "61 * * * *" } }] });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0].loc).toEqual(["body", "schedules", 0, "schedule"]);
    expect(bad.body.exception_detail[0].msg).toContain("minute");
    expect((await h.call("GET", "/api/deployments/name/weather/broken")).status).toBe(404);
  });

  it("reads by id and by flow/deployment name; 404 otherwise", async () => {
    const { body: dep } = await create({ name: "reader" });
    const byId = await h.call("GET", `/api/deployments/${dep.id}`);
    expectMatchesResponse("GET", "/deployments/{id}", 200, byId.body);
    expect(byId.body).toEqual(dep);
    expect((await h.call("GET", "/api/deployments/name/weather/reader")).body).toEqual(dep);
    const missing = await h.call("GET", "/api/deployments/00000000-0000-4000-8000-000000000000");
    expect(missing).toMatchObject({ status: 404, body: { detail: "Deployment not found" } });
    expect((await h.call("GET", "/api/deployments/name/nope/reader")).status).toBe(404);
  });

  it("refuses a deployment of an unknown flow (409) and a malformed body (422)", async () => {
    const orphan = await h.call("POST", "/api/deployments/", {
      flow_id: "00000000-0000-4000-8000-000000000000",
      name: "x",
    });
    expect(orphan.status).toBe(409);
    const malformed = await h.call("POST", "/api/deployments/", { name: "x" });
    expect(malformed.status).toBe(422);
    expect(malformed.body.exception_detail[0]).toMatchObject({ type: "missing", loc: ["body", "flow_id"] });
  });

  it("refuses deployment defaults that break an enforced schema (422), not missing required ones", async () => {
    const bad = await create({ name: "bad-defaults", parameter_openapi_schema: SCHEMA, parameters: { days: "x" } });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0].msg).toContain("Validation failed for field 'days'");
    expect(
      (await create({ name: "partial-defaults", parameter_openapi_schema: SCHEMA, parameters: { days: 1 } })).status,
    ).toBe(201);
  });

  it("filters, counts and paginates", async () => {
    const other = (await h.call("POST", "/api/flows/", { name: "other-flow" })).body.id;
    await h.call("POST", "/api/deployments/", { flow_id: other, name: "f-a", tags: ["x", "y"], paused: true });
    await h.call("POST", "/api/deployments/", { flow_id: other, name: "f-b", tags: ["y"] });
    const byFlow = await h.call("POST", "/api/deployments/filter", {
      flows: { name: { any_: ["other-flow"] } },
      sort: "NAME_DESC",
    });
    expectMatchesResponse("POST", "/deployments/filter", 200, byFlow.body);
    expect(byFlow.body.map((d: { name: string }) => d.name)).toEqual(["f-b", "f-a"]);
    const tagged = await h.call("POST", "/api/deployments/filter", { deployments: { tags: { all_: ["x"] } } });
    expect(tagged.body.map((d: { name: string }) => d.name)).toEqual(["f-a"]);
    const paused = await h.call("POST", "/api/deployments/count", {
      deployments: { paused: { eq_: true }, name: { like_: "f-" } },
    });
    expect(paused.body).toBe(1);
    const fuzzy = await h.call("POST", "/api/deployments/count", {
      deployments: { flow_or_deployment_name: { like_: "other-fl" } },
    });
    expect(fuzzy.body).toBe(2);
    const page = await h.call("POST", "/api/deployments/paginate", {
      flows: { name: { any_: ["other-flow"] } },
      limit: 1,
      page: 2,
    });
    expectMatchesResponse("POST", "/deployments/paginate", 200, page.body);
    expect(page.body).toMatchObject({ count: 2, limit: 1, pages: 2, page: 2 });
    expect(page.body.results[0].name).toBe("f-b");
    const flowsWithDeployments = await h.call("POST", "/api/flows/count", {
      flows: { deployment: { is_null_: false } },
    });
    expect(flowsWithDeployments.body).toBe(2);
  });

  it("PATCH sets only the given fields; pause/resume set paused", async () => {
    const { body: dep } = await create({ name: "patchy", description: "d", version: "1" });
    const patched = await h.call("PATCH", `/api/deployments/${dep.id}`, { version: "2", tags: ["new"] });
    expect(patched.status).toBe(204);
    const read = (await h.call("GET", `/api/deployments/${dep.id}`)).body;
    expect(read).toMatchObject({ version: "2", tags: ["new"], description: "d", paused: false });
    const pause = await h.call("POST", `/api/deployments/${dep.id}/pause_deployment`);
    expect(pause.status).toBe(200);
    expect((await h.call("GET", `/api/deployments/${dep.id}`)).body.paused).toBe(true);
    await h.call("POST", `/api/deployments/${dep.id}/resume_deployment`);
    expect((await h.call("GET", `/api/deployments/${dep.id}`)).body.paused).toBe(false);
    const missing = await h.call("PATCH", "/api/deployments/00000000-0000-4000-8000-000000000000", { version: "x" });
    expect(missing.status).toBe(404);
  });

  it("PATCH schedules by slug keeps ids and a paused schedule stays paused", async () => {
    const { body: dep } = await create({
      name: "slugged",
      schedules: [
        { schedule: { cron: "0 1 * * *" }, slug: "a" },
        { schedule: { interval: 60 }, slug: "b" },
      ],
    });
    const [a, b] = dep.schedules;
    await h.call("PATCH", `/api/deployments/${dep.id}/schedules/${a.id}`, { active: false });
    await h.call("PATCH", `/api/deployments/${dep.id}`, {
      schedules: [{ schedule: { cron: "0 3 * * *" }, slug: "a" }],
    });
    const after = (await h.call("GET", `/api/deployments/${dep.id}`)).body.schedules;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: a.id, active: false, schedule: { cron: "0 3 * * *" } });
    expect(after.find((s: { id: string }) => s.id === b.id)).toBeUndefined();
  });

  it("create_flow_run merges parameters, takes tags and work queue from the deployment, and is Scheduled now", async () => {
    const { body: dep } = await create({
      name: "runnable",
      parameter_openapi_schema: SCHEMA,
      parameters: { days: 5 },
      tags: ["dep"],
      job_variables: { env: { A: "1" } },
      version: "v7",
    });
    const made = await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {
      parameters: { city: "Lisbon" },
      tags: ["run"],
    });
    expect(made.status).toBe(201);
    expectMatchesComponent("FlowRunResponse", made.body);
    expect(made.body).toMatchObject({
      deployment_id: dep.id,
      deployment_version: "v7",
      flow_id: flowId,
      parameters: { city: "Lisbon", days: 5 },
      work_queue_name: "default",
      job_variables: { env: { A: "1" } },
      state_type: "SCHEDULED",
      state: { type: "SCHEDULED", name: "Scheduled" },
    });
    expect(made.body.tags.sort()).toEqual(["dep", "run"]);
    expect(made.body.name).toMatch(/^[a-z]+-[a-z]+$/);
  });

  it("create_flow_run: 409 naming every failing field, unknown names refused; enforce false lets them through", async () => {
    const { body: dep } = await create({ name: "strict", parameter_openapi_schema: SCHEMA });
    const bad = await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {
      parameters: { days: "many", mode: "warp", colour: "red" },
    });
    expect(bad.status).toBe(409);
    const detail: string = bad.body.detail;
    expect(detail).toMatch(/^Error creating flow run: Validation failed for field 'colour'\. Failure reason: /);
    expect(detail).toContain("Validation failed for field 'days'. Failure reason: 'many' is not of type 'integer'");
    expect(detail).toContain(
      "Validation failed for field 'mode'. Failure reason: 'warp' is not one of ['fast', 'slow']",
    );
    expect(detail).toContain("Validation failed for field 'city'. Failure reason: 'city' is a required property");
    const loose = await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {
      parameters: { days: "many" },
      enforce_parameter_schema: false,
    });
    expect(loose.status).toBe(201);
  });

  it("create_flow_run: idempotency key returns the same run with 200; a future Scheduled state; 404 unknown", async () => {
    const { body: dep } = await create({ name: "idem" });
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const body = {
      idempotency_key: "k1",
      name: "my-run",
      state: { type: "SCHEDULED", state_details: { scheduled_time: later } },
      work_queue_name: "urgent",
    };
    const first = await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: "my-run", work_queue_name: "urgent", next_scheduled_start_time: later });
    const second = await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, body);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expectMatchesResponse("POST", "/deployments/{id}/create_flow_run", 200, second.body);
    const missing = await h.call("POST", "/api/deployments/00000000-0000-4000-8000-000000000000/create_flow_run", {});
    expect(missing.status).toBe(404);
  });

  it("schedules CRUD", async () => {
    const { body: dep } = await create({ name: "sched" });
    const made = await h.call("POST", `/api/deployments/${dep.id}/schedules`, [
      { schedule: { cron: "*/5 * * * *" }, slug: "five", parameters: { x: 1 }, max_scheduled_runs: 10 },
    ]);
    expect(made.status).toBe(201);
    expectMatchesResponse("POST", "/deployments/{id}/schedules", 201, made.body);
    const id = made.body[0].id;
    expect(made.body[0]).toMatchObject({ slug: "five", parameters: { x: 1 }, max_scheduled_runs: 10, active: true });
    const bad = await h.call("POST", `/api/deployments/${dep.id}/schedules`, [
      { schedule: { interval: 60, timezone: "Mars/Base" } },
    ]);
    expect(bad.status).toBe(422);
    expect((await h.call("PATCH", `/api/deployments/${dep.id}/schedules/${id}`, { active: false })).status).toBe(204);
    const list = await h.call("GET", `/api/deployments/${dep.id}/schedules`);
    expectMatchesResponse("GET", "/deployments/{id}/schedules", 200, list.body);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].active).toBe(false);
    expect((await h.call("DELETE", `/api/deployments/${dep.id}/schedules/${id}`)).status).toBe(204);
    expect((await h.call("DELETE", `/api/deployments/${dep.id}/schedules/${id}`)).status).toBe(404);
    expect((await h.call("GET", `/api/deployments/${dep.id}/schedules`)).body).toEqual([]);
  });

  it("get_scheduled_flow_runs returns due SCHEDULED runs of the deployments, earliest first, limited", async () => {
    const { body: dep } = await create({ name: "polled" });
    const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
    const mk = (time: string) =>
      h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {
        state: { type: "SCHEDULED", state_details: { scheduled_time: time } },
      });
    const late = (await mk(at(-60_000))).body;
    const soon = (await mk(at(-1_000))).body;
    await mk(at(3_600_000));
    const due = await h.call("POST", "/api/deployments/get_scheduled_flow_runs", { deployment_ids: [dep.id] });
    expectMatchesResponse("POST", "/deployments/get_scheduled_flow_runs", 200, due.body);
    expect(due.body.map((r: { id: string }) => r.id)).toEqual([late.id, soon.id]);
    const limited = await h.call("POST", "/api/deployments/get_scheduled_flow_runs", {
      deployment_ids: [dep.id],
      limit: 1,
      scheduled_before: at(7_200_000),
    });
    expect(limited.body.map((r: { id: string }) => r.id)).toEqual([late.id]);
    expect((await h.call("GET", `/api/deployments/${dep.id}`)).body.status).toBe("READY");
  });

  it("changing schedules deletes the deployment's future auto-scheduled runs only", async () => {
    const { body: dep } = await create({ name: "rescheduled", schedules: [{ schedule: { interval: 600 } }] });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const manual = (
      await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {
        state: { type: "SCHEDULED", state_details: { scheduled_time: future } },
      })
    ).body;
    const auto = (
      await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {
        state: { type: "SCHEDULED", state_details: { scheduled_time: future } },
      })
    ).body;
    h.store.conn.run("UPDATE flow_run SET auto_scheduled = 1 WHERE id = ?", [auto.id]);
    await h.call("PATCH", `/api/deployments/${dep.id}`, { schedules: [{ schedule: { interval: 1200 } }] });
    expect((await h.call("GET", `/api/flow_runs/${auto.id}`)).status).toBe(404);
    expect((await h.call("GET", `/api/flow_runs/${manual.id}`)).status).toBe(200);
  });

  it("the deployments key of flow and flow run filter bodies selects by deployment", async () => {
    const flow = (await h.call("POST", "/api/flows/", { name: "keyed-flow" })).body.id;
    const dep = (await h.call("POST", "/api/deployments/", { flow_id: flow, name: "keyed" })).body;
    const run = (await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {})).body;
    await h.call("POST", "/api/flow_runs/", { flow_id: flow });
    const runs = await h.call("POST", "/api/flow_runs/filter", { deployments: { name: { any_: ["keyed"] } } });
    expect(runs.body.map((r: { id: string }) => r.id)).toEqual([run.id]);
    const flows = await h.call("POST", "/api/flows/filter", { deployments: { name: { any_: ["keyed"] } } });
    expect(flows.body.map((f: { id: string }) => f.id)).toEqual([flow]);
  });

  it("DELETE removes the deployment and its scheduled runs", async () => {
    const { body: dep } = await create({ name: "doomed" });
    const run = (await h.call("POST", `/api/deployments/${dep.id}/create_flow_run`, {})).body;
    expect((await h.call("DELETE", `/api/deployments/${dep.id}`)).status).toBe(204);
    expect((await h.call("GET", `/api/deployments/${dep.id}`)).status).toBe(404);
    expect((await h.call("GET", `/api/flow_runs/${run.id}`)).status).toBe(404);
    expect((await h.call("DELETE", `/api/deployments/${dep.id}`)).status).toBe(404);
  });
});
