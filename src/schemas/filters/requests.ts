// Request bodies of the /filter and /count endpoints of flows, flow runs, task runs and logs (OpenAPI
// `Body_read_*` / `Body_count_*`), with Prefect's defaults. Limit bounds are checked by the server.
import { z } from "zod";
import { nullAsDefault, pageLimit, pageOffset } from "../common.js";
import { DeploymentFilter } from "./deployments.js";
import { FlowRunFilter } from "./flow-runs.js";
import { FlowFilter } from "./flows.js";
import { LogFilter } from "./logs.js";
import { FlowRunSortSchema, FlowSortSchema, LogSortSchema, TaskRunSortSchema } from "./sorts.js";
import { TaskRunFilter } from "./task-runs.js";
import { WorkPoolFilter, WorkQueueFilter } from "./work-pools.js";

// FastAPI replaces an explicit `null` in an embedded body field by the field's default, and Prefect's
// Python client does send `"limit": null` / `"sort": null`: sort, offset and limit accept null.

/** Body of `POST /flows/count` (`Body_count_flows_flows_count_post`). */
export const FlowCountRequest = z.object({
  flows: FlowFilter.nullish(),
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
  work_pools: WorkPoolFilter.nullish(),
});
/** A flows count query. */
export type FlowCountRequest = z.infer<typeof FlowCountRequest>;
/** A flows count query as sent. */
export type FlowCountRequestInput = z.input<typeof FlowCountRequest>;

/** Body of `POST /flows/filter` (`Body_read_flows_flows_filter_post`): the count body plus paging and sort. */
export const FlowFilterRequest = FlowCountRequest.extend({
  offset: pageOffset(),
  sort: nullAsDefault(FlowSortSchema, "NAME_ASC"),
  limit: pageLimit(),
});
/** A flows query (defaults applied). */
export type FlowFilterRequest = z.infer<typeof FlowFilterRequest>;
/** A flows query as sent. */
export type FlowFilterRequestInput = z.input<typeof FlowFilterRequest>;

/** Body of `POST /flow_runs/count` (`Body_count_flow_runs_flow_runs_count_post`). */
export const FlowRunCountRequest = z.object({
  flows: FlowFilter.nullish(),
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
  work_pools: WorkPoolFilter.nullish(),
  work_pool_queues: WorkQueueFilter.nullish(),
});
/** A flow runs count query. */
export type FlowRunCountRequest = z.infer<typeof FlowRunCountRequest>;
/** A flow runs count query as sent. */
export type FlowRunCountRequestInput = z.input<typeof FlowRunCountRequest>;

/** Body of `POST /flow_runs/filter` (`Body_read_flow_runs_flow_runs_filter_post`): the count body plus paging and sort. */
export const FlowRunFilterRequest = FlowRunCountRequest.extend({
  sort: nullAsDefault(FlowRunSortSchema, "ID_DESC"),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A flow runs query (defaults applied). */
export type FlowRunFilterRequest = z.infer<typeof FlowRunFilterRequest>;
/** A flow runs query as sent. */
export type FlowRunFilterRequestInput = z.input<typeof FlowRunFilterRequest>;

/** Body of `POST /task_runs/count` (`Body_count_task_runs_task_runs_count_post`). */
export const TaskRunCountRequest = z.object({
  flows: FlowFilter.nullish(),
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
});
/** A task runs count query. */
export type TaskRunCountRequest = z.infer<typeof TaskRunCountRequest>;
/** A task runs count query as sent. */
export type TaskRunCountRequestInput = z.input<typeof TaskRunCountRequest>;

/** Body of `POST /task_runs/filter` (`Body_read_task_runs_task_runs_filter_post`): the count body plus paging and sort. */
export const TaskRunFilterRequest = TaskRunCountRequest.extend({
  sort: nullAsDefault(TaskRunSortSchema, "ID_DESC"),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A task runs query (defaults applied). */
export type TaskRunFilterRequest = z.infer<typeof TaskRunFilterRequest>;
/** A task runs query as sent. */
export type TaskRunFilterRequestInput = z.input<typeof TaskRunFilterRequest>;

/** Body of `POST /logs/filter` (`Body_read_logs_logs_filter_post`). */
export const LogFilterRequest = z.object({
  offset: pageOffset(),
  logs: LogFilter.nullish(),
  sort: nullAsDefault(LogSortSchema, "TIMESTAMP_ASC"),
  limit: pageLimit(),
});
/** A logs query (defaults applied). */
export type LogFilterRequest = z.infer<typeof LogFilterRequest>;
/** A logs query as sent. */
export type LogFilterRequestInput = z.input<typeof LogFilterRequest>;
