// The schema-driven snake_case <-> camelCase mapper: keys, dates, user-keyed maps, nested states, unions, filters.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { camelKey, schemas, snakeKey, toModel, toWire } from "../../../src/client/index.js";

const ID = "6a3f1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b";
const ID2 = "7b4f1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b";
const T = "2024-05-01T12:00:00.123Z";

function wireFlowRun(): unknown {
  return {
    id: ID,
    created: T,
    updated: T,
    name: "brave-otter",
    flow_id: ID2,
    parameters: { user_id: 1, nested_map: { some_key: "x" } },
    context: { trace_id: "t" },
    labels: { "prefect.flow.id": ID2, my_label: true },
    job_variables: { env_vars: { MY_VAR: "1" } },
    expected_start_time: T,
    start_time: null,
    empirical_policy: { retries: 2, retry_delay: 5, pause_keys: [] },
    state: {
      id: ID,
      type: "SCHEDULED",
      name: "Scheduled",
      timestamp: T,
      data: { result_key: { storage_block_id: null } },
      state_details: { flow_run_id: ID, scheduled_time: T, pause_key: null },
    },
  };
}

describe("keys", () => {
  test("camelKey / snakeKey, filter operators keep their trailing underscore", () => {
    expect(camelKey("flow_run_id")).toBe("flowRunId");
    expect(camelKey("not_any_")).toBe("notAny_");
    expect(camelKey("is_null_")).toBe("isNull_");
    expect(camelKey("any_")).toBe("any_");
    expect(snakeKey("flowRunId")).toBe("flow_run_id");
    expect(snakeKey("notAny_")).toBe("not_any_");
    expect(snakeKey("startsWith_")).toBe("starts_with_");
  });
});

describe("toModel", () => {
  const run = toModel(schemas.FlowRunResponse, schemas.FlowRunResponse.parse(wireFlowRun()));

  test("camelCases declared fields and turns datetimes into Dates", () => {
    expect(run.flowId).toBe(ID2);
    expect(run.expectedStartTime).toEqual(new Date(T));
    expect(run.created).toBeInstanceOf(Date);
    expect(run.startTime).toBeNull();
    expect(run.empiricalPolicy).toMatchObject({ retries: 2, retryDelay: 5, pauseKeys: [], maxRetries: 0 });
    expect(run).not.toHaveProperty("flow_id");
  });

  test("nested states: details camelCased, timestamps Dates, data untouched", () => {
    expect(run.state?.stateDetails.scheduledTime).toEqual(new Date(T));
    expect(run.state?.stateDetails.flowRunId).toBe(ID);
    expect(run.state?.timestamp).toEqual(new Date(T));
    expect(run.state?.data).toEqual({ result_key: { storage_block_id: null } });
  });

  test("user-keyed maps keep their keys", () => {
    expect(run.parameters).toEqual({ user_id: 1, nested_map: { some_key: "x" } });
    expect(run.context).toEqual({ trace_id: "t" });
    expect(run.labels).toEqual({ "prefect.flow.id": ID2, my_label: true });
    expect(run.jobVariables).toEqual({ env_vars: { MY_VAR: "1" } });
  });

  test("task_inputs: argument names untouched, references camelCased", () => {
    const wire = schemas.TaskRun.parse({
      id: ID,
      created: T,
      updated: T,
      task_key: "k",
      dynamic_key: "0",
      task_inputs: {
        my_arg: [
          { input_type: "task_run", id: ID2 },
          { input_type: "parameter", name: "x_y" },
        ],
      },
    });
    const tr = toModel(schemas.TaskRun, wire);
    expect(tr.taskInputs).toEqual({
      my_arg: [
        { inputType: "task_run", id: ID2 },
        { inputType: "parameter", name: "x_y" },
      ],
    });
    expect(tr.flowRunRunCount).toBe(0);
  });

  test("orchestration result union details", () => {
    const r = toModel(
      schemas.OrchestrationResult,
      schemas.OrchestrationResult.parse({
        state: null,
        status: "WAIT",
        details: { type: "wait_details", delay_seconds: 3 },
      }),
    );
    expect(r.details).toEqual({ type: "wait_details", delaySeconds: 3, reason: null });
  });

  test("arrays of models", () => {
    const list = toModel(z.array(schemas.Log), [
      {
        id: ID,
        created: T,
        updated: T,
        name: "n",
        level: 20,
        message: "m",
        timestamp: T,
        flow_run_id: ID2,
        task_run_id: null,
      },
    ]);
    expect(list[0]?.timestamp).toEqual(new Date(T));
    expect(list[0]?.flowRunId).toBe(ID2);
  });
});

describe("toWire", () => {
  test("flow run create: snake_case, Dates to ISO, user maps untouched", () => {
    const at = new Date(T);
    const wire = toWire(schemas.FlowRunCreate, {
      flowId: ID2,
      parameters: { userId: 1, some_key: { innerKey: 2 } },
      labels: { myLabel: "x" },
      jobVariables: { envVars: {} },
      empiricalPolicy: { retries: 1, retryDelay: 2, pauseKeys: ["a"] },
      state: { type: "SCHEDULED", stateDetails: { scheduledTime: at, pauseKey: "p" } },
      idempotencyKey: "k",
    });
    expect(wire).toEqual({
      flow_id: ID2,
      parameters: { userId: 1, some_key: { innerKey: 2 } },
      labels: { myLabel: "x" },
      job_variables: { envVars: {} },
      empirical_policy: { retries: 1, retry_delay: 2, pause_keys: ["a"] },
      state: { type: "SCHEDULED", state_details: { scheduled_time: T, pause_key: "p" } },
      idempotency_key: "k",
    });
    expect(schemas.FlowRunCreate.safeParse(wire).success).toBe(true);
  });

  test("undefined fields are left out", () => {
    expect(toWire(schemas.FlowRunUpdate, { name: undefined, tags: ["a"] })).toEqual({ tags: ["a"] });
  });

  test("filters: operators and nested datetimes", () => {
    const wire = toWire(schemas.FlowRunFilter, {
      state: { type: { any_: ["RUNNING"], notAny_: ["FAILED"] } },
      startTime: { after_: new Date(T), isNull_: false },
      parentTaskRunId: { isNull_: true },
    });
    expect(wire).toEqual({
      state: { type: { any_: ["RUNNING"], not_any_: ["FAILED"] } },
      start_time: { after_: T, is_null_: false },
      parent_task_run_id: { is_null_: true },
    });
    expect(schemas.FlowRunFilter.safeParse(wire).success).toBe(true);
  });

  test("task inputs: argument names untouched, references snake_cased", () => {
    const wire = toWire(schemas.TaskRunCreate, {
      taskKey: "k",
      dynamicKey: "0",
      taskInputs: { myArg: [{ inputType: "task_run", id: ID }] },
      cacheExpiration: new Date(T),
    });
    expect(wire).toEqual({
      task_key: "k",
      dynamic_key: "0",
      task_inputs: { myArg: [{ input_type: "task_run", id: ID }] },
      cache_expiration: T,
    });
  });

  test("round trip keeps the model", () => {
    const model = toModel(schemas.FlowRunResponse, schemas.FlowRunResponse.parse(wireFlowRun()));
    const back = toWire(schemas.FlowRunResponse, model);
    expect(toModel(schemas.FlowRunResponse, schemas.FlowRunResponse.parse(back))).toEqual(model);
  });
});

describe("recursive schemas", () => {
  test("a self-referencing schema compiles and maps every level", () => {
    const Node: z.ZodType<{ node_name: string; child_nodes: unknown[]; seen_at: string | null }> = z.object({
      node_name: z.string(),
      seen_at: z.iso.datetime().nullable(),
      get child_nodes() {
        return z.array(Node);
      },
    });
    const wire = { node_name: "a", seen_at: T, child_nodes: [{ node_name: "b", seen_at: null, child_nodes: [] }] };
    expect(toModel(Node, Node.parse(wire))).toEqual({
      nodeName: "a",
      seenAt: new Date(T),
      childNodes: [{ nodeName: "b", seenAt: null, childNodes: [] }],
    });
  });
});
