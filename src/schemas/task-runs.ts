// Task run models: TaskRun, create/update actions, TaskRunPolicy and the task input references
// (TaskRunResult, FlowRunResult, Parameter, Constant). Filters and sorts live in filters/.
import { z } from "zod";
import { DateTimeString, KeyValueLabels, RunName, Uuid } from "./common.js";
import { State, StateCreate, StateTypeSchema } from "./states.js";

/** How a task run retries (`TaskRunPolicy`). `max_retries`/`retry_delay_seconds` are deprecated on the wire. */
export const TaskRunPolicy = z.object({
  /** @deprecated Not used; use `retries`. */
  max_retries: z.int().default(0),
  /** @deprecated Not used; use `retry_delay`. */
  retry_delay_seconds: z.number().default(0),
  retries: z.int().nullable().default(null),
  /** Seconds between retries: one delay, or one per retry (Prefect caps the list at 50). */
  retry_delay: z
    .union([z.number(), z.array(z.number())])
    .nullable()
    .default(null),
  retry_jitter_factor: z.number().nullable().default(null),
});
/** A task run policy. */
export type TaskRunPolicy = z.infer<typeof TaskRunPolicy>;
/** A task run policy as accepted on input. */
export type TaskRunPolicyInput = z.input<typeof TaskRunPolicy>;

/** A task input that is the result of another task run. */
export const TaskRunResult = z.object({
  input_type: z.literal("task_run").default("task_run"),
  id: Uuid,
});
/** A task run result reference. */
export type TaskRunResult = z.infer<typeof TaskRunResult>;

/** A task input that is the result of a (sub)flow run. */
export const FlowRunResult = z.object({
  input_type: z.literal("flow_run").default("flow_run"),
  id: Uuid,
});
/** A flow run result reference. */
export type FlowRunResult = z.infer<typeof FlowRunResult>;

/** A task input that comes from a flow parameter. */
export const Parameter = z.object({
  input_type: z.literal("parameter").default("parameter"),
  name: z.string(),
});
/** A parameter reference. */
export type Parameter = z.infer<typeof Parameter>;

/** A task input that is a constant of the given type name. */
export const Constant = z.object({
  input_type: z.literal("constant").default("constant"),
  type: z.string(),
});
/** A constant reference. */
export type Constant = z.infer<typeof Constant>;

/** One entry of `task_inputs`: the OpenAPI `anyOf [TaskRunResult, FlowRunResult, Parameter, Constant]`. */
export const TaskRunInput = z.union([TaskRunResult, FlowRunResult, Parameter, Constant]);
/** A task input reference. */
export type TaskRunInput = z.infer<typeof TaskRunInput>;

/** `task_inputs`: for each argument name, where its value came from. Keys are the user's argument names. */
export const TaskInputs = z.record(z.string(), z.array(TaskRunInput));
/** Task inputs. */
export type TaskInputs = z.infer<typeof TaskInputs>;

/** A task run as returned by `POST /task_runs/`, `GET /task_runs/{id}` and `POST /task_runs/filter` (`TaskRun`). */
export const TaskRun = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  /** Always present in server responses (the server generates a slug when the request has none). */
  name: z.string().optional(),
  flow_run_id: Uuid.nullable().default(null),
  task_key: z.string(),
  dynamic_key: z.string(),
  cache_key: z.string().nullable().default(null),
  cache_expiration: DateTimeString.nullable().default(null),
  task_version: z.string().nullable().default(null),
  empirical_policy: TaskRunPolicy.prefault({}),
  tags: z.array(z.string()).default(() => []),
  labels: KeyValueLabels.nullable().default(() => ({})),
  state_id: Uuid.nullable().default(null),
  task_inputs: TaskInputs.default(() => ({})),
  state_type: StateTypeSchema.nullable().default(null),
  state_name: z.string().nullable().default(null),
  run_count: z.int().default(0),
  flow_run_run_count: z.int().default(0),
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
  state: State.nullable().default(null),
});
/** A task run. */
export type TaskRun = z.infer<typeof TaskRun>;

/**
 * Body of `POST /task_runs/` (`TaskRunCreate`). A run with the same `flow_run_id`, `task_key` and
 * `dynamic_key` as an existing one returns the existing run. `name` unset: the server generates a slug.
 */
export const TaskRunCreate = z.strictObject({
  id: Uuid.nullable().default(null),
  state: StateCreate.nullable().default(null),
  name: RunName,
  flow_run_id: Uuid.nullable().default(null),
  task_key: z.string(),
  dynamic_key: z.string(),
  cache_key: z.string().nullable().default(null),
  cache_expiration: DateTimeString.nullable().default(null),
  task_version: z.string().nullable().default(null),
  empirical_policy: TaskRunPolicy.prefault({}),
  tags: z.array(z.string()).default(() => []),
  labels: KeyValueLabels.nullable().default(() => ({})),
  task_inputs: TaskInputs.default(() => ({})),
});
/** A task run creation request (defaults applied). */
export type TaskRunCreate = z.infer<typeof TaskRunCreate>;
/** A task run creation request as sent. */
export type TaskRunCreateInput = z.input<typeof TaskRunCreate>;

/** Body of `PATCH /task_runs/{id}` (`TaskRunUpdate`). No default: only fields the request sets apply. */
export const TaskRunUpdate = z.strictObject({
  name: RunName,
});
/** A task run update request. */
export type TaskRunUpdate = z.infer<typeof TaskRunUpdate>;
/** A task run update request as sent. */
export type TaskRunUpdateInput = z.input<typeof TaskRunUpdate>;
