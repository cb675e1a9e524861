// POST /api/events over both transports: task-run state events become task runs with their state history
// (Prefect 3's task run recorder), in any delivery order, idempotently; malformed batches are 422 and write
// nothing; other events are stored whole.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesComponent } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

type Json = Record<string, unknown>;

/** A `prefect.task-run.<name>` event as Prefect's engine emits it. */
function stateEvent(
  run: { id: string; flowRunId: string; key?: string; dynamicKey?: string },
  state: { type: string; name: string; at: string; from?: string | null; message?: string },
  taskRun: Json = {},
): Json {
  return {
    id: randomUUID(),
    occurred: state.at,
    event: `prefect.task-run.${state.name}`,
    resource: {
      "prefect.resource.id": `prefect.task-run.${run.id}`,
      "prefect.resource.name": "add-1a2",
      "prefect.state-message": state.message ?? "",
      "prefect.state-name": state.name,
      "prefect.state-timestamp": state.at,
      "prefect.state-type": state.type,
      "prefect.orchestration": "client",
    },
    related: [
      {
        "prefect.resource.id": `prefect.flow-run.${run.flowRunId}`,
        "prefect.resource.role": "flow-run",
        "prefect.resource.name": "crimson-otter",
      },
      { "prefect.resource.id": "prefect.tag.etl", "prefect.resource.role": "tag" },
    ],
    payload: {
      intended: { from: state.from ?? null, to: state.type },
      initial_state: state.from ? { type: state.from, name: null, message: "", state_details: {} } : null,
      validated_state: {
        type: state.type,
        name: state.name,
        message: state.message ?? null,
        state_details: {},
        data: null,
      },
      task_run: {
        name: "add-1a2",
        task_key: run.key ?? "add-3f2a",
        dynamic_key: run.dynamicKey ?? "0",
        empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: 0 },
        tags: ["etl"],
        labels: {},
        task_inputs: { a: [], b: [] },
        run_count: 0,
        flow_run_run_count: 1,
        total_run_time: 0,
        ...taskRun,
      },
    },
    follows: null,
  };
}

/** Pending, Running, Completed one millisecond apart, with the run fields a client computes. */
function lifecycle(
  run: { id: string; flowRunId: string; dynamicKey?: string },
  base = Date.parse("2024-05-01T12:00:00.000Z"),
): Json[] {
  const t = (ms: number) => new Date(base + ms).toISOString();
  return [
    stateEvent(run, { type: "PENDING", name: "Pending", at: t(0) }, { expected_start_time: t(0) }),
    stateEvent(
      run,
      { type: "RUNNING", name: "Running", at: t(1), from: "PENDING" },
      { expected_start_time: t(0), start_time: t(1), run_count: 1 },
    ),
    stateEvent(
      run,
      { type: "COMPLETED", name: "Completed", at: t(3), from: "RUNNING" },
      { expected_start_time: t(0), start_time: t(1), end_time: t(3), run_count: 1, total_run_time: 0.002 },
    ),
  ];
}

describe.each(TRANSPORTS)("POST /api/events (%s)", (transport) => {
  let h: Harness;
  let flowRunId: string;
  beforeAll(async () => {
    h = await startHarness(transport);
    const flow = await h.call("POST", "/api/flows/", { name: "events-flow" });
    flowRunId = (await h.call("POST", "/api/flow_runs/", { flow_id: flow.body.id, state: { type: "RUNNING" } })).body
      .id;
  });
  afterAll(async () => {
    await h.close();
  });

  const states = async (id: string) => (await h.call("GET", `/api/task_run_states/?task_run_id=${id}`)).body as Json[];

  it("creates task runs with their full state history, in order, from one batch", async () => {
    const runs = [randomUUID(), randomUUID()].map((id, i) => ({ id, flowRunId, dynamicKey: String(i) }));
    const answer = await h.call(
      "POST",
      "/api/events",
      runs.flatMap((r) => lifecycle(r)),
    );
    expect(answer.status).toBe(204);
    expect(answer.text).toBe("");
    for (const r of runs) {
      const run = await h.call("GET", `/api/task_runs/${r.id}`);
      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({
        id: r.id,
        flow_run_id: flowRunId,
        name: "add-1a2",
        task_key: "add-3f2a",
        dynamic_key: r.dynamicKey,
        state_type: "COMPLETED",
        state_name: "Completed",
        run_count: 1,
        flow_run_run_count: 1,
        tags: ["etl"],
        task_inputs: { a: [], b: [] },
        start_time: "2024-05-01T12:00:00.001Z",
        end_time: "2024-05-01T12:00:00.003Z",
        expected_start_time: "2024-05-01T12:00:00.000Z",
        total_run_time: 0.002,
      });
      expect(run.body.state).toMatchObject({
        type: "COMPLETED",
        name: "Completed",
        state_details: { task_run_id: r.id, flow_run_id: flowRunId },
      });
      expectMatchesComponent("TaskRun", run.body);
      const history = await states(r.id);
      expect(history.map((s) => s.name)).toEqual(["Pending", "Running", "Completed"]);
      expect(run.body.state_id).toBe(history[2]!.id);
      for (const s of history) expectMatchesComponent("State", s);
    }
    const listed = await h.call("POST", "/api/task_runs/filter", { flow_runs: { id: { any_: [flowRunId] } } });
    expect(listed.body.map((t: Json) => t.id)).toEqual(expect.arrayContaining(runs.map((r) => r.id)));
  });

  it("keeps the latest state current when events arrive out of order, across batches", async () => {
    const run = { id: randomUUID(), flowRunId, dynamicKey: "10" };
    const [pending, running, completed] = lifecycle(run);
    expect((await h.call("POST", "/api/events", [completed])).status).toBe(204);
    expect((await h.call("POST", "/api/events", [running, pending])).status).toBe(204);
    const read = (await h.call("GET", `/api/task_runs/${run.id}`)).body;
    expect(read.state_name).toBe("Completed");
    expect(read.end_time).toBe("2024-05-01T12:00:00.003Z");
    expect((await states(run.id)).map((s) => s.name)).toEqual(["Pending", "Running", "Completed"]);
  });

  it("is idempotent: replaying a batch changes nothing", async () => {
    const run = { id: randomUUID(), flowRunId, dynamicKey: "20" };
    const batch = lifecycle(run);
    await h.call("POST", "/api/events", batch);
    const before = (await h.call("GET", `/api/task_runs/${run.id}`)).body;
    expect((await h.call("POST", "/api/events", batch)).status).toBe(204);
    const after = (await h.call("GET", `/api/task_runs/${run.id}`)).body;
    expect({ ...after, updated: null }).toEqual({ ...before, updated: null });
    expect(await states(run.id)).toHaveLength(3);
  });

  it("matches an existing run by flow run, task key and dynamic key (Prefect's natural key)", async () => {
    const created = await h.call("POST", "/api/task_runs/", {
      flow_run_id: flowRunId,
      task_key: "natural",
      dynamic_key: "0",
      state: { type: "PENDING" },
    });
    const clientId = randomUUID();
    const [, running] = lifecycle({ id: clientId, flowRunId }, Date.now() + 1000).map((e) => {
      ((e.payload as Json).task_run as Json).task_key = "natural";
      return e;
    });
    await h.call("POST", "/api/events", [running]);
    const read = (await h.call("GET", `/api/task_runs/${created.body.id}`)).body;
    expect(read.state_name).toBe("Running");
    expect((await h.call("GET", `/api/task_runs/${clientId}`)).status).toBe(404);
    expect((await states(created.body.id)).map((s) => s.name)).toEqual(["Pending", "Running"]);
  });

  it("answers 422 naming the field for a malformed event, and writes nothing", async () => {
    const run = { id: randomUUID(), flowRunId, dynamicKey: "30" };
    const [good, bad] = lifecycle(run);
    delete (bad!.resource as Json)["prefect.resource.id"];
    const answer = await h.call("POST", "/api/events", [good, bad]);
    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail[0]).toMatchObject({ loc: ["body", 1, "resource", "prefect.resource.id"] });
    expect(answer.body.exception_detail[0].msg).toContain("prefect.resource.id");
    expect((await h.call("GET", `/api/task_runs/${run.id}`)).status).toBe(404);

    const noId = await h.call("POST", "/api/events", [{ ...good, id: "not-a-uuid" }]);
    expect(noId.status).toBe(422);
    expect(noId.body.exception_detail[0].loc).toEqual(["body", 0, "id"]);
    expect((await h.call("POST", "/api/events", { not: "a list" })).status).toBe(422);
  });

  it("stores other events whole, and task-run events it cannot attach to a flow run", async () => {
    const before = h.store.events.count();
    const other = {
      id: randomUUID(),
      occurred: "2024-05-01T12:00:00Z",
      event: "acme.order.shipped",
      resource: { "prefect.resource.id": "acme.order.42" },
      payload: { items: 3 },
    };
    const orphan = lifecycle({ id: randomUUID(), flowRunId: randomUUID() })[0];
    expect((await h.call("POST", "/api/events", [other, orphan])).status).toBe(204);
    expect((await h.call("POST", "/api/events", [other])).status).toBe(204);
    expect(h.store.events.count()).toBe(before + 2);
    const row = h.store.conn.get("SELECT event, resource_id, payload FROM event WHERE id = ?", [other.id]);
    expect(row).toEqual({ event: "acme.order.shipped", resource_id: "acme.order.42", payload: '{"items":3}' });
  });

  it("accepts an empty batch", async () => {
    expect((await h.call("POST", "/api/events", [])).status).toBe(204);
  });
});
