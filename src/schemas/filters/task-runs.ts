// Filters on task runs: TaskRunFilter and its sub-filters (`TaskRunFilterId`, `TaskRunFilterState`, ...),
// as the `task_runs` key of Prefect's /filter and /count bodies. Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { StateTypeSchema } from "../states.js";
import { operatorField, optionalBoolean, optionalDateTime, optionalString, stringList, uuidList } from "./operators.js";

/** Task runs whose id is in a list. */
export const TaskRunFilterId = z.strictObject({ any_: uuidList() });
/** Filter on task run id. */
export type TaskRunFilterId = z.infer<typeof TaskRunFilterId>;

/** Task runs whose name is in a list or matches `like_` (case-insensitive substring). */
export const TaskRunFilterName = z.strictObject({ any_: stringList(), like_: optionalString() });
/** Filter on task run name. */
export type TaskRunFilterName = z.infer<typeof TaskRunFilterName>;

/** Task runs carrying all the given tags, or no tags (`is_null_`). */
export const TaskRunFilterTags = z.strictObject({
  operator: operatorField(),
  all_: stringList(),
  is_null_: optionalBoolean(),
});
/** Filter on task run tags. */
export type TaskRunFilterTags = z.infer<typeof TaskRunFilterTags>;

/** Task runs whose current state type is in a list. */
export const TaskRunFilterStateType = z.strictObject({ any_: z.array(StateTypeSchema).nullish() });
/** Filter on task run state type. */
export type TaskRunFilterStateType = z.infer<typeof TaskRunFilterStateType>;

/** Task runs whose current state name is in a list. */
export const TaskRunFilterStateName = z.strictObject({ any_: stringList() });
/** Filter on task run state name. */
export type TaskRunFilterStateName = z.infer<typeof TaskRunFilterStateName>;

/** Task runs by current state type and/or name. */
export const TaskRunFilterState = z.strictObject({
  operator: operatorField(),
  type: TaskRunFilterStateType.nullish(),
  name: TaskRunFilterStateName.nullish(),
});
/** Filter on task run state. */
export type TaskRunFilterState = z.infer<typeof TaskRunFilterState>;

/** Task runs that are (`exists_: true`) or are not the "dummy" task of a subflow run. */
export const TaskRunFilterSubFlowRuns = z.strictObject({ exists_: optionalBoolean() });
/** Filter on subflow task runs. */
export type TaskRunFilterSubFlowRuns = z.infer<typeof TaskRunFilterSubFlowRuns>;

/** Task runs started before/after a time, or not started (`is_null_`). */
export const TaskRunFilterStartTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
  is_null_: optionalBoolean(),
});
/** Filter on task run start time. */
export type TaskRunFilterStartTime = z.infer<typeof TaskRunFilterStartTime>;

/** Task runs ended before/after a time, or not ended (`is_null_`). */
export const TaskRunFilterEndTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
  is_null_: optionalBoolean(),
});
/** Filter on task run end time. */
export type TaskRunFilterEndTime = z.infer<typeof TaskRunFilterEndTime>;

/** Task runs expected to start before/after a time (inclusive). */
export const TaskRunFilterExpectedStartTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
});
/** Filter on task run expected start time. */
export type TaskRunFilterExpectedStartTime = z.infer<typeof TaskRunFilterExpectedStartTime>;

/** Task runs of the given flow runs, or without a flow run (`is_null_`, default false as in Prefect). */
export const TaskRunFilterFlowRunId = z.strictObject({
  operator: operatorField(),
  any_: uuidList(),
  is_null_: z.boolean().nullable().default(false),
});
/** Filter on task run flow run id. */
export type TaskRunFilterFlowRunId = z.infer<typeof TaskRunFilterFlowRunId>;

/** Filter on task runs (`TaskRunFilter`). */
export const TaskRunFilter = z.strictObject({
  operator: operatorField(),
  id: TaskRunFilterId.nullish(),
  name: TaskRunFilterName.nullish(),
  tags: TaskRunFilterTags.nullish(),
  state: TaskRunFilterState.nullish(),
  start_time: TaskRunFilterStartTime.nullish(),
  end_time: TaskRunFilterEndTime.nullish(),
  expected_start_time: TaskRunFilterExpectedStartTime.nullish(),
  subflow_runs: TaskRunFilterSubFlowRuns.nullish(),
  flow_run_id: TaskRunFilterFlowRunId.nullish(),
});
/** A task run filter. */
export type TaskRunFilter = z.infer<typeof TaskRunFilter>;
/** A task run filter as sent. */
export type TaskRunFilterInput = z.input<typeof TaskRunFilter>;
