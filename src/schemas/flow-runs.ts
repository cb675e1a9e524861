// Flow run models: FlowRun / FlowRunResponse objects, create/update actions, FlowRunPolicy and the
// labels patch body. Flow run filters and sorts live in filters/; states in states.ts.
import { z } from "zod";
import { CreatedBy, DateTimeString, JsonObject, KeyValueLabels, RunName, Uuid } from "./common.js";
import { State, StateCreate, StateTypeSchema } from "./states.js";

/** How a flow run retries (`FlowRunPolicy`). `max_retries`/`retry_delay_seconds` are deprecated on the wire. */
export const FlowRunPolicy = z.object({
  /** @deprecated Not used; use `retries`. */
  max_retries: z.int().default(0),
  /** @deprecated Not used; use `retry_delay`. */
  retry_delay_seconds: z.number().default(0),
  retries: z.int().nullable().default(null),
  /** Seconds between retries. */
  retry_delay: z.int().nullable().default(null),
  /** Pause keys this run has observed (a set in Prefect, a unique list on the wire). */
  pause_keys: z
    .array(z.string())
    .nullable()
    .default(() => []),
  resuming: z.boolean().nullable().default(false),
  retry_type: z.enum(["in_process", "reschedule"]).nullable().default(null),
});
/** A flow run policy. */
export type FlowRunPolicy = z.infer<typeof FlowRunPolicy>;
/** A flow run policy as accepted on input. */
export type FlowRunPolicyInput = z.input<typeof FlowRunPolicy>;

/** Fields shared by `FlowRun` and `FlowRunResponse`. */
const flowRunShape = {
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  /** Always present in server responses (the server generates a slug when the request has none). */
  name: z.string().optional(),
  flow_id: Uuid,
  state_id: Uuid.nullable().default(null),
  deployment_id: Uuid.nullable().default(null),
  deployment_version: z.string().nullable().default(null),
  work_queue_id: Uuid.nullable().default(null),
  work_queue_name: z.string().nullable().default(null),
  flow_version: z.string().nullable().default(null),
  parameters: JsonObject.default(() => ({})),
  idempotency_key: z.string().nullable().default(null),
  context: JsonObject.default(() => ({})),
  empirical_policy: FlowRunPolicy.prefault({}),
  tags: z.array(z.string()).default(() => []),
  parent_task_run_id: Uuid.nullable().default(null),
  state_type: StateTypeSchema.nullable().default(null),
  state_name: z.string().nullable().default(null),
  run_count: z.int().default(0),
  expected_start_time: DateTimeString.nullable().default(null),
  next_scheduled_start_time: DateTimeString.nullable().default(null),
  start_time: DateTimeString.nullable().default(null),
  end_time: DateTimeString.nullable().default(null),
  /** Seconds. */
  total_run_time: z.number().default(0),
  /** Seconds. */
  estimated_run_time: z.number().default(0),
  /** Seconds. */
  estimated_start_time_delta: z.number().default(0),
  auto_scheduled: z.boolean().default(false),
  infrastructure_document_id: Uuid.nullable().default(null),
  infrastructure_pid: z.string().nullable().default(null),
  created_by: CreatedBy.nullable().default(null),
  state: State.nullable().default(null),
  job_variables: JsonObject.nullable().default(null),
};

/** The ORM flow run model (`FlowRun`). Routes return {@link FlowRunResponse}; prefer that one for responses. */
export const FlowRun = z.object({
  ...flowRunShape,
  labels: KeyValueLabels.nullable().default(() => ({})),
});
/** A flow run. */
export type FlowRun = z.infer<typeof FlowRun>;
/** A flow run as accepted on input. */
export type FlowRunInput = z.input<typeof FlowRun>;

/**
 * The flow run returned by `POST /flow_runs/`, `GET /flow_runs/{id}` and `POST /flow_runs/filter`
 * (`FlowRunResponse`): `FlowRun` plus the work pool, with non-null labels.
 */
export const FlowRunResponse = z.object({
  ...flowRunShape,
  labels: KeyValueLabels.default(() => ({})),
  work_pool_id: Uuid.nullable().default(null),
  work_pool_name: z.string().nullable().default(null),
});
/** A flow run response. */
export type FlowRunResponse = z.infer<typeof FlowRunResponse>;
/** A flow run response as accepted on input (what the server builds before serialising). */
export type FlowRunResponseInput = z.input<typeof FlowRunResponse>;

/**
 * Body of `POST /flow_runs/` (`FlowRunCreate`). With an `idempotency_key` already used for the flow,
 * Prefect returns the existing run. `name` is left unset here: the server generates a two-word slug.
 */
export const FlowRunCreate = z.strictObject({
  state: StateCreate.nullable().default(null),
  name: RunName,
  flow_id: Uuid,
  flow_version: z.string().nullable().default(null),
  parameters: JsonObject.default(() => ({})),
  context: JsonObject.default(() => ({})),
  parent_task_run_id: Uuid.nullable().default(null),
  infrastructure_document_id: Uuid.nullable().default(null),
  empirical_policy: FlowRunPolicy.prefault({}),
  tags: z.array(z.string()).default(() => []),
  labels: KeyValueLabels.nullable().default(() => ({})),
  idempotency_key: z.string().nullable().default(null),
  work_pool_name: z.string().nullable().default(null),
  work_queue_name: z.string().nullable().default(null),
  job_variables: JsonObject.nullable().default(null),
  /** @deprecated Prefect keeps it for old clients; create runs of a deployment with `/deployments/{id}/create_flow_run`. */
  deployment_id: Uuid.nullable().default(null),
});
/** A flow run creation request (defaults applied). */
export type FlowRunCreate = z.infer<typeof FlowRunCreate>;
/** A flow run creation request as sent. */
export type FlowRunCreateInput = z.input<typeof FlowRunCreate>;

/**
 * Body of `PATCH /flow_runs/{id}` (`FlowRunUpdate`). No defaults: Prefect applies only the fields the
 * request sets (`exclude_unset`), so absent fields stay absent.
 */
export const FlowRunUpdate = z.strictObject({
  name: z.string().nullable().optional(),
  flow_version: z.string().nullable().optional(),
  parameters: JsonObject.optional(),
  empirical_policy: FlowRunPolicy.optional(),
  tags: z.array(z.string()).optional(),
  infrastructure_pid: z.string().nullable().optional(),
  job_variables: JsonObject.nullable().optional(),
});
/** A flow run update request. */
export type FlowRunUpdate = z.infer<typeof FlowRunUpdate>;
/** A flow run update request as sent. */
export type FlowRunUpdateInput = z.input<typeof FlowRunUpdate>;

/** Body of `PATCH /flow_runs/{id}/labels`: labels merged into the run's labels. */
export const FlowRunLabelsUpdate = JsonObject;
/** A labels patch. */
export type FlowRunLabelsUpdate = z.infer<typeof FlowRunLabelsUpdate>;
