// Work queue models: WorkQueue / WorkQueueResponse, create/update actions, the legacy QueueFilter,
// health status, and the queue /filter and get_runs bodies.
import { z } from "zod";
import { DateTimeString, Name, pageLimit, pageOffset, Uuid } from "./common.js";
import { WorkQueueFilter } from "./filters/work-pools.js";

/** A queue's status: READY if polled within 60 s, NOT_READY otherwise, PAUSED when paused. */
export const WorkQueueStatus = { READY: "READY", NOT_READY: "NOT_READY", PAUSED: "PAUSED" } as const;
/** READY, NOT_READY or PAUSED. */
export type WorkQueueStatus = (typeof WorkQueueStatus)[keyof typeof WorkQueueStatus];
/** Zod schema of {@link WorkQueueStatus}. */
export const WorkQueueStatusSchema = z.enum(WorkQueueStatus);

/** Legacy (agent-era) queue filter on tags and deployments (`QueueFilter`). */
export const QueueFilter = z.object({
  tags: z.array(z.string()).nullable().default(null),
  deployment_ids: z.array(Uuid).nullable().default(null),
});
/** A legacy queue filter. */
export type QueueFilter = z.infer<typeof QueueFilter>;

const workQueueShape = {
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: Name,
  description: z.string().nullable().default(""),
  is_paused: z.boolean().default(false),
  concurrency_limit: z.int().min(0).nullable().default(null),
  /** Lower runs first. */
  priority: z.int().positive().default(1),
  work_pool_id: Uuid.nullable().default(null),
  filter: QueueFilter.nullable().default(null),
  last_polled: DateTimeString.nullable().default(null),
};

/** The ORM work queue model (`WorkQueue`). Routes mostly return {@link WorkQueueResponse}. */
export const WorkQueue = z.object(workQueueShape);
/** A work queue. */
export type WorkQueue = z.infer<typeof WorkQueue>;

/** A work queue as returned by the API (`WorkQueueResponse`): `WorkQueue` plus pool name, status and slots. */
export const WorkQueueResponse = z.object({
  ...workQueueShape,
  work_pool_name: z.string().nullable().default(null),
  status: WorkQueueStatusSchema.nullable().default(null),
  active_slots: z.int().nullable().default(null),
});
/** A work queue response. */
export type WorkQueueResponse = z.infer<typeof WorkQueueResponse>;
/** A work queue response as accepted on input. */
export type WorkQueueResponseInput = z.input<typeof WorkQueueResponse>;

/** Body of `POST /work_pools/{pool}/queues` and `POST /work_queues/` (`WorkQueueCreate`). */
export const WorkQueueCreate = z.strictObject({
  name: Name,
  description: z.string().nullable().default(""),
  is_paused: z.boolean().default(false),
  concurrency_limit: z.int().min(0).nullable().default(null),
  /** Unset: the server puts the queue after the pool's existing ones. */
  priority: z.int().positive().nullable().default(null),
  filter: QueueFilter.nullable().default(null),
});
/** A work queue creation request (defaults applied). */
export type WorkQueueCreate = z.infer<typeof WorkQueueCreate>;
/** A work queue creation request as sent. */
export type WorkQueueCreateInput = z.input<typeof WorkQueueCreate>;

/**
 * Body of `PATCH /work_pools/{pool}/queues/{name}` and `PATCH /work_queues/{id}` (`WorkQueueUpdate`).
 * No defaults (the OpenAPI shows `is_paused: false`): only set fields apply, so a rename must not unpause.
 */
export const WorkQueueUpdate = z.strictObject({
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  is_paused: z.boolean().optional(),
  concurrency_limit: z.int().min(0).nullable().optional(),
  priority: z.int().positive().nullable().optional(),
  last_polled: DateTimeString.nullable().optional(),
  filter: QueueFilter.nullable().optional(),
});
/** A work queue update request. */
export type WorkQueueUpdate = z.infer<typeof WorkQueueUpdate>;
/** A work queue update request as sent. */
export type WorkQueueUpdateInput = z.input<typeof WorkQueueUpdate>;

/** When a queue counts as unhealthy (`WorkQueueHealthPolicy`). */
export const WorkQueueHealthPolicy = z.object({
  maximum_late_runs: z.int().nullable().default(0),
  maximum_seconds_since_last_polled: z.int().nullable().default(60),
});
/** A work queue health policy. */
export type WorkQueueHealthPolicy = z.infer<typeof WorkQueueHealthPolicy>;

/** Response of `GET /work_queues/{id}/status` (`WorkQueueStatusDetail`). */
export const WorkQueueStatusDetail = z.object({
  healthy: z.boolean(),
  late_runs_count: z.int().default(0),
  last_polled: DateTimeString.nullable().default(null),
  health_check_policy: WorkQueueHealthPolicy,
});
/** A work queue's health. */
export type WorkQueueStatusDetail = z.infer<typeof WorkQueueStatusDetail>;

/** Body of `POST /work_pools/{pool}/queues/filter` and `POST /work_queues/filter`. */
export const WorkQueueFilterRequest = z.object({
  work_queues: WorkQueueFilter.nullish(),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A work queues query (defaults applied). */
export type WorkQueueFilterRequest = z.infer<typeof WorkQueueFilterRequest>;

/** Body of `POST /work_queues/{id}/get_runs` (legacy agents); `scheduled_before` defaults (server side) to now. */
export const WorkQueueGetRunsRequest = z.object({
  scheduled_before: DateTimeString.nullish(),
  limit: pageLimit(),
});
/** A legacy queue poll. */
export type WorkQueueGetRunsRequest = z.infer<typeof WorkQueueGetRunsRequest>;
