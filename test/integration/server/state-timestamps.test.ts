// State timestamps over both transports: a state reads back with the microseconds the client sent (Prefect's
// clients send them; Pending, Running and Completed of a fast task share a millisecond), states list in time
// order to the microsecond, server-stamped states sharing a millisecond list in the order they were set, and
// the migration pads rows stored with milliseconds.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../../src/server/index.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

type Json = Record<string, unknown>;

/** A `prefect.task-run.<state>` event as Prefect's engine emits it, at `at` (Python's str(datetime) form). */
function stateEvent(taskRunId: string, flowRunId: string, type: string, name: string, at: string): Json {
  return {
    id: randomUUID(),
    occurred: at,
    event: `prefect.task-run.${name}`,
    resource: {
      "prefect.resource.id": `prefect.task-run.${taskRunId}`,
      "prefect.state-type": type,
      "prefect.state-name": name,
      "prefect.orchestration": "client",
    },
    related: [{ "prefect.resource.id": `prefect.flow-run.${flowRunId}`, "prefect.resource.role": "flow-run" }],
    payload: {
      intended: { from: null, to: type },
      initial_state: null,
      validated_state: { type, name, message: null, state_details: {}, data: null },
      task_run: {
        name: "fast-task",
        task_key: "fast-task-1a2b",
        dynamic_key: taskRunId.slice(0, 8),
        empirical_policy: {},
        tags: [],
        task_inputs: {},
      },
    },
    follows: null,
  };
}

describe.each(TRANSPORTS)("state timestamps keep microseconds (%s)", (transport) => {
  let h: Harness;
  let flowRunId: string;
  // Every state of the server-stamped runs below is set at this one instant.
  const NOW = new Date("2026-12-06T03:00:00.123Z");
  beforeAll(async () => {
    h = await startHarness(transport, { now: () => NOW });
    const flow = await h.call("POST", "/api/flows/", { name: "micro-flow" });
    flowRunId = (await h.call("POST", "/api/flow_runs/", { flow_id: flow.body.id, state: { type: "RUNNING" } })).body
      .id;
  });
  afterAll(async () => h.close());

  it("task-run states read back with the client's microseconds, in time order, whatever the delivery order", async () => {
    const id = randomUUID();
    // One millisecond, three states, sent Completed first; one with an offset, one in Python's str() form.
    const events = [
      stateEvent(id, flowRunId, "COMPLETED", "Completed", "2026-12-06T03:43:07.060934Z"),
      stateEvent(id, flowRunId, "PENDING", "Pending", "2026-12-06 05:43:07.060211+02:00"),
      stateEvent(id, flowRunId, "RUNNING", "Running", "2026-12-06T03:43:07.0605Z"),
    ];
    expect((await h.call("POST", "/api/events", events)).status).toBe(204);
    const history = (await h.call("GET", `/api/task_run_states/?task_run_id=${id}`)).body as Json[];
    expect(history.map((s) => [s.name, s.timestamp])).toEqual([
      ["Pending", "2026-12-06T03:43:07.060211Z"],
      ["Running", "2026-12-06T03:43:07.060500Z"],
      ["Completed", "2026-12-06T03:43:07.060934Z"],
    ]);
    const run = (await h.call("GET", `/api/task_runs/${id}`)).body;
    expect(run.state).toMatchObject({ name: "Completed", timestamp: "2026-12-06T03:43:07.060934Z" });
    expect((await h.call("GET", `/api/task_run_states/${history[0]!.id}`)).body.timestamp).toBe(
      "2026-12-06T03:43:07.060211Z",
    );
  });

  it("server-stamped states of one millisecond list in the order they were set", async () => {
    const flow = await h.call("POST", "/api/flows/", { name: "same-ms-flow" });
    const run = (await h.call("POST", "/api/flow_runs/", { flow_id: flow.body.id, state: { type: "PENDING" } })).body;
    for (const type of ["RUNNING", "COMPLETED"]) {
      const set = await h.call("POST", `/api/flow_runs/${run.id}/set_state`, { state: { type }, force: true });
      expect(set.body.status, JSON.stringify(set.body)).toBe("ACCEPT");
    }
    for (let i = 0; i < 3; i++) {
      const history = (await h.call("GET", `/api/flow_run_states/?flow_run_id=${run.id}`)).body as Json[];
      expect(history.map((s) => [s.type, s.timestamp])).toEqual([
        ["PENDING", "2026-12-06T03:00:00.123000Z"],
        ["RUNNING", "2026-12-06T03:00:00.123000Z"],
        ["COMPLETED", "2026-12-06T03:00:00.123000Z"],
      ]);
    }
  });
});

describe("migration 10 (state_timestamp_microseconds)", () => {
  it("pads state timestamps stored with milliseconds to six digits, so string order stays time order", async () => {
    const h = await startHarness("in-process");
    const flow = await h.call("POST", "/api/flows/", { name: "old-flow" });
    const run = (await h.call("POST", "/api/flow_runs/", { flow_id: flow.body.id, state: { type: "PENDING" } })).body;
    h.store.close();
    // As a database written before the migration: millisecond timestamps, migration 10 not recorded.
    const db = new Database(h.dbPath);
    db.prepare("UPDATE flow_run_state SET timestamp = '2026-12-06T03:43:07.060Z'").run();
    db.prepare("DELETE FROM migrations WHERE version = 10").run();
    db.close();
    const store = openStore(h.dbPath);
    try {
      expect(store.flowRunStates.list(run.id).map((s) => s.timestamp)).toEqual(["2026-12-06T03:43:07.060000Z"]);
    } finally {
      store.close();
      await h.close().catch(() => undefined);
    }
  });
});
