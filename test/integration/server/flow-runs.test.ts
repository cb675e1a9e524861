// Flow run routes over both transports: create (names, idempotency, initial state), read, update, labels,
// set_state through the orchestration, state history, filters and sorts, delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesComponent } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

describe.each(TRANSPORTS)("flow run routes (%s)", (transport) => {
  let h: Harness;
  let flowId: string;
  beforeAll(async () => {
    h = await startHarness(transport);
    flowId = (await h.call("POST", "/api/flows/", { name: "runs-flow" })).body.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it("creates a run with 201, a generated slug name, and no state", async () => {
    const created = await h.call("POST", "/api/flow_runs/", { flow_id: flowId, parameters: { x: 1 }, tags: ["t"] });
    expect(created.status).toBe(201);
    expectMatchesComponent("FlowRunResponse", created.body);
    expect(created.body.name).toMatch(/^[a-z]+-[a-z]+$/);
    expect(created.body).toMatchObject({
      flow_id: flowId,
      parameters: { x: 1 },
      tags: ["t"],
      state: null,
      state_type: null,
      run_count: 0,
    });
    const read = await h.call("GET", `/api/flow_runs/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(created.body.id);
  });

  it("sets a given initial state through the orchestration", async () => {
    const created = await h.call("POST", "/api/flow_runs/", {
      flow_id: flowId,
      name: "scheduled-one",
      state: { type: "SCHEDULED" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "scheduled-one", state_type: "SCHEDULED", state_name: "Scheduled" });
    expect(created.body.state.state_details.flow_run_id).toBe(created.body.id);
    expect(created.body.expected_start_time).not.toBeNull();
    expect(created.body.state_id).toBe(created.body.state.id);
  });

  it("returns the existing run with 200 for a reused idempotency key", async () => {
    const first = await h.call("POST", "/api/flow_runs/", {
      flow_id: flowId,
      idempotency_key: "k1",
      state: { type: "PENDING" },
    });
    const second = await h.call("POST", "/api/flow_runs/", { flow_id: flowId, idempotency_key: "k1", name: "other" });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.name).toBe(first.body.name);
    const states = await h.call("GET", `/api/flow_run_states/?flow_run_id=${first.body.id}`);
    expect(states.body).toHaveLength(1);
  });

  it("answers 409 for an unknown flow and 422 for a malformed one, writing nothing", async () => {
    const before = (await h.call("POST", "/api/flow_runs/count", {})).body;
    const unknown = await h.call("POST", "/api/flow_runs/", { flow_id: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(409);
    expect(unknown.body.detail).toContain("Data integrity conflict");
    const bad = await h.call("POST", "/api/flow_runs/", { flow_id: "not-a-uuid", state: { type: "NOPE" } });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "uuid_parsing", loc: ["body", "flow_id"], input: "not-a-uuid" }),
        expect.objectContaining({ type: "enum", loc: ["body", "state", "type"], input: "NOPE" }),
      ]),
    );
    expect(bad.body.request_body).toEqual({ flow_id: "not-a-uuid", state: { type: "NOPE" } });
    expect((await h.call("POST", "/api/flow_runs/count", {})).body).toBe(before);
  });

  it("orchestrates set_state: 201 on accept, 200 abort on a duplicate Pending, history in order", async () => {
    const { body: run } = await h.call("POST", "/api/flow_runs/", { flow_id: flowId });
    const pending = await h.call("POST", `/api/flow_runs/${run.id}/set_state`, { state: { type: "PENDING" } });
    expect(pending.status).toBe(201);
    expectMatchesComponent("OrchestrationResult", pending.body);
    expect(pending.body).toMatchObject({
      status: "ACCEPT",
      state: { type: "PENDING", name: "Pending" },
      details: { type: "accept_details" },
    });
    const duplicate = await h.call("POST", `/api/flow_runs/${run.id}/set_state`, { state: { type: "PENDING" } });
    expect(duplicate.status).toBe(200);
    expectMatchesComponent("OrchestrationResult", duplicate.body);
    expect(duplicate.body.status).not.toBe("ACCEPT");
    expect(duplicate.body.state.id).toBe(pending.body.state.id);
    const running = await h.call("POST", `/api/flow_runs/${run.id}/set_state`, { state: { type: "RUNNING" } });
    expect(running.body.status).toBe("ACCEPT");
    const read = await h.call("GET", `/api/flow_runs/${run.id}`);
    expect(read.body).toMatchObject({ state_type: "RUNNING", run_count: 1, state_id: running.body.state.id });
    expect(read.body.start_time).not.toBeNull();
    const history = await h.call("GET", `/api/flow_run_states/?flow_run_id=${run.id}`);
    expect(history.body.map((s: { type: string }) => s.type)).toEqual(["PENDING", "RUNNING"]);
    for (const state of history.body) expectMatchesComponent("State", state);
    const one = await h.call("GET", `/api/flow_run_states/${running.body.state.id}`);
    expect(one.body).toEqual(history.body[1]);
    const forced = await h.call("POST", `/api/flow_runs/${run.id}/set_state`, {
      state: { type: "PENDING" },
      force: true,
    });
    expect(forced.body.status).toBe("ACCEPT");
    expect(
      (
        await h.call("POST", "/api/flow_runs/00000000-0000-4000-8000-000000000000/set_state", {
          state: { type: "PENDING" },
        })
      ).body,
    ).toEqual({
      detail: "Flow run not found",
    });
    expect((await h.call("GET", "/api/flow_run_states/")).body.exception_detail[0]).toMatchObject({
      type: "missing",
      loc: ["query", "flow_run_id"],
    });
  });

  it("updates fields and labels with 204, 404 for unknown runs", async () => {
    const { body: run } = await h.call("POST", "/api/flow_runs/", { flow_id: flowId, labels: { a: "1" } });
    expect(
      (await h.call("PATCH", `/api/flow_runs/${run.id}`, { name: "renamed", infrastructure_pid: "42", tags: ["u"] }))
        .status,
    ).toBe(204);
    expect((await h.call("PATCH", `/api/flow_runs/${run.id}/labels`, { b: 2 })).status).toBe(204);
    const read = (await h.call("GET", `/api/flow_runs/${run.id}`)).body;
    expect(read).toMatchObject({ name: "renamed", infrastructure_pid: "42", tags: ["u"], labels: { a: "1", b: 2 } });
    expect((await h.call("PATCH", `/api/flow_runs/${run.id}`, { state_type: "COMPLETED" })).status).toBe(422);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await h.call("PATCH", `/api/flow_runs/${unknown}`, { name: "x" })).body).toEqual({
      detail: "Flow run not found",
    });
    expect((await h.call("PATCH", `/api/flow_runs/${unknown}/labels`, { b: 2 })).status).toBe(404);
  });

  it("filters by state, tags, name, time and sorts", async () => {
    const { body: flow } = await h.call("POST", "/api/flows/", { name: "filter-flow" });
    const make = async (name: string, state: string, tags: string[]) =>
      (await h.call("POST", "/api/flow_runs/", { flow_id: flow.id, name, tags, state: { type: state } })).body;
    const a = await make("run-a", "SCHEDULED", ["x"]);
    const b = await make("run-b", "RUNNING", ["x", "y"]);
    const c = await make("run-c", "COMPLETED", []);
    const flows = { id: { any_: [flow.id] } };
    const names = async (body: unknown) =>
      (await h.call("POST", "/api/flow_runs/filter", body)).body.map((r: { name: string }) => r.name);
    expect(await names({ flows, sort: "NAME_ASC" })).toEqual(["run-a", "run-b", "run-c"]);
    expect(await names({ flows })).toEqual(["run-c", "run-b", "run-a"]);
    expect(
      await names({ flows, flow_runs: { state: { type: { any_: ["RUNNING", "COMPLETED"] } } }, sort: "NAME_ASC" }),
    ).toEqual(["run-b", "run-c"]);
    expect(
      await names({ flows, flow_runs: { state: { type: { not_any_: ["RUNNING"] } } }, sort: "NAME_DESC" }),
    ).toEqual(["run-c", "run-a"]);
    expect(await names({ flows, flow_runs: { tags: { all_: ["x", "y"] } } })).toEqual(["run-b"]);
    expect(await names({ flows, flow_runs: { tags: { any_: ["y", "z"] } } })).toEqual(["run-b"]);
    expect(await names({ flows, flow_runs: { tags: { is_null_: true } } })).toEqual(["run-c"]);
    expect(await names({ flows, flow_runs: { name: { like_: "N-B" } } })).toEqual(["run-b"]);
    expect(await names({ flows, flow_runs: { id: { not_any_: [a.id, c.id] } } })).toEqual(["run-b"]);
    expect(await names({ flows, flow_runs: { start_time: { is_null_: false } } })).toEqual(["run-b"]);
    expect(
      await names({
        flows,
        flow_runs: { operator: "or_", name: { any_: ["run-a"] }, state: { name: { any_: ["Completed"] } } },
        sort: "NAME_ASC",
      }),
    ).toEqual(["run-a", "run-c"]);
    expect(
      await names({
        flows,
        flow_runs: { expected_start_time: { after_: "2000-01-01T00:00:00+00:00", before_: "2999-01-01T00:00:00Z" } },
        sort: "EXPECTED_START_TIME_ASC",
      }),
    ).toEqual(["run-a", "run-b", "run-c"]);
    expect(await names({ flows: { name: { any_: ["no-such-flow"] } } })).toEqual([]);
    expect(
      (await h.call("POST", "/api/flow_runs/count", { flows, flow_runs: { state: { type: { any_: ["SCHEDULED"] } } } }))
        .body,
    ).toBe(1);
    expect(b.state_type).toBe("RUNNING");
    const list = await h.call("POST", "/api/flow_runs/filter", { flows, limit: null, sort: null });
    for (const run of list.body) expectMatchesComponent("FlowRunResponse", run);
  });

  it("deletes with 204 then 404", async () => {
    const { body: run } = await h.call("POST", "/api/flow_runs/", { flow_id: flowId });
    expect((await h.call("DELETE", `/api/flow_runs/${run.id}`)).status).toBe(204);
    expect((await h.call("DELETE", `/api/flow_runs/${run.id}`)).body).toEqual({ detail: "Flow run not found" });
  });
});
