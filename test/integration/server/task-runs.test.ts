// Task run routes over both transports: idempotent create (by key, client ids), initial state, set_state,
// state history, filters, rename, delete.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesComponent } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

describe.each(TRANSPORTS)("task run routes (%s)", (transport) => {
  let h: Harness;
  let flowRunId: string;
  beforeAll(async () => {
    h = await startHarness(transport);
    const flow = (await h.call("POST", "/api/flows/", { name: "task-flow" })).body;
    const run = await h.call("POST", "/api/flow_runs/", { flow_id: flow.id, state: { type: "RUNNING" } });
    flowRunId = run.body.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it("creates with 201 and a client id, then returns the same run with 200 for the same key", async () => {
    const id = randomUUID();
    const body = {
      id,
      flow_run_id: flowRunId,
      task_key: "add",
      dynamic_key: "0",
      name: "add-0",
      state: { type: "PENDING" },
    };
    const first = await h.call("POST", "/api/task_runs/", body);
    expect(first.status).toBe(201);
    expectMatchesComponent("TaskRun", first.body);
    expect(first.body).toMatchObject({ id, name: "add-0", state_type: "PENDING", flow_run_id: flowRunId });
    expect(first.body.state.state_details).toMatchObject({ task_run_id: id, flow_run_id: flowRunId });
    const second = await h.call("POST", "/api/task_runs/", { ...body, id: randomUUID(), name: "other" });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(id);
    expect((await h.call("GET", `/api/task_run_states/?task_run_id=${id}`)).body).toHaveLength(1);
  });

  it("is idempotent on (task_key, dynamic_key) for runs without flow run, and names unnamed runs", async () => {
    const first = await h.call("POST", "/api/task_runs/", { task_key: "loose", dynamic_key: "1" });
    const second = await h.call("POST", "/api/task_runs/", { task_key: "loose", dynamic_key: "1" });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(first.body.name).toMatch(/^[a-z]+-[a-z]+$/);
    expect(first.body.state).toBeNull();
  });

  it("answers 409 for a reused client id and for an unknown flow run", async () => {
    const id = randomUUID();
    await h.call("POST", "/api/task_runs/", { id, flow_run_id: flowRunId, task_key: "k", dynamic_key: "a" });
    expect(
      (await h.call("POST", "/api/task_runs/", { id, flow_run_id: flowRunId, task_key: "k", dynamic_key: "b" })).status,
    ).toBe(409);
    expect(
      (await h.call("POST", "/api/task_runs/", { flow_run_id: randomUUID(), task_key: "k", dynamic_key: "c" })).status,
    ).toBe(409);
    const bad = await h.call("POST", "/api/task_runs/", { task_key: "k" });
    expect(bad.body.exception_detail).toEqual([
      { type: "missing", loc: ["body", "dynamic_key"], msg: "Field required", input: { task_key: "k" } },
    ]);
  });

  it("orchestrates set_state and keeps the history", async () => {
    const { body: run } = await h.call("POST", "/api/task_runs/", {
      flow_run_id: flowRunId,
      task_key: "work",
      dynamic_key: "0",
    });
    const pending = await h.call("POST", `/api/task_runs/${run.id}/set_state`, { state: { type: "PENDING" } });
    expect(pending.status).toBe(201);
    expectMatchesComponent("OrchestrationResult", pending.body);
    const running = await h.call("POST", `/api/task_runs/${run.id}/set_state`, { state: { type: "RUNNING" } });
    expect(running.body.status).toBe("ACCEPT");
    const done = await h.call("POST", `/api/task_runs/${run.id}/set_state`, {
      state: { type: "COMPLETED", data: { value: 3 } },
    });
    expect(done.body).toMatchObject({ status: "ACCEPT", state: { type: "COMPLETED", data: { value: 3 } } });
    const read = (await h.call("GET", `/api/task_runs/${run.id}`)).body;
    expect(read).toMatchObject({ state_type: "COMPLETED", run_count: 1 });
    expect(read.end_time).not.toBeNull();
    const history = (await h.call("GET", `/api/task_run_states/?task_run_id=${run.id}`)).body;
    expect(history.map((s: { type: string }) => s.type)).toEqual(["PENDING", "RUNNING", "COMPLETED"]);
    expect((await h.call("GET", `/api/task_run_states/${history[0].id}`)).body).toEqual(history[0]);
    expect(
      (await h.call("POST", `/api/task_runs/${randomUUID()}/set_state`, { state: { type: "RUNNING" } })).status,
    ).toBe(404);
  });

  it("filters, sorts and counts, including by flow run", async () => {
    for (const key of ["b", "a", "c"]) {
      await h.call("POST", "/api/task_runs/", {
        flow_run_id: flowRunId,
        task_key: "filtered",
        dynamic_key: key,
        name: `filtered-${key}`,
        tags: [key],
      });
    }
    const names = async (body: unknown) =>
      (await h.call("POST", "/api/task_runs/filter", body)).body.map((r: { name: string }) => r.name);
    const byName = { task_runs: { name: { like_: "filtered-" } } };
    expect(await names({ ...byName, sort: "NAME_ASC" })).toEqual(["filtered-a", "filtered-b", "filtered-c"]);
    expect(await names({ ...byName })).toEqual(["filtered-c", "filtered-a", "filtered-b"]);
    expect(await names({ task_runs: { tags: { all_: ["a"] } } })).toEqual(["filtered-a"]);
    expect(await names({ ...byName, flow_runs: { id: { any_: [randomUUID()] } } })).toEqual([]);
    expect(
      await names({ task_runs: { name: { like_: "filtered-" }, flow_run_id: { any_: [flowRunId] } }, limit: 1 }),
    ).toHaveLength(1);
    expect(
      (
        await h.call("POST", "/api/task_runs/count", {
          flow_runs: { id: { any_: [flowRunId] } },
          task_runs: byName.task_runs,
        })
      ).body,
    ).toBe(3);
    const all = await h.call("POST", "/api/task_runs/filter", {});
    for (const run of all.body) expectMatchesComponent("TaskRun", run);
  });

  it("renames with 204 and deletes with 204 then 404", async () => {
    const { body: run } = await h.call("POST", "/api/task_runs/", {
      flow_run_id: flowRunId,
      task_key: "gone",
      dynamic_key: "0",
    });
    expect((await h.call("PATCH", `/api/task_runs/${run.id}`, { name: "renamed" })).status).toBe(204);
    expect((await h.call("GET", `/api/task_runs/${run.id}`)).body.name).toBe("renamed");
    expect((await h.call("DELETE", `/api/task_runs/${run.id}`)).status).toBe(204);
    expect((await h.call("GET", `/api/task_runs/${run.id}`)).body).toEqual({ detail: "Task run not found" });
  });
});
