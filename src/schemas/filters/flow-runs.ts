// Filters on flow runs: FlowRunFilter and its sub-filters (`FlowRunFilterId`, `FlowRunFilterState`, ...),
// as the `flow_runs` key of Prefect's /filter and /count bodies. Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { StateTypeSchema } from "../states.js";
import { operatorField, optionalBoolean, optionalDateTime, optionalString, stringList, uuidList } from "./operators.js";

/** Runs whose id is (not) in a list. */
export const FlowRunFilterId = z.strictObject({ any_: uuidList(), not_any_: uuidList() });
/** Filter on flow run id. */
export type FlowRunFilterId = z.infer<typeof FlowRunFilterId>;

/** Runs whose name is in a list or matches `like_` (case-insensitive substring). */
export const FlowRunFilterName = z.strictObject({ any_: stringList(), like_: optionalString() });
/** Filter on flow run name. */
export type FlowRunFilterName = z.infer<typeof FlowRunFilterName>;

/** Runs carrying all (`all_`) or any (`any_`) of the tags, or no tags (`is_null_`). */
export const FlowRunFilterTags = z.strictObject({
  operator: operatorField(),
  all_: stringList(),
  any_: stringList(),
  is_null_: optionalBoolean(),
});
/** Filter on flow run tags. */
export type FlowRunFilterTags = z.infer<typeof FlowRunFilterTags>;

/** Runs of the given deployments, or with(out) a deployment. */
export const FlowRunFilterDeploymentId = z.strictObject({
  operator: operatorField(),
  any_: uuidList(),
  is_null_: optionalBoolean(),
});
/** Filter on flow run deployment id. */
export type FlowRunFilterDeploymentId = z.infer<typeof FlowRunFilterDeploymentId>;

/** Runs in the given work queues, or with(out) a work queue. */
export const FlowRunFilterWorkQueueName = z.strictObject({
  operator: operatorField(),
  any_: stringList(),
  is_null_: optionalBoolean(),
});
/** Filter on flow run work queue name. */
export type FlowRunFilterWorkQueueName = z.infer<typeof FlowRunFilterWorkQueueName>;

/** Runs whose current state type is (not) in a list. */
export const FlowRunFilterStateType = z.strictObject({
  any_: z.array(StateTypeSchema).nullish(),
  not_any_: z.array(StateTypeSchema).nullish(),
});
/** Filter on flow run state type. */
export type FlowRunFilterStateType = z.infer<typeof FlowRunFilterStateType>;

/** Runs whose current state name is (not) in a list. */
export const FlowRunFilterStateName = z.strictObject({ any_: stringList(), not_any_: stringList() });
/** Filter on flow run state name. */
export type FlowRunFilterStateName = z.infer<typeof FlowRunFilterStateName>;

/** Runs by current state type and/or name. */
export const FlowRunFilterState = z.strictObject({
  operator: operatorField(),
  type: FlowRunFilterStateType.nullish(),
  name: FlowRunFilterStateName.nullish(),
});
/** Filter on flow run state. */
export type FlowRunFilterState = z.infer<typeof FlowRunFilterState>;

/** Runs of the given flow versions. */
export const FlowRunFilterFlowVersion = z.strictObject({ any_: stringList() });
/** Filter on flow version. */
export type FlowRunFilterFlowVersion = z.infer<typeof FlowRunFilterFlowVersion>;

/** Runs started before/after a time, or not started (`is_null_`). */
export const FlowRunFilterStartTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
  is_null_: optionalBoolean(),
});
/** Filter on flow run start time. */
export type FlowRunFilterStartTime = z.infer<typeof FlowRunFilterStartTime>;

/** Runs ended before/after a time, or not ended (`is_null_`). */
export const FlowRunFilterEndTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
  is_null_: optionalBoolean(),
});
/** Filter on flow run end time. */
export type FlowRunFilterEndTime = z.infer<typeof FlowRunFilterEndTime>;

/** Runs expected to start before/after a time (inclusive). */
export const FlowRunFilterExpectedStartTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
});
/** Filter on flow run expected start time. */
export type FlowRunFilterExpectedStartTime = z.infer<typeof FlowRunFilterExpectedStartTime>;

/** Runs next scheduled to start before/after a time (inclusive). */
export const FlowRunFilterNextScheduledStartTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
});
/** Filter on flow run next scheduled start time. */
export type FlowRunFilterNextScheduledStartTime = z.infer<typeof FlowRunFilterNextScheduledStartTime>;

/** Subflow runs whose parent flow run is in a list. */
export const FlowRunFilterParentFlowRunId = z.strictObject({
  operator: operatorField(),
  any_: uuidList(),
});
/** Filter on parent flow run id. */
export type FlowRunFilterParentFlowRunId = z.infer<typeof FlowRunFilterParentFlowRunId>;

/** Runs whose parent task run is in a list, or with(out) a parent task run (`is_null_`). */
export const FlowRunFilterParentTaskRunId = z.strictObject({
  operator: operatorField(),
  any_: uuidList(),
  is_null_: optionalBoolean(),
});
/** Filter on parent task run id. */
export type FlowRunFilterParentTaskRunId = z.infer<typeof FlowRunFilterParentTaskRunId>;

/** Runs whose idempotency key is (not) in a list. */
export const FlowRunFilterIdempotencyKey = z.strictObject({ any_: stringList(), not_any_: stringList() });
/** Filter on idempotency key. */
export type FlowRunFilterIdempotencyKey = z.infer<typeof FlowRunFilterIdempotencyKey>;

/** Runs by creator id (`id_`) and/or type (`type_`), or without a creator (`is_null_`). */
export const FlowRunFilterCreatedBy = z.strictObject({
  operator: operatorField(),
  id_: uuidList(),
  type_: stringList(),
  is_null_: optionalBoolean(),
});
/** Filter on the creator of a flow run. */
export type FlowRunFilterCreatedBy = z.infer<typeof FlowRunFilterCreatedBy>;

/** Filter on flow runs (`FlowRunFilter`). */
export const FlowRunFilter = z.strictObject({
  operator: operatorField(),
  id: FlowRunFilterId.nullish(),
  name: FlowRunFilterName.nullish(),
  tags: FlowRunFilterTags.nullish(),
  deployment_id: FlowRunFilterDeploymentId.nullish(),
  work_queue_name: FlowRunFilterWorkQueueName.nullish(),
  state: FlowRunFilterState.nullish(),
  flow_version: FlowRunFilterFlowVersion.nullish(),
  start_time: FlowRunFilterStartTime.nullish(),
  end_time: FlowRunFilterEndTime.nullish(),
  expected_start_time: FlowRunFilterExpectedStartTime.nullish(),
  next_scheduled_start_time: FlowRunFilterNextScheduledStartTime.nullish(),
  parent_flow_run_id: FlowRunFilterParentFlowRunId.nullish(),
  parent_task_run_id: FlowRunFilterParentTaskRunId.nullish(),
  idempotency_key: FlowRunFilterIdempotencyKey.nullish(),
  created_by: FlowRunFilterCreatedBy.nullish(),
});
/** A flow run filter. */
export type FlowRunFilter = z.infer<typeof FlowRunFilter>;
/** A flow run filter as sent. */
export type FlowRunFilterInput = z.input<typeof FlowRunFilter>;
