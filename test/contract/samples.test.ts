// Contract: realistic payloads (as Prefect's Python client and server send them) parse with our zod
// schemas, and what we produce validates against Prefect's OpenAPI, component by component and per route.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as s from "../../src/schemas/index.js";
import { expectMatchesComponent, expectMatchesResponse, validateRequestBody } from "../helpers/openapi.js";

const FLOW_ID = "0d8f6a3e-6a5e-4c1b-9f0b-2f1a7c0e9b11";
const RUN_ID = "5b0c3d2e-1f4a-4b6c-8d7e-9f0a1b2c3d4e";
const TASK_ID = "7e6d5c4b-3a29-4817-a6b5-c4d3e2f1a0b9";
const STATE_ID = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
const T0 = "2024-05-01T12:00:00.123456+00:00";
const T1 = "2024-05-01T12:00:05Z";

const state = {
  id: STATE_ID,
  type: "COMPLETED",
  name: "Completed",
  timestamp: T1,
  message: null,
  data: { storage_key: "/tmp/result.json", serializer: { type: "json" } },
  state_details: { flow_run_id: RUN_ID, task_run_id: null, scheduled_time: null, untrackable_result: false },
};

const flowRun = {
  id: RUN_ID,
  created: T0,
  updated: T1,
  name: "crimson-otter",
  flow_id: FLOW_ID,
  state_id: STATE_ID,
  deployment_id: null,
  deployment_version: null,
  work_queue_id: null,
  work_queue_name: null,
  flow_version: "1.0",
  parameters: { n: 3, names: ["a", "b"] },
  idempotency_key: null,
  context: {},
  empirical_policy: { retries: 2, retry_delay: 10, pause_keys: [], resuming: false, retry_type: null },
  tags: ["etl"],
  labels: { "prefect.flow.id": FLOW_ID, team: "data", priority: 2, beta: true },
  parent_task_run_id: null,
  state_type: "COMPLETED",
  state_name: "Completed",
  run_count: 1,
  expected_start_time: T0,
  next_scheduled_start_time: null,
  start_time: T0,
  end_time: T1,
  total_run_time: 4.876,
  estimated_run_time: 4.876,
  estimated_start_time_delta: 0.01,
  auto_scheduled: false,
  infrastructure_document_id: null,
  infrastructure_pid: "host:1234",
  created_by: { id: null, type: "SCHEDULE", display_value: "nightly" },
  work_pool_id: null,
  work_pool_name: null,
  state,
  job_variables: {},
};

const taskRun = {
  id: TASK_ID,
  created: T0,
  updated: T1,
  name: "add-0",
  flow_run_id: RUN_ID,
  task_key: "add-3f2a",
  dynamic_key: "0",
  cache_key: null,
  cache_expiration: null,
  task_version: null,
  empirical_policy: { retries: 3, retry_delay: [1, 2, 4], retry_jitter_factor: 0.5 },
  tags: [],
  labels: {},
  state_id: STATE_ID,
  task_inputs: {
    x: [{ input_type: "task_run", id: TASK_ID }],
    y: [{ input_type: "parameter", name: "n" }],
    z: [{ input_type: "constant", type: "int" }],
    w: [{ input_type: "flow_run", id: RUN_ID }],
  },
  state_type: "COMPLETED",
  state_name: "Completed",
  run_count: 1,
  flow_run_run_count: 1,
  expected_start_time: T0,
  next_scheduled_start_time: null,
  start_time: T0,
  end_time: T1,
  total_run_time: 0.002,
  estimated_run_time: 0.002,
  estimated_start_time_delta: 0,
  state: { ...state, state_details: { ...state.state_details, task_run_id: TASK_ID } },
};

interface Sample {
  title: string;
  schema: z.ZodType;
  component: string;
  value: unknown;
}

const samples: Sample[] = [
  { title: "State", schema: s.State, component: "State", value: state },
  {
    title: "StateCreate (Scheduled)",
    schema: s.StateCreate,
    component: "StateCreate",
    value: { type: "SCHEDULED", name: "Late", state_details: { scheduled_time: T0 } },
  },
  {
    title: "StateCreate (Failed with data)",
    schema: s.StateCreate,
    component: "StateCreate",
    value: {
      type: "FAILED",
      message: "boom",
      data: { message: "ValueError('x')" },
      state_details: { retriable: false },
    },
  },
  {
    title: "StateDetails (paused)",
    schema: s.StateDetails,
    component: "StateDetails",
    value: { pause_timeout: T1, pause_reschedule: true, pause_key: "1", run_input_keyset: { description: "k" } },
  },
  {
    title: "OrchestrationResult ACCEPT",
    schema: s.OrchestrationResult,
    component: "OrchestrationResult",
    value: { status: "ACCEPT", state, details: { type: "accept_details" } },
  },
  {
    title: "OrchestrationResult WAIT",
    schema: s.OrchestrationResult,
    component: "OrchestrationResult",
    value: {
      status: "WAIT",
      state: null,
      details: { type: "wait_details", delay_seconds: 30, reason: "scheduled in 30s" },
    },
  },
  {
    title: "OrchestrationResult REJECT",
    schema: s.OrchestrationResult,
    component: "OrchestrationResult",
    value: {
      status: "REJECT",
      state: { ...state, type: "SCHEDULED", name: "AwaitingRetry" },
      details: { type: "reject_details", reason: "Retrying" },
    },
  },
  {
    title: "OrchestrationResult ABORT",
    schema: s.OrchestrationResult,
    component: "OrchestrationResult",
    value: {
      status: "ABORT",
      state: null,
      details: { type: "abort_details", reason: "This run cannot transition to PENDING" },
    },
  },
  {
    title: "Flow",
    schema: s.Flow,
    component: "Flow",
    value: { id: FLOW_ID, created: T0, updated: T0, name: "etl", tags: ["a"], labels: {} },
  },
  {
    title: "FlowCreate",
    schema: s.FlowCreate,
    component: "FlowCreate",
    value: { name: "my-flow", tags: ["x"], labels: { env: "dev" } },
  },
  { title: "FlowUpdate", schema: s.FlowUpdate, component: "FlowUpdate", value: { tags: ["y"] } },
  { title: "FlowRunResponse", schema: s.FlowRunResponse, component: "FlowRunResponse", value: flowRun },
  {
    title: "FlowRun",
    schema: s.FlowRun,
    component: "FlowRun",
    value: { ...flowRun, work_pool_id: undefined, work_pool_name: undefined },
  },
  {
    title: "FlowRunCreate (as the Python client sends it)",
    schema: s.FlowRunCreate,
    component: "FlowRunCreate",
    value: {
      flow_id: FLOW_ID,
      name: "crimson-otter",
      parameters: { n: 3 },
      context: {},
      state: { type: "PENDING", name: "Pending", message: null, data: null, state_details: {} },
      parent_task_run_id: null,
      tags: ["etl"],
      labels: {},
      empirical_policy: { retries: 0, retry_delay: 0, pause_keys: [], resuming: false },
      idempotency_key: null,
      work_pool_name: null,
      work_queue_name: null,
      job_variables: null,
    },
  },
  {
    title: "FlowRunUpdate",
    schema: s.FlowRunUpdate,
    component: "FlowRunUpdate",
    value: { name: "renamed", infrastructure_pid: "4242", job_variables: { image: "x" } },
  },
  {
    title: "FlowRunPolicy",
    schema: s.FlowRunPolicy,
    component: "FlowRunPolicy",
    value: { retries: 1, retry_delay: 5, retry_type: "in_process" },
  },
  {
    title: "CreatedBy",
    schema: s.CreatedBy,
    component: "CreatedBy",
    value: { id: RUN_ID, type: "DEPLOYMENT", display_value: "etl/nightly" },
  },
  { title: "TaskRun", schema: s.TaskRun, component: "TaskRun", value: taskRun },
  {
    title: "TaskRunCreate",
    schema: s.TaskRunCreate,
    component: "TaskRunCreate",
    value: {
      id: TASK_ID,
      flow_run_id: RUN_ID,
      task_key: "add-3f2a",
      dynamic_key: "0",
      name: "add-0",
      cache_key: "abc",
      cache_expiration: T1,
      empirical_policy: { retries: 1, retry_delay: 2.5, retry_jitter_factor: null },
      tags: [],
      task_inputs: taskRun.task_inputs,
      state: { type: "PENDING" },
    },
  },
  { title: "TaskRunUpdate", schema: s.TaskRunUpdate, component: "TaskRunUpdate", value: { name: "add-1" } },
  {
    title: "Log",
    schema: s.Log,
    component: "Log",
    value: {
      id: STATE_ID,
      created: T0,
      updated: T0,
      name: "prefect.flow_runs",
      level: 20,
      message: "Finished",
      timestamp: T0,
      flow_run_id: RUN_ID,
      task_run_id: null,
    },
  },
  {
    title: "LogCreate",
    schema: s.LogCreate,
    component: "LogCreate",
    value: {
      name: "prefect.task_runs",
      level: 40,
      message: "oops",
      timestamp: T1,
      flow_run_id: RUN_ID,
      task_run_id: TASK_ID,
    },
  },
  {
    title: "FlowRunFilter (every sub-filter)",
    schema: s.FlowRunFilter,
    component: "FlowRunFilter",
    value: {
      operator: "or_",
      id: { any_: [RUN_ID], not_any_: [] },
      name: { like_: "otter" },
      tags: { all_: ["etl"], is_null_: false },
      deployment_id: { is_null_: true },
      work_queue_name: { any_: ["default"] },
      state: { type: { any_: ["SCHEDULED", "PENDING"] }, name: { not_any_: ["Late"] } },
      flow_version: { any_: ["1.0"] },
      start_time: { after_: T0 },
      end_time: { before_: T1, is_null_: false },
      expected_start_time: { before_: T1 },
      next_scheduled_start_time: { after_: T0 },
      parent_flow_run_id: { any_: [RUN_ID] },
      parent_task_run_id: { is_null_: true },
      idempotency_key: { any_: ["k"] },
      created_by: { type_: ["SCHEDULE"] },
    },
  },
  {
    title: "TaskRunFilter",
    schema: s.TaskRunFilter,
    component: "TaskRunFilter",
    value: {
      flow_run_id: { any_: [RUN_ID] },
      state: { type: { any_: ["COMPLETED"] } },
      subflow_runs: { exists_: false },
      name: { like_: "add" },
    },
  },
  {
    title: "FlowFilter",
    schema: s.FlowFilter,
    component: "FlowFilter",
    value: { name: { any_: ["etl"] }, tags: { all_: ["x"] }, deployment: { is_null_: false } },
  },
  {
    title: "LogFilter",
    schema: s.LogFilter,
    component: "LogFilter",
    value: {
      level: { ge_: 20 },
      flow_run_id: { any_: [RUN_ID] },
      timestamp: { after_: T0 },
      text: { query: "error -debug" },
    },
  },
  {
    title: "DeploymentFilter",
    schema: s.DeploymentFilter,
    component: "DeploymentFilter",
    value: { name: { like_: "night" }, paused: { eq_: false }, concurrency_limit: { ge_: 1 } },
  },
  {
    title: "WorkQueueFilter",
    schema: s.WorkQueueFilter,
    component: "WorkQueueFilter",
    value: { name: { startswith_: ["gpu"] } },
  },
  {
    title: "FlowRunFilterRequest",
    schema: s.FlowRunFilterRequest,
    component: "Body_read_flow_runs_flow_runs_filter_post",
    value: {
      flows: { name: { any_: ["etl"] } },
      flow_runs: { state: { type: { any_: ["RUNNING"] } } },
      sort: "EXPECTED_START_TIME_DESC",
      limit: 10,
      offset: 20,
    },
  },
  {
    title: "TaskRunFilterRequest",
    schema: s.TaskRunFilterRequest,
    component: "Body_read_task_runs_task_runs_filter_post",
    value: { task_runs: { flow_run_id: { any_: [RUN_ID] } } },
  },
  {
    title: "LogFilterRequest",
    schema: s.LogFilterRequest,
    component: "Body_read_logs_logs_filter_post",
    value: { logs: { flow_run_id: { any_: [RUN_ID] } }, sort: "TIMESTAMP_DESC" },
  },
  {
    title: "SetFlowRunStateRequest",
    schema: s.SetFlowRunStateRequest,
    component: "Body_set_flow_run_state_flow_runs__id__set_state_post",
    value: { state: { type: "RUNNING" }, force: true },
  },
  {
    title: "DeploymentCreate (three schedule kinds)",
    schema: s.DeploymentCreate,
    component: "DeploymentCreate",
    value: {
      name: "nightly",
      flow_id: FLOW_ID,
      schedules: [
        { schedule: { cron: "0 2 * * *", timezone: "Europe/Paris" }, slug: "cron" },
        { schedule: { interval: 3600, anchor_date: T0, timezone: "UTC" }, active: false },
        {
          schedule: { rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "America/New_York" },
          parameters: { n: 1 },
          max_scheduled_runs: 5,
        },
      ],
      parameters: { n: 3 },
      parameter_openapi_schema: {
        title: "Parameters",
        type: "object",
        properties: { n: { type: "integer", position: 0 } },
        definitions: {},
      },
      work_pool_name: "local",
      work_queue_name: "default",
      entrypoint: "flows/etl.ts:etl",
      path: "/srv/app",
      pull_steps: [{ "prefect.deployments.steps.set_working_directory": { directory: "/srv/app" } }],
      job_variables: { env: { A: "1" } },
      concurrency_limit: 2,
      concurrency_options: { collision_strategy: "CANCEL_NEW" },
      version_info: { type: "vcs:git", version: "3f2a1b", branch: "main" },
    },
  },
  {
    title: "DeploymentResponse",
    schema: s.DeploymentResponse,
    component: "DeploymentResponse",
    value: {
      id: STATE_ID,
      created: T0,
      updated: T0,
      name: "nightly",
      flow_id: FLOW_ID,
      paused: false,
      schedules: [
        {
          id: TASK_ID,
          created: T0,
          updated: T0,
          deployment_id: STATE_ID,
          schedule: { cron: "0 2 * * *", timezone: "UTC", day_or: true },
          active: true,
          max_scheduled_runs: null,
          parameters: {},
          slug: null,
        },
      ],
      concurrency_limit: null,
      global_concurrency_limit: null,
      concurrency_options: null,
      job_variables: {},
      parameters: {},
      tags: ["etl"],
      labels: { "prefect.flow.id": FLOW_ID },
      work_queue_name: "default",
      work_queue_id: RUN_ID,
      last_polled: null,
      parameter_openapi_schema: { type: "object", properties: {} },
      path: null,
      pull_steps: null,
      entrypoint: "flows/etl.ts:etl",
      storage_document_id: null,
      infrastructure_document_id: null,
      created_by: null,
      updated_by: null,
      work_pool_name: "local",
      status: "NOT_READY",
      enforce_parameter_schema: true,
    },
  },
  {
    title: "DeploymentUpdate",
    schema: s.DeploymentUpdate,
    component: "DeploymentUpdate",
    value: { paused: true, schedules: [{ schedule: { interval: 60 }, slug: "s" }], tags: [] },
  },
  {
    title: "DeploymentFlowRunCreate",
    schema: s.DeploymentFlowRunCreate,
    component: "DeploymentFlowRunCreate",
    value: {
      parameters: { n: 1 },
      state: { type: "SCHEDULED", state_details: { scheduled_time: T1 } },
      tags: ["manual"],
      job_variables: {},
    },
  },
  {
    title: "DeploymentScheduleUpdate",
    schema: s.DeploymentScheduleUpdate,
    component: "DeploymentScheduleUpdate",
    value: { active: false, replaces: "old", slug: "new" },
  },
  {
    title: "WorkPoolCreate (process template)",
    schema: s.WorkPoolCreate,
    component: "WorkPoolCreate",
    value: {
      name: "local",
      type: "process",
      base_job_template: {
        job_configuration: { command: "{{ command }}", env: "{{ env }}", name: "{{ name }}" },
        variables: {
          type: "object",
          properties: {
            command: { type: "string" },
            env: { type: "object", additionalProperties: { type: "string" } },
          },
        },
      },
      concurrency_limit: 4,
    },
  },
  {
    title: "WorkPoolResponse",
    schema: s.WorkPoolResponse,
    component: "WorkPoolResponse",
    value: {
      id: STATE_ID,
      created: T0,
      updated: T0,
      name: "local",
      description: null,
      type: "process",
      base_job_template: {},
      is_paused: false,
      concurrency_limit: null,
      status: "NOT_READY",
      default_queue_id: RUN_ID,
      storage_configuration: {
        bundle_upload_step: null,
        bundle_execution_step: null,
        default_result_storage_block_id: null,
      },
      active_slots: 0,
    },
  },
  {
    title: "WorkPoolUpdate",
    schema: s.WorkPoolUpdate,
    component: "WorkPoolUpdate",
    value: { is_paused: true, concurrency_limit: null },
  },
  {
    title: "WorkQueueCreate",
    schema: s.WorkQueueCreate,
    component: "WorkQueueCreate",
    value: { name: "gpu", priority: 2, concurrency_limit: 1 },
  },
  {
    title: "WorkQueueResponse",
    schema: s.WorkQueueResponse,
    component: "WorkQueueResponse",
    value: {
      id: RUN_ID,
      created: T0,
      updated: T0,
      name: "default",
      description: "The work pool's default queue.",
      is_paused: false,
      concurrency_limit: null,
      priority: 1,
      work_pool_id: STATE_ID,
      filter: null,
      last_polled: T1,
      work_pool_name: "local",
      status: "READY",
      active_slots: 0,
    },
  },
  {
    title: "WorkQueueUpdate",
    schema: s.WorkQueueUpdate,
    component: "WorkQueueUpdate",
    value: { name: "renamed", priority: 3 },
  },
  {
    title: "WorkerResponse",
    schema: s.WorkerResponse,
    component: "WorkerResponse",
    value: {
      id: TASK_ID,
      created: T0,
      updated: T1,
      name: "ProcessWorker 1a2b",
      work_pool_id: STATE_ID,
      last_heartbeat_time: T1,
      heartbeat_interval_seconds: 30,
      status: "ONLINE",
    },
  },
  {
    title: "WorkerFilterRequest",
    schema: s.WorkerFilterRequest,
    component: "Body_read_workers_work_pools__work_pool_name__workers_filter_post",
    value: { workers: { status: { any_: ["ONLINE"] }, last_heartbeat_time: { after_: T0 } } },
  },
  {
    title: "WorkPoolScheduledFlowRunsRequest",
    schema: s.WorkPoolScheduledFlowRunsRequest,
    component: "Body_get_scheduled_flow_runs_work_pools__name__get_scheduled_flow_runs_post",
    value: { work_queue_names: ["default"], scheduled_before: T1 },
  },
  {
    title: "WorkerFlowRunResponse",
    schema: s.WorkerFlowRunResponse,
    component: "WorkerFlowRunResponse",
    value: {
      work_pool_id: STATE_ID,
      work_queue_id: RUN_ID,
      flow_run: { ...flowRun, work_pool_id: undefined, work_pool_name: undefined },
    },
  },
  {
    title: "ValidationErrorDetail",
    schema: s.ValidationErrorDetail,
    component: "ValidationError",
    value: {
      type: "uuid_parsing",
      loc: ["body", "flow_id"],
      msg: "Input should be a valid UUID",
      input: "nope",
      ctx: { error: "invalid length" },
    },
  },
];

describe.each(samples)("$title", ({ schema, component, value }) => {
  it("is accepted by the OpenAPI as sent", () => {
    expectMatchesComponent(component, JSON.parse(JSON.stringify(value)));
  });

  it("parses, and the parsed value is accepted by the OpenAPI", () => {
    const parsed = schema.parse(value);
    expectMatchesComponent(component, JSON.parse(JSON.stringify(parsed)));
  });
});

describe("route-level contract", () => {
  it("a parsed FlowRunResponse is a valid body for GET /flow_runs/{id} and POST /flow_runs/filter", () => {
    const parsed = s.FlowRunResponse.parse(flowRun);
    expectMatchesResponse("GET", `/api/flow_runs/${RUN_ID}`, 200, parsed);
    expectMatchesResponse("POST", "/flow_runs/filter", 200, [parsed]);
  });

  it("an OrchestrationResult is a valid body for POST /task_runs/{id}/set_state", () => {
    const result = s.OrchestrationResult.parse({ status: "ACCEPT", state, details: {} });
    expect(result.details).toEqual({ type: "accept_details" });
    expectMatchesResponse("POST", "/task_runs/{id}/set_state", 200, result);
  });

  it("an Event batch (a task-run state event as Prefect's engine sends it) is a valid body for POST /events", () => {
    const event = {
      id: STATE_ID,
      occurred: T1,
      event: "prefect.task-run.Completed",
      resource: {
        "prefect.resource.id": `prefect.task-run.${TASK_ID}`,
        "prefect.resource.name": "add-0",
        "prefect.orchestration": "client",
      },
      related: [
        {
          "prefect.resource.id": `prefect.flow-run.${RUN_ID}`,
          "prefect.resource.role": "flow-run",
          "prefect.resource.name": "crimson-otter",
        },
      ],
      payload: {
        intended: { from: "RUNNING", to: "COMPLETED" },
        validated_state: { type: "COMPLETED", name: "Completed" },
        task_run: { task_key: "add-3f2a" },
      },
      follows: null,
    };
    const batch = s.EventsCreateRequest.parse([event]);
    expect(validateRequestBody("POST", "/events", batch)).toEqual({ valid: true, errors: "" });
    expectMatchesComponent("Event", batch[0]);
    expectMatchesComponent("Resource", s.Resource.parse(event.resource));
    expectMatchesComponent("RelatedResource", s.RelatedResource.parse(event.related[0]));
    expect(s.RelatedResource.safeParse({ "prefect.resource.id": "x" }).error?.issues[0]).toMatchObject({
      path: ["prefect.resource.role"],
      message: "Related Resources must include the prefect.resource.role label",
    });
  });

  it("a LogCreate batch is a valid body for POST /logs/", () => {
    const batch = s.LogCreateRequest.parse([{ name: "x", level: 10, message: "m", timestamp: T0 }]);
    expect(validateRequestBody("POST", "/logs/", batch)).toEqual({ valid: true, errors: "" });
  });
});

describe("deployments, schedules, pools", () => {
  it("tells the three schedule kinds apart and fills their defaults", () => {
    expect(s.Schedule.parse({ cron: "0 2 * * *" })).toEqual({ cron: "0 2 * * *", timezone: null, day_or: true });
    expect(s.Schedule.parse({ rrule: "FREQ=DAILY" })).toEqual({ rrule: "FREQ=DAILY", timezone: "UTC" });
    expect(s.Schedule.parse({ interval: 60 })).toEqual({ interval: 60, timezone: null });
    expect(s.Schedule.safeParse({ cron: "0 2 * * *", interval: 60 }).success).toBe(false);
  });

  it("rejects a non-positive interval, naming the rule", () => {
    const result = s.IntervalSchedule.safeParse({ interval: 0 });
    expect(result.error?.issues[0]).toMatchObject({
      path: ["interval"],
      message: "interval must be a positive number of seconds",
    });
  });

  it("accepts a naive anchor_date (read in the schedule's time zone, as Prefect does)", () => {
    expect(
      s.IntervalSchedule.parse({ interval: 60, anchor_date: "2024-05-01T00:00:00", timezone: "Europe/Paris" })
        .anchor_date,
    ).toBe("2024-05-01T00:00:00");
  });

  it("fills DeploymentCreate's defaults as Prefect does", () => {
    expect(s.DeploymentCreate.parse({ name: "d", flow_id: FLOW_ID })).toMatchObject({
      paused: false,
      schedules: [],
      enforce_parameter_schema: true,
      parameter_openapi_schema: { type: "object", properties: {} },
      parameters: {},
      job_variables: {},
      labels: {},
      work_queue_name: null,
    });
  });

  it("leaves paused/is_paused unset on PATCH bodies", () => {
    expect(s.DeploymentUpdate.parse({ description: "x" })).toEqual({ description: "x" });
    expect(s.WorkQueueUpdate.parse({ name: "q" })).toEqual({ name: "q" });
  });

  it("a parsed DeploymentResponse and WorkPoolResponse are valid route bodies", () => {
    expectMatchesResponse(
      "GET",
      `/deployments/${RUN_ID}`,
      200,
      s.DeploymentResponse.parse({ id: RUN_ID, created: T0, updated: T0, name: "d", flow_id: FLOW_ID }),
    );
    expectMatchesResponse(
      "POST",
      "/api/work_pools/",
      201,
      s.WorkPoolResponse.parse({ id: RUN_ID, created: T0, updated: T0, name: "p", type: "process" }),
    );
    expectMatchesResponse("POST", "/work_pools/p/workers/filter", 200, [
      s.WorkerResponse.parse({ id: RUN_ID, created: T0, updated: T0, name: "w", work_pool_id: RUN_ID }),
    ]);
  });
});

describe("Prefect behaviours the schemas encode", () => {
  it("fills FlowRunCreate's defaults as Prefect's FlowRunCreate does", () => {
    const parsed = s.FlowRunCreate.parse({ flow_id: FLOW_ID });
    expect(parsed).toMatchObject({
      state: null,
      parameters: {},
      context: {},
      tags: [],
      labels: {},
      empirical_policy: {
        max_retries: 0,
        retry_delay_seconds: 0,
        retries: null,
        retry_delay: null,
        pause_keys: [],
        resuming: false,
      },
      idempotency_key: null,
      job_variables: null,
    });
    expect(parsed).not.toHaveProperty("name");
  });

  it("treats null sort/limit/offset in filter bodies as the defaults (FastAPI embedded Body)", () => {
    expect(s.FlowRunFilterRequest.parse({ sort: null, limit: null, offset: null })).toEqual({
      sort: "ID_DESC",
      limit: 200,
      offset: 0,
    });
    expect(s.FlowFilterRequest.parse({})).toMatchObject({
      sort: "NAME_ASC",
      limit: s.PREFECT_API_DEFAULT_LIMIT,
      offset: 0,
    });
    expect(s.LogFilterRequest.parse({}).sort).toBe("TIMESTAMP_ASC");
    expect(s.SetFlowRunStateRequest.parse({ state: { type: "RUNNING" }, force: null }).force).toBe(false);
  });

  it("rejects a negative offset and an unknown sort", () => {
    expect(s.FlowRunFilterRequest.safeParse({ offset: -1 }).success).toBe(false);
    expect(s.FlowRunFilterRequest.safeParse({ sort: "NAME" }).success).toBe(false);
  });

  it("rejects unknown keys inside filters, naming them", () => {
    const result = s.FlowRunFilterRequest.safeParse({ flow_runs: { state: { type: { any: ["RUNNING"] } } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      code: "unrecognized_keys",
      keys: ["any"],
      path: ["flow_runs", "state", "type"],
    });
  });

  it("leaves PATCH models without defaults so unset fields stay unset", () => {
    expect(s.FlowRunUpdate.parse({ name: "x" })).toEqual({ name: "x" });
    expect(s.FlowUpdate.parse({})).toEqual({});
    expect(s.TaskRunUpdate.parse({})).toEqual({});
  });

  it("rejects flow names with characters Prefect bans, naming the rule", () => {
    const result = s.FlowCreate.safeParse({ name: "a/b" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('must not contain any of "/"');
  });

  it("accepts datetimes with offsets and any precision, and naive ones as UTC (Prefect's DateTime coerces them)", () => {
    for (const ok of ["2024-05-01T12:00:00Z", "2024-05-01T12:00:00.123456+00:00", "2024-05-01T14:00:00+02:00"]) {
      expect(s.DateTimeString.safeParse(ok).success).toBe(true);
    }
    expect(s.DateTimeString.parse("2024-05-01T12:00:00")).toBe("2024-05-01T12:00:00Z");
  });

  it("accepts any UUID variant, as Python's UUID does", () => {
    expect(s.Uuid.safeParse("00000000-0000-0000-0000-000000000000").success).toBe(true);
    expect(s.Uuid.safeParse("not-a-uuid").success).toBe(false);
  });

  it("parses the observed 422 and 404 bodies", () => {
    const body = {
      exception_message: "Invalid request received.",
      exception_detail: [
        {
          type: "uuid_parsing",
          loc: ["body", "flow_id"],
          msg: "Input should be a valid UUID",
          input: "not-a-uuid",
          ctx: { error: "x" },
        },
      ],
      request_body: { flow_id: "not-a-uuid" },
    };
    expect(s.ValidationErrorResponse.parse(body).exception_detail[0]?.loc).toEqual(["body", "flow_id"]);
    expect(s.ErrorDetailResponse.parse({ detail: "Flow run not found" }).detail).toBe("Flow run not found");
    expect(s.UnauthorizedResponse.parse({ exception_message: "Unauthorized" }).exception_message).toBe("Unauthorized");
  });
});
