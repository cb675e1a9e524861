// Deployment models: DeploymentResponse, create/update actions, the create_flow_run body, concurrency
// options, and the /deployments/filter and /count bodies. Schedules live in schedules.ts.
import { z } from "zod";
import {
  CreatedBy,
  DateTimeString,
  JsonObject,
  KeyValueLabels,
  nullAsDefault,
  pageLimit,
  pageOffset,
  RunName,
  UpdatedBy,
  Uuid,
} from "./common.js";
import { DeploymentFilter } from "./filters/deployments.js";
import { FlowRunFilter } from "./filters/flow-runs.js";
import { FlowFilter } from "./filters/flows.js";
import { DeploymentSortSchema } from "./filters/sorts.js";
import { TaskRunFilter } from "./filters/task-runs.js";
import { WorkPoolFilter, WorkQueueFilter } from "./filters/work-pools.js";
import { FlowRunPolicy } from "./flow-runs.js";
import { DeploymentSchedule, DeploymentScheduleCreate, DeploymentScheduleUpdate } from "./schedules.js";
import { StateCreate } from "./states.js";

/** A deployment's readiness: READY while a worker (or `serve()`) polled for it recently. */
export const DeploymentStatus = { READY: "READY", NOT_READY: "NOT_READY" } as const;
/** READY or NOT_READY. */
export type DeploymentStatus = (typeof DeploymentStatus)[keyof typeof DeploymentStatus];
/** Zod schema of {@link DeploymentStatus}. */
export const DeploymentStatusSchema = z.enum(DeploymentStatus);

/** What happens to a run that would exceed a deployment's concurrency limit. */
export const ConcurrencyLimitStrategy = { ENQUEUE: "ENQUEUE", CANCEL_NEW: "CANCEL_NEW" } as const;
/** ENQUEUE or CANCEL_NEW. */
export type ConcurrencyLimitStrategy = (typeof ConcurrencyLimitStrategy)[keyof typeof ConcurrencyLimitStrategy];
/** Zod schema of {@link ConcurrencyLimitStrategy}. */
export const ConcurrencyLimitStrategySchema = z.enum(ConcurrencyLimitStrategy);

/** A deployment's concurrency options (`ConcurrencyOptions`). */
export const ConcurrencyOptions = z.object({
  collision_strategy: ConcurrencyLimitStrategySchema,
  /** Seconds a slot is held after its run stops reporting, 60 to 86400. */
  grace_period_seconds: z.int().min(60).max(86400).nullable().default(null),
});
/** Concurrency options. */
export type ConcurrencyOptions = z.infer<typeof ConcurrencyOptions>;

/** A description of a deployment's version, e.g. `{type: "vcs:git", version: "3f2a1b"}`; extra keys kept. */
export const VersionInfo = z.looseObject({ type: z.string(), version: z.string() });
/** Version info. */
export type VersionInfo = z.infer<typeof VersionInfo>;

/** The global concurrency limit backing a deployment's `concurrency_limit` (`GlobalConcurrencyLimitResponse`). */
export const GlobalConcurrencyLimitResponse = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  active: z.boolean().default(true),
  name: z.string(),
  limit: z.int(),
  active_slots: z.int(),
  slot_decay_per_second: z.number().default(2),
});
/** A global concurrency limit. */
export type GlobalConcurrencyLimitResponse = z.infer<typeof GlobalConcurrencyLimitResponse>;

/** A deployment as returned by the API (`DeploymentResponse`; Prefect has no plain `Deployment` component). */
export const DeploymentResponse = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: z.string(),
  version: z.string().nullable().default(null),
  description: z.string().nullable().default(null),
  flow_id: Uuid,
  paused: z.boolean().default(false),
  schedules: z.array(DeploymentSchedule).default(() => []),
  concurrency_limit: z.int().nullable().default(null),
  global_concurrency_limit: GlobalConcurrencyLimitResponse.nullable().default(null),
  concurrency_options: ConcurrencyOptions.nullable().default(null),
  job_variables: JsonObject.default(() => ({})),
  parameters: JsonObject.default(() => ({})),
  tags: z.array(z.string()).default(() => []),
  labels: KeyValueLabels.default(() => ({})),
  work_queue_name: z.string().nullable().default(null),
  work_queue_id: Uuid.nullable().default(null),
  last_polled: DateTimeString.nullable().default(null),
  parameter_openapi_schema: JsonObject.nullable().default(null),
  path: z.string().nullable().default(null),
  pull_steps: z.array(JsonObject).nullable().default(null),
  entrypoint: z.string().nullable().default(null),
  storage_document_id: Uuid.nullable().default(null),
  infrastructure_document_id: Uuid.nullable().default(null),
  created_by: CreatedBy.nullable().default(null),
  updated_by: UpdatedBy.nullable().default(null),
  work_pool_name: z.string().nullable().default(null),
  status: DeploymentStatusSchema.nullable().default("NOT_READY"),
  enforce_parameter_schema: z.boolean().default(true),
});
/** A deployment. */
export type DeploymentResponse = z.infer<typeof DeploymentResponse>;
/** A deployment as accepted on input (what the server builds before serialising). */
export type DeploymentResponseInput = z.input<typeof DeploymentResponse>;

/**
 * Body of `POST /deployments/` (`DeploymentCreate`): an upsert by (flow, name). Prefect also refuses
 * both `concurrency_limit` and `global_concurrency_limit_id`, and checks `parameters` against
 * `parameter_openapi_schema` when enforced; those checks live in the server.
 */
export const DeploymentCreate = z.strictObject({
  name: z.string(),
  flow_id: Uuid,
  paused: z.boolean().default(false),
  schedules: z.array(DeploymentScheduleCreate).default(() => []),
  concurrency_limit: z.int().positive().nullable().default(null),
  concurrency_options: ConcurrencyOptions.nullable().default(null),
  global_concurrency_limit_id: Uuid.nullable().default(null),
  enforce_parameter_schema: z.boolean().default(true),
  parameter_openapi_schema: JsonObject.nullable().default(() => ({ type: "object", properties: {} })),
  parameters: JsonObject.default(() => ({})),
  tags: z.array(z.string()).default(() => []),
  labels: KeyValueLabels.nullable().default(() => ({})),
  pull_steps: z.array(JsonObject).nullable().default(null),
  work_queue_name: z.string().nullable().default(null),
  work_pool_name: z.string().nullable().default(null),
  storage_document_id: Uuid.nullable().default(null),
  infrastructure_document_id: Uuid.nullable().default(null),
  description: z.string().nullable().default(null),
  path: z.string().nullable().default(null),
  version: z.string().nullable().default(null),
  entrypoint: z.string().nullable().default(null),
  job_variables: JsonObject.default(() => ({})),
  version_info: VersionInfo.nullable().default(null),
});
/** A deployment creation request (defaults applied). */
export type DeploymentCreate = z.infer<typeof DeploymentCreate>;
/** A deployment creation request as sent. */
export type DeploymentCreateInput = z.input<typeof DeploymentCreate>;

/**
 * Body of `PATCH /deployments/{id}` (`DeploymentUpdate`). No defaults (the OpenAPI shows `paused: false`):
 * Prefect applies only the fields the request sets, so an absent `paused` must not unpause.
 */
export const DeploymentUpdate = z.strictObject({
  version: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  paused: z.boolean().optional(),
  schedules: z.array(DeploymentScheduleUpdate).optional(),
  concurrency_limit: z.int().positive().nullable().optional(),
  concurrency_options: ConcurrencyOptions.nullable().optional(),
  global_concurrency_limit_id: Uuid.nullable().optional(),
  parameters: JsonObject.nullable().optional(),
  parameter_openapi_schema: JsonObject.nullable().optional(),
  tags: z.array(z.string()).optional(),
  work_queue_name: z.string().nullable().optional(),
  work_pool_name: z.string().nullable().optional(),
  path: z.string().nullable().optional(),
  job_variables: JsonObject.nullable().optional(),
  pull_steps: z.array(JsonObject).nullable().optional(),
  entrypoint: z.string().nullable().optional(),
  storage_document_id: Uuid.nullable().optional(),
  infrastructure_document_id: Uuid.nullable().optional(),
  enforce_parameter_schema: z.boolean().nullable().optional(),
  version_info: VersionInfo.nullable().optional(),
});
/** A deployment update request. */
export type DeploymentUpdate = z.infer<typeof DeploymentUpdate>;
/** A deployment update request as sent. */
export type DeploymentUpdateInput = z.input<typeof DeploymentUpdate>;

/**
 * Body of `POST /deployments/{id}/create_flow_run` (`DeploymentFlowRunCreate`). Parameters are merged
 * over the deployment's; `state` defaults (server side) to Scheduled now. `name` unset: the server makes a slug.
 */
export const DeploymentFlowRunCreate = z.strictObject({
  state: StateCreate.nullable().default(null),
  name: RunName,
  parameters: JsonObject.default(() => ({})),
  enforce_parameter_schema: z.boolean().nullable().default(null),
  context: JsonObject.default(() => ({})),
  infrastructure_document_id: Uuid.nullable().default(null),
  empirical_policy: FlowRunPolicy.prefault({}),
  tags: z.array(z.string()).default(() => []),
  idempotency_key: z.string().nullable().default(null),
  labels: KeyValueLabels.nullable().default(null),
  parent_task_run_id: Uuid.nullable().default(null),
  work_queue_name: z.string().nullable().default(null),
  job_variables: JsonObject.nullable().default(() => ({})),
});
/** A run-from-deployment request (defaults applied). */
export type DeploymentFlowRunCreate = z.infer<typeof DeploymentFlowRunCreate>;
/** A run-from-deployment request as sent. */
export type DeploymentFlowRunCreateInput = z.input<typeof DeploymentFlowRunCreate>;

/** Body of `POST /deployments/filter` (`Body_read_deployments_deployments_filter_post`). */
export const DeploymentFilterRequest = z.object({
  offset: pageOffset(),
  flows: FlowFilter.nullish(),
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
  work_pools: WorkPoolFilter.nullish(),
  work_pool_queues: WorkQueueFilter.nullish(),
  sort: nullAsDefault(DeploymentSortSchema, "NAME_ASC"),
  limit: pageLimit(),
});
/** A deployments query (defaults applied). */
export type DeploymentFilterRequest = z.infer<typeof DeploymentFilterRequest>;
/** A deployments query as sent. */
export type DeploymentFilterRequestInput = z.input<typeof DeploymentFilterRequest>;

/** Body of `POST /deployments/count` (`Body_count_deployments_deployments_count_post`). */
export const DeploymentCountRequest = z.object({
  flows: FlowFilter.nullish(),
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
  work_pools: WorkPoolFilter.nullish(),
  work_pool_queues: WorkQueueFilter.nullish(),
});
/** A deployments count query. */
export type DeploymentCountRequest = z.infer<typeof DeploymentCountRequest>;

/** Body of `POST /deployments/get_scheduled_flow_runs`: scheduled runs of these deployments, earliest first. */
export const DeploymentScheduledFlowRunsRequest = z.object({
  deployment_ids: z.array(Uuid),
  /** Server default: now. */
  scheduled_before: DateTimeString.optional(),
  limit: pageLimit(),
});
/** A scheduled-runs query for deployments. */
export type DeploymentScheduledFlowRunsRequest = z.infer<typeof DeploymentScheduledFlowRunsRequest>;
