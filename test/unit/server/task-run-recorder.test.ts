// The task-run recorder's mapping from a Prefect task-run state event to a task run upsert and a state.
import { describe, expect, it } from "vitest";
import { Event } from "../../../src/schemas/index.js";
import {
  isTaskRunStateEvent,
  taskRunRecordFromEvent,
  taskRunUpsertOf,
} from "../../../src/server/events/task-run-recorder.js";
import { notOlder } from "../../../src/server/store/task-run-upserts.js";

const TASK_RUN = "7e6d5c4b-3a29-4817-a6b5-c4d3e2f1a0b9";
const FLOW_RUN = "5b0c3d2e-1f4a-4b6c-8d7e-9f0a1b2c3d4e";
const EVENT_ID = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";

function event(overrides: Record<string, unknown> = {}) {
  return Event.parse({
    id: EVENT_ID,
    occurred: "2024-05-01T14:00:00.5+02:00",
    event: "prefect.task-run.Completed",
    resource: {
      "prefect.resource.id": `prefect.task-run.${TASK_RUN.toUpperCase()}`,
      "prefect.orchestration": "client",
    },
    related: [
      { "prefect.resource.id": "prefect.tag.etl", "prefect.resource.role": "tag" },
      { "prefect.resource.id": `prefect.flow-run.${FLOW_RUN}`, "prefect.resource.role": "flow-run" },
    ],
    payload: {
      intended: { from: "RUNNING", to: "COMPLETED" },
      validated_state: {
        type: "COMPLETED",
        name: "Completed",
        message: null,
        state_details: { cache_key: "abc" },
        data: { storage_key: "/r.json" },
      },
      task_run: {
        name: "add-1a2",
        task_key: "add-3f2a",
        dynamic_key: "0",
        empirical_policy: { retries: 2 },
        tags: ["etl"],
        task_inputs: { x: [] },
        run_count: 1,
        start_time: "2024-05-01T12:00:00.100Z",
        end_time: "2024-05-01T14:00:00.5+02:00",
        total_run_time: 0.4,
      },
    },
    ...overrides,
  });
}

describe("task-run recorder mapping", () => {
  it("takes the state from validated_state, with the event's id and time and the run ids", () => {
    const record = taskRunRecordFromEvent(event())!;
    expect(record.taskRunId).toBe(TASK_RUN);
    expect(record.flowRunId).toBe(FLOW_RUN);
    expect(record.state).toMatchObject({
      id: EVENT_ID,
      type: "COMPLETED",
      name: "Completed",
      timestamp: "2024-05-01T12:00:00.500000Z",
      data: { storage_key: "/r.json" },
      state_details: { cache_key: "abc", task_run_id: TASK_RUN, flow_run_id: FLOW_RUN, retriable: null },
    });
  });

  it("writes only the task run fields the payload carries, encoded, plus the state columns", () => {
    const upsert = taskRunUpsertOf(taskRunRecordFromEvent(event())!)!;
    expect(upsert.columns).toEqual({
      name: "add-1a2",
      task_key: "add-3f2a",
      dynamic_key: "0",
      empirical_policy: JSON.stringify({
        max_retries: 0,
        retry_delay_seconds: 0,
        retries: 2,
        retry_delay: null,
        retry_jitter_factor: null,
      }),
      tags: '["etl"]',
      task_inputs: '{"x":[]}',
      run_count: 1,
      start_time: "2024-05-01T12:00:00.100Z",
      end_time: "2024-05-01T12:00:00.500Z",
      total_run_time: 0.4,
      flow_run_id: FLOW_RUN,
      state_id: EVENT_ID,
      state_type: "COMPLETED",
      state_name: "Completed",
    });
    expect(upsert).toMatchObject({ id: TASK_RUN, stateId: EVENT_ID, stateTimestamp: "2024-05-01T12:00:00.500000Z" });
  });

  it("takes only client-orchestrated prefect.task-run.* events, and rejects malformed ones", () => {
    expect(isTaskRunStateEvent(event())).toBe(true);
    expect(
      taskRunRecordFromEvent(event({ resource: { "prefect.resource.id": `prefect.task-run.${TASK_RUN}` } })),
    ).toBeUndefined();
    expect(taskRunRecordFromEvent(event({ event: "prefect.flow-run.Completed" }))).toBeUndefined();
    expect(
      taskRunRecordFromEvent(
        event({ resource: { "prefect.resource.id": "prefect.task-run.nope", "prefect.orchestration": "client" } }),
      ),
    ).toBeUndefined();
    expect(taskRunRecordFromEvent(event({ payload: { validated_state: { type: "DONE" } } }))).toBeUndefined();
    const badRun = taskRunRecordFromEvent(
      event({ payload: { validated_state: { type: "RUNNING" }, task_run: { run_count: "one" } } }),
    )!;
    expect(taskRunUpsertOf(badRun)).toBeUndefined();
  });

  it("has no flow run without a related flow-run resource", () => {
    expect(taskRunRecordFromEvent(event({ related: [] }))!.flowRunId).toBeNull();
  });

  it("orders states by timestamp, then id", () => {
    expect(
      notOlder("2024-05-01T12:00:00.001Z", "b", { state_timestamp: "2024-05-01T12:00:00.000Z", state_id: "z" }),
    ).toBe(true);
    expect(
      notOlder("2024-05-01T12:00:00.000Z", "a", { state_timestamp: "2024-05-01T12:00:00.001Z", state_id: "a" }),
    ).toBe(false);
    expect(
      notOlder("2024-05-01T12:00:00.000Z", "b", { state_timestamp: "2024-05-01T12:00:00.000Z", state_id: "a" }),
    ).toBe(true);
    expect(
      notOlder("2024-05-01T12:00:00.000Z", "a", { state_timestamp: "2024-05-01T12:00:00.000Z", state_id: "b" }),
    ).toBe(false);
    expect(notOlder("2024-05-01T12:00:00.000Z", "a", { state_timestamp: null, state_id: null })).toBe(true);
  });
});
