// Builds the bodies of Prefect's `/filter` and `/count` routes from camelCase options.
// Each filter is mapped by its own wire schema (src/client/wire-mapper.ts); unset options are left out.
import * as schemas from "../schemas/index.js";
import type { FlowFilter, FlowRunFilter, InputOf, LogFilter, TaskRunFilter } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** Filters shared by the flow, flow run and task run queries (combined with AND by the server). */
export interface RunFilterOptions {
  flowFilter?: FlowFilter;
  flowRunFilter?: FlowRunFilter;
  taskRunFilter?: TaskRunFilter;
  /** Runs of matching deployments (flow runs and their history). */
  deploymentFilter?: InputOf<typeof schemas.DeploymentFilter>;
  /** Runs in matching work pools (flow runs and their history). */
  workPoolFilter?: InputOf<typeof schemas.WorkPoolFilter>;
}

/** Paging and ordering of a `/filter` query. */
export interface PageOptions<Sort extends string> {
  /** @default 200 (the server's PREFECT_API_DEFAULT_LIMIT, also the maximum) */
  limit?: number;
  /** @default 0 */
  offset?: number;
  sort?: Sort;
}

/** `{ flowFilter, flowRunFilter, taskRunFilter, limit, offset, sort }` -> `{ flows, flow_runs, task_runs, ... }`. */
export function runFilterBody(opts: RunFilterOptions & Partial<PageOptions<string>> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.flowFilter) body.flows = toWire(schemas.FlowFilter, opts.flowFilter);
  if (opts.flowRunFilter) body.flow_runs = toWire(schemas.FlowRunFilter, opts.flowRunFilter);
  if (opts.taskRunFilter) body.task_runs = toWire(schemas.TaskRunFilter, opts.taskRunFilter);
  if (opts.deploymentFilter) body.deployments = toWire(schemas.DeploymentFilter, opts.deploymentFilter);
  if (opts.workPoolFilter) body.work_pools = toWire(schemas.WorkPoolFilter, opts.workPoolFilter);
  return pageBody(body, opts);
}

/** `{ logFilter, limit, offset, sort }` -> `{ logs, limit, offset, sort }`. */
export function logFilterBody(
  opts: { logFilter?: LogFilter } & Partial<PageOptions<string>> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.logFilter) body.logs = toWire(schemas.LogFilter, opts.logFilter);
  return pageBody(body, opts);
}

function pageBody(body: Record<string, unknown>, opts: Partial<PageOptions<string>>): Record<string, unknown> {
  if (opts.limit !== undefined) body.limit = opts.limit;
  if (opts.offset !== undefined) body.offset = opts.offset;
  if (opts.sort !== undefined) body.sort = opts.sort;
  return body;
}
