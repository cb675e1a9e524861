// Run history, as Prefect's OpenAPI has it: the body and answer of `POST /flow_runs/history` (runs counted per
// interval and state, for histograms) and of `POST /ui/flow_runs/history` (one point per run, for scatter charts).
import { z } from "zod";
import { DateTimeString, nullAsDefault, pageOffset, Uuid } from "./common.js";
import { DeploymentFilter } from "./filters/deployments.js";
import { FlowRunFilter } from "./filters/flow-runs.js";
import { FlowFilter } from "./filters/flows.js";
import { FlowRunSortSchema } from "./filters/sorts.js";
import { TaskRunFilter } from "./filters/task-runs.js";
import { WorkPoolFilter, WorkQueueFilter } from "./filters/work-pools.js";
import { StateTypeSchema } from "./states.js";

/**
 * Body of `POST /flow_runs/history` (`Body_flow_run_history_flow_runs_history_post`): the time range, the size of
 * each interval in seconds (at least 1, checked by the server as Prefect's route does) and the usual filters.
 */
export const FlowRunHistoryRequest = z.object({
  history_start: DateTimeString,
  history_end: DateTimeString,
  history_interval_seconds: z.number(),
  flows: FlowFilter.nullish(),
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
  work_pools: WorkPoolFilter.nullish(),
  work_queues: WorkQueueFilter.nullish(),
});
/** A flow run history query. */
export type FlowRunHistoryRequest = z.infer<typeof FlowRunHistoryRequest>;
/** A flow run history query as sent. */
export type FlowRunHistoryRequestInput = z.input<typeof FlowRunHistoryRequest>;

/** Runs of one state within one interval (`HistoryResponseState`). */
export const HistoryResponseState = z.object({
  state_type: StateTypeSchema,
  state_name: z.string(),
  count_runs: z.int(),
  /** Seconds of run time of those runs (running ones up to now). */
  sum_estimated_run_time: z.number(),
  /** Seconds those runs started (or, not started yet, are) behind their expected start. */
  sum_estimated_lateness: z.number(),
});
/** One state's share of an interval. */
export type HistoryResponseState = z.infer<typeof HistoryResponseState>;

/** One interval of a run history (`HistoryResponse`): runs expected to start in it, by state. */
export const HistoryResponse = z.object({
  interval_start: DateTimeString,
  interval_end: DateTimeString,
  states: z.array(HistoryResponseState),
});
/** One interval of a run history. */
export type HistoryResponse = z.infer<typeof HistoryResponse>;

/** Body of `POST /ui/flow_runs/history` (`Body_read_flow_run_history_ui_flow_runs_history_post`). */
export const FlowRunUiHistoryRequest = z.object({
  sort: nullAsDefault(FlowRunSortSchema, "EXPECTED_START_TIME_DESC"),
  limit: nullAsDefault(z.int().max(1000), 1000),
  offset: pageOffset(),
  flows: FlowFilter.nullish(),
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
  work_pools: WorkPoolFilter.nullish(),
});
/** A per-run history query (defaults applied). */
export type FlowRunUiHistoryRequest = z.infer<typeof FlowRunUiHistoryRequest>;
/** A per-run history query as sent. */
export type FlowRunUiHistoryRequestInput = z.input<typeof FlowRunUiHistoryRequest>;

/** One run as a point in time (`SimpleFlowRun`): when it started (or is expected to), how long and how late. */
export const SimpleFlowRun = z.object({
  id: Uuid,
  state_type: StateTypeSchema,
  timestamp: DateTimeString,
  /** Seconds of run time. */
  duration: z.number(),
  /** Seconds behind its expected start. */
  lateness: z.number(),
});
/** One run as a point in time. */
export type SimpleFlowRun = z.infer<typeof SimpleFlowRun>;
