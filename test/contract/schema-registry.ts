// The table the contract tests run over: every wire schema of src/schemas/ paired with its OpenAPI
// component, with the deliberate differences spelled out. Realistic samples live in samples.ts.
import type { z } from "zod";
import * as schemas from "../../src/schemas/index.js";

/** How Prefect treats unknown fields and defaults for a model. */
export type ModelKind = "object" | "action" | "filter" | "body";

/** One row: our schema, its OpenAPI component, and what it should look like. */
export interface ContractRow {
  /** Our export name. */
  name: string;
  /** The OpenAPI component name (same as `name` unless the OpenAPI name is FastAPI's generated one). */
  component: string;
  schema: z.ZodObject;
  kind: ModelKind;
  /** Smallest valid input: the required fields only. */
  minimal?: Record<string, unknown>;
  /** Property names of the OpenAPI component we deliberately leave out, with the reason. */
  omitted?: Record<string, string>;
  /** OpenAPI defaults we deliberately do not apply, with the reason. */
  noDefault?: Record<string, string>;
}

const ID = "9f8e7d6c-5b4a-4321-8fed-cba987654321";
const NOW = "2024-05-01T12:00:00.123456+00:00";

/** Readable names for FastAPI's generated body components. */
const bodyComponents: Record<string, string> = {
  SetFlowRunStateRequest: "Body_set_flow_run_state_flow_runs__id__set_state_post",
  SetTaskRunStateRequest: "Body_set_task_run_state_task_runs__id__set_state_post",
  FlowFilterRequest: "Body_read_flows_flows_filter_post",
  FlowCountRequest: "Body_count_flows_flows_count_post",
  FlowRunFilterRequest: "Body_read_flow_runs_flow_runs_filter_post",
  FlowRunCountRequest: "Body_count_flow_runs_flow_runs_count_post",
  TaskRunFilterRequest: "Body_read_task_runs_task_runs_filter_post",
  TaskRunCountRequest: "Body_count_task_runs_task_runs_count_post",
  LogFilterRequest: "Body_read_logs_logs_filter_post",
  DeploymentFilterRequest: "Body_read_deployments_deployments_filter_post",
  DeploymentCountRequest: "Body_count_deployments_deployments_count_post",
  DeploymentScheduledFlowRunsRequest:
    "Body_get_scheduled_flow_runs_for_deployments_deployments_get_scheduled_flow_runs_post",
  WorkPoolFilterRequest: "Body_read_work_pools_work_pools_filter_post",
  WorkPoolCountRequest: "Body_count_work_pools_work_pools_count_post",
  WorkPoolScheduledFlowRunsRequest: "Body_get_scheduled_flow_runs_work_pools__name__get_scheduled_flow_runs_post",
  WorkQueueFilterRequest: "Body_read_work_queues_work_pools__work_pool_name__queues_filter_post",
  WorkQueueGetRunsRequest: "Body_read_work_queue_runs_work_queues__id__get_runs_post",
  WorkerHeartbeatRequest: "Body_worker_heartbeat_work_pools__work_pool_name__workers_heartbeat_post",
  WorkerFilterRequest: "Body_read_workers_work_pools__work_pool_name__workers_filter_post",
  VariableFilterRequest: "Body_read_variables_variables_filter_post",
  VariableCountRequest: "Body_count_variables_variables_count_post",
  BlockTypeFilterRequest: "Body_read_block_types_block_types_filter_post",
  BlockSchemaFilterRequest: "Body_read_block_schemas_block_schemas_filter_post",
  BlockDocumentFilterRequest: "Body_read_block_documents_block_documents_filter_post",
  BlockDocumentCountRequest: "Body_count_block_documents_block_documents_count_post",
  FlowRunHistoryRequest: "Body_flow_run_history_flow_runs_history_post",
  ArtifactFilterRequest: "Body_read_artifacts_artifacts_filter_post",
  ArtifactCountRequest: "Body_count_artifacts_artifacts_count_post",
  ArtifactCollectionFilterRequest: "Body_read_latest_artifacts_artifacts_latest_filter_post",
  ArtifactCollectionCountRequest: "Body_count_latest_artifacts_artifacts_latest_count_post",
  FlowRunUiHistoryRequest: "Body_read_flow_run_history_ui_flow_runs_history_post",
};

/** Our names that differ from the OpenAPI's for another reason. */
const renamed: Record<string, string> = {
  // `ValidationError` is the error class in src/errors.ts; the wire item is named for what it is.
  ValidationErrorDetail: "ValidationError",
};

/** PATCH bodies: Prefect applies only the fields a request sets (exclude_unset), so no default is filled. */
const PATCH_ONLY_SET =
  "PATCH applies only the fields the request sets; a default would silently overwrite (e.g. unpause)";
const noDefault: Record<string, Record<string, string>> = {
  DeploymentUpdate: { paused: PATCH_ONLY_SET },
  WorkQueueUpdate: { is_paused: PATCH_ONLY_SET },
};

/** Required fields of models whose minimal input is not `{}`. */
const minimal: Record<string, Record<string, unknown>> = {
  State: { id: ID, type: "PENDING" },
  StateCreate: { type: "PENDING" },
  ServerDefaultResultStorageUpdate: { default_result_storage_block_id: ID },
  OrchestrationResult: { state: null, status: "ACCEPT", details: { type: "accept_details" } },
  StateWaitDetails: { delay_seconds: 5 },
  Flow: { id: ID, created: NOW, updated: NOW, name: "etl" },
  FlowCreate: { name: "etl" },
  FlowRun: { id: ID, created: NOW, updated: NOW, flow_id: ID },
  FlowRunResponse: { id: ID, created: NOW, updated: NOW, flow_id: ID },
  FlowRunCreate: { flow_id: ID },
  TaskRun: { id: ID, created: NOW, updated: NOW, task_key: "k", dynamic_key: "0" },
  TaskRunCreate: { task_key: "k", dynamic_key: "0" },
  TaskRunResult: { id: ID },
  FlowRunResult: { id: ID },
  Parameter: { name: "x" },
  Constant: { type: "int" },
  Log: { id: ID, created: NOW, updated: NOW, name: "prefect", level: 20, message: "hi", timestamp: NOW },
  LogCreate: { name: "prefect", level: 20, message: "hi", timestamp: NOW },
  LogFilterTextSearch: { query: "error" },
  SetFlowRunStateRequest: { state: { type: "RUNNING" } },
  SetTaskRunStateRequest: { state: { type: "RUNNING" } },
  ValidationErrorDetail: { type: "missing", loc: ["body", "name"], msg: "Field required" },
  IntervalSchedule: { interval: 3600 },
  CronSchedule: { cron: "0 2 * * *" },
  RRuleSchedule: { rrule: "FREQ=DAILY" },
  DeploymentSchedule: { id: ID, created: NOW, updated: NOW, schedule: { cron: "0 2 * * *" } },
  DeploymentScheduleCreate: { schedule: { interval: 60 } },
  DeploymentResponse: { id: ID, created: NOW, updated: NOW, name: "nightly", flow_id: ID },
  DeploymentCreate: { name: "nightly", flow_id: ID },
  DeploymentScheduledFlowRunsRequest: { deployment_ids: [ID] },
  ConcurrencyOptions: { collision_strategy: "ENQUEUE" },
  VersionInfo: { type: "vcs:git", version: "3f2a1b" },
  GlobalConcurrencyLimitResponse: {
    id: ID,
    created: NOW,
    updated: NOW,
    name: "deployment:x",
    limit: 1,
    active_slots: 0,
  },
  WorkPoolResponse: { id: ID, created: NOW, updated: NOW, name: "local", type: "process" },
  WorkPoolCreate: { name: "local" },
  WorkerFlowRunResponse: {
    work_pool_id: ID,
    work_queue_id: ID,
    flow_run: { id: ID, created: NOW, updated: NOW, flow_id: ID },
  },
  WorkQueue: { id: ID, created: NOW, updated: NOW, name: "default" },
  WorkQueueResponse: { id: ID, created: NOW, updated: NOW, name: "default" },
  WorkQueueCreate: { name: "default" },
  WorkQueueStatusDetail: { healthy: true, health_check_policy: {} },
  WorkerResponse: { id: ID, created: NOW, updated: NOW, name: "w1", work_pool_id: ID },
  WorkerHeartbeatRequest: { name: "w1" },
  Variable: { id: ID, created: NOW, updated: NOW, name: "db_config", value: { host: "localhost" } },
  VariableCreate: { name: "db_config", value: 1 },
  BlockType: { id: ID, created: NOW, updated: NOW, name: "Secret", slug: "secret" },
  BlockTypeCreate: { name: "Secret", slug: "secret" },
  BlockSchema: { id: ID, created: NOW, updated: NOW, checksum: "sha256:0", block_type_id: ID },
  BlockSchemaCreate: { block_type_id: ID },
  BlockDocument: { id: ID, created: NOW, updated: NOW, block_schema_id: ID, block_type_id: ID },
  // Prefect requires a name unless the document is anonymous (validate_name_present_on_nonanonymous_blocks).
  BlockDocumentCreate: { block_schema_id: ID, block_type_id: ID, is_anonymous: true },
  Artifact: { id: ID },
  ArtifactCollection: { id: ID, created: NOW, updated: NOW, key: "sales-report", latest_id: ID },
  FlowRunHistoryRequest: { history_start: NOW, history_end: NOW, history_interval_seconds: 60 },
  HistoryResponse: { interval_start: NOW, interval_end: NOW, states: [] },
  HistoryResponseState: {
    state_type: "COMPLETED",
    state_name: "Completed",
    count_runs: 1,
    sum_estimated_run_time: 1.5,
    sum_estimated_lateness: 0,
  },
  SimpleFlowRun: { id: ID, state_type: "COMPLETED", timestamp: NOW, duration: 1.5, lateness: 0 },
  Event: {
    occurred: NOW,
    event: "prefect.task-run.Running",
    resource: { "prefect.resource.id": `prefect.task-run.${ID}` },
    id: ID,
  },
};

function isZodObject(value: unknown): value is z.ZodObject {
  return (
    typeof value === "object" &&
    value !== null &&
    "shape" in value &&
    typeof (value as { safeParse?: unknown }).safeParse === "function"
  );
}

function kindOf(name: string, component: string, strict: boolean): ModelKind {
  if (component.startsWith("Body_")) return "body";
  if (/Filter/.test(name)) return "filter";
  return strict ? "action" : "object";
}

/** Builds the table from the barrel: every exported zod object whose name maps to a component. */
export function contractRows(
  componentExists: (name: string) => boolean,
  isStrict: (name: string) => boolean,
): ContractRow[] {
  const rows: ContractRow[] = [];
  for (const [name, value] of Object.entries(schemas)) {
    if (!isZodObject(value)) continue;
    const component = bodyComponents[name] ?? renamed[name] ?? name;
    if (!componentExists(component)) continue;
    rows.push({
      name,
      component,
      schema: value,
      kind: kindOf(name, component, isStrict(component)),
      minimal: minimal[name] ?? {},
      noDefault: noDefault[name],
    });
  }
  return rows;
}

/** Exports that are zod objects but have no OpenAPI component, with the reason. */
export const withoutComponent: Record<string, string> = {
  ValidationErrorResponse:
    "Prefect's own 422 handler body ({exception_message, exception_detail, request_body}); FastAPI's OpenAPI lists HTTPValidationError instead",
  ErrorDetailResponse: "HTTPException body {detail}; FastAPI does not list it in the OpenAPI",
  UnauthorizedResponse: "401 body of the auth-string middleware; not in the OpenAPI",
};

/** `as const` vocabularies and their zod schemas, paired with the OpenAPI enum component. */
export const vocabularies: { name: string; schema: z.ZodEnum; values: Record<string, string> }[] = [
  { name: "StateType", schema: schemas.StateTypeSchema, values: schemas.StateType },
  { name: "SetStateStatus", schema: schemas.SetStateStatusSchema, values: schemas.SetStateStatus },
  { name: "Operator", schema: schemas.OperatorSchema, values: schemas.Operator },
  { name: "FlowSort", schema: schemas.FlowSortSchema, values: schemas.FlowSort },
  { name: "FlowRunSort", schema: schemas.FlowRunSortSchema, values: schemas.FlowRunSort },
  { name: "TaskRunSort", schema: schemas.TaskRunSortSchema, values: schemas.TaskRunSort },
  { name: "LogSort", schema: schemas.LogSortSchema, values: schemas.LogSort },
  { name: "DeploymentSort", schema: schemas.DeploymentSortSchema, values: schemas.DeploymentSort },
  { name: "DeploymentStatus", schema: schemas.DeploymentStatusSchema, values: schemas.DeploymentStatus },
  {
    name: "ConcurrencyLimitStrategy",
    schema: schemas.ConcurrencyLimitStrategySchema,
    values: schemas.ConcurrencyLimitStrategy,
  },
  { name: "WorkPoolStatus", schema: schemas.WorkPoolStatusSchema, values: schemas.WorkPoolStatus },
  { name: "WorkQueueStatus", schema: schemas.WorkQueueStatusSchema, values: schemas.WorkQueueStatus },
  { name: "WorkerStatus", schema: schemas.WorkerStatusSchema, values: schemas.WorkerStatus },
  { name: "VariableSort", schema: schemas.VariableSortSchema, values: schemas.VariableSort },
  { name: "BlockDocumentSort", schema: schemas.BlockDocumentSortSchema, values: schemas.BlockDocumentSort },
  { name: "ArtifactSort", schema: schemas.ArtifactSortSchema, values: schemas.ArtifactSort },
  {
    name: "ArtifactCollectionSort",
    schema: schemas.ArtifactCollectionSortSchema,
    values: schemas.ArtifactCollectionSort,
  },
];

export { ID, NOW };
