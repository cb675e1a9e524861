// Work pool models: WorkPoolResponse, create/update actions, storage configuration, and the pool's
// /filter, /count and get_scheduled_flow_runs bodies. Queues live in work-queues.ts, workers in workers.ts.
import { z } from "zod";
import { DateTimeString, JsonObject, Name, pageLimit, pageOffset, Uuid } from "./common.js";
import { WorkPoolFilter } from "./filters/work-pools.js";
import { FlowRun } from "./flow-runs.js";

/** A work pool's status: READY iff at least one worker is ONLINE; PAUSED when paused. */
export const WorkPoolStatus = { READY: "READY", NOT_READY: "NOT_READY", PAUSED: "PAUSED" } as const;
/** READY, NOT_READY or PAUSED. */
export type WorkPoolStatus = (typeof WorkPoolStatus)[keyof typeof WorkPoolStatus];
/** Zod schema of {@link WorkPoolStatus}. */
export const WorkPoolStatusSchema = z.enum(WorkPoolStatus);

/** Where a pool's workers upload and fetch code bundles and store results (`WorkPoolStorageConfiguration`). */
export const WorkPoolStorageConfiguration = z.strictObject({
  bundle_upload_step: JsonObject.nullable().default(null),
  bundle_execution_step: JsonObject.nullable().default(null),
  default_result_storage_block_id: Uuid.nullable().default(null),
});
/** A work pool storage configuration. */
export type WorkPoolStorageConfiguration = z.infer<typeof WorkPoolStorageConfiguration>;

/** A work pool as returned by the API (`WorkPoolResponse`). */
export const WorkPoolResponse = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: Name,
  description: z.string().nullable().default(null),
  /** The worker type, e.g. `process`, `docker`. */
  type: z.string(),
  /** `{job_configuration, variables}`; `{}` until a worker of the type fills it. */
  base_job_template: JsonObject.default(() => ({})),
  is_paused: z.boolean().default(false),
  concurrency_limit: z.int().min(0).nullable().default(null),
  status: WorkPoolStatusSchema.nullable().default(null),
  default_queue_id: Uuid.nullable().default(null),
  storage_configuration: WorkPoolStorageConfiguration.prefault({}),
  active_slots: z.int().nullable().default(null),
});
/** A work pool. */
export type WorkPoolResponse = z.infer<typeof WorkPoolResponse>;
/** A work pool as accepted on input (what the server builds before serialising). */
export type WorkPoolResponseInput = z.input<typeof WorkPoolResponse>;

/**
 * Body of `POST /work_pools/` (`WorkPoolCreate`). Creating a pool also creates its `default` queue.
 * Prefect refuses names starting with "prefect" and a `base_job_template` lacking `job_configuration`
 * or `variables` (unless `{}`); those checks live in the server.
 */
export const WorkPoolCreate = z.strictObject({
  name: Name,
  description: z.string().nullable().default(null),
  type: z.string().default("prefect-agent"),
  base_job_template: JsonObject.default(() => ({})),
  is_paused: z.boolean().default(false),
  concurrency_limit: z.int().min(0).nullable().default(null),
  storage_configuration: WorkPoolStorageConfiguration.prefault({}),
});
/** A work pool creation request (defaults applied). */
export type WorkPoolCreate = z.infer<typeof WorkPoolCreate>;
/** A work pool creation request as sent. */
export type WorkPoolCreateInput = z.input<typeof WorkPoolCreate>;

/** Body of `PATCH /work_pools/{name}` (`WorkPoolUpdate`); only set fields apply. */
export const WorkPoolUpdate = z.strictObject({
  description: z.string().nullable().optional(),
  is_paused: z.boolean().nullable().optional(),
  base_job_template: JsonObject.nullable().optional(),
  concurrency_limit: z.int().min(0).nullable().optional(),
  storage_configuration: WorkPoolStorageConfiguration.nullable().optional(),
});
/** A work pool update request. */
export type WorkPoolUpdate = z.infer<typeof WorkPoolUpdate>;
/** A work pool update request as sent. */
export type WorkPoolUpdateInput = z.input<typeof WorkPoolUpdate>;

/** Body of `POST /work_pools/filter` (`Body_read_work_pools_work_pools_filter_post`). */
export const WorkPoolFilterRequest = z.object({
  work_pools: WorkPoolFilter.nullish(),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A work pools query (defaults applied). */
export type WorkPoolFilterRequest = z.infer<typeof WorkPoolFilterRequest>;

/** Body of `POST /work_pools/count` (`Body_count_work_pools_work_pools_count_post`). */
export const WorkPoolCountRequest = z.object({ work_pools: WorkPoolFilter.nullish() });
/** A work pools count query. */
export type WorkPoolCountRequest = z.infer<typeof WorkPoolCountRequest>;

/**
 * Body of `POST /work_pools/{name}/get_scheduled_flow_runs`: what a worker polls with. Without
 * `work_queue_names` all the pool's queues are used; `scheduled_before` defaults (server side) to now.
 */
export const WorkPoolScheduledFlowRunsRequest = z.object({
  work_queue_names: z.array(z.string()).nullish(),
  scheduled_before: DateTimeString.nullish(),
  scheduled_after: DateTimeString.nullish(),
  limit: pageLimit(),
});
/** A worker's poll for scheduled runs. */
export type WorkPoolScheduledFlowRunsRequest = z.infer<typeof WorkPoolScheduledFlowRunsRequest>;

/** One element of the response of `get_scheduled_flow_runs` (`WorkerFlowRunResponse`). */
export const WorkerFlowRunResponse = z.object({
  work_pool_id: Uuid,
  work_queue_id: Uuid,
  flow_run: FlowRun,
});
/** A scheduled run with the pool and queue it came from. */
export type WorkerFlowRunResponse = z.infer<typeof WorkerFlowRunResponse>;
