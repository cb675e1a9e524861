// Worker models: WorkerResponse, the heartbeat body and the workers /filter body.
// Worker filters live in filters/workers.ts; pools in work-pools.ts.
import { z } from "zod";
import { DateTimeString, pageLimit, pageOffset, Uuid } from "./common.js";
import { WorkerFilter } from "./filters/workers.js";

/** A worker's liveness: OFFLINE after missing heartbeats for 3 × its interval (30 s fallback). */
export const WorkerStatus = { ONLINE: "ONLINE", OFFLINE: "OFFLINE" } as const;
/** ONLINE or OFFLINE. */
export type WorkerStatus = (typeof WorkerStatus)[keyof typeof WorkerStatus];
/** Zod schema of {@link WorkerStatus}. */
export const WorkerStatusSchema = z.enum(WorkerStatus);

/** A worker as returned by `POST /work_pools/{pool}/workers/filter` (`WorkerResponse`). */
export const WorkerResponse = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: z.string(),
  work_pool_id: Uuid,
  last_heartbeat_time: DateTimeString.nullable().default(null),
  heartbeat_interval_seconds: z.int().nullable().default(null),
  status: WorkerStatusSchema.default("OFFLINE"),
});
/** A worker. */
export type WorkerResponse = z.infer<typeof WorkerResponse>;
/** A worker as accepted on input. */
export type WorkerResponseInput = z.input<typeof WorkerResponse>;

/** Body of `POST /work_pools/{pool}/workers/heartbeat` (204): registers or refreshes the worker. */
export const WorkerHeartbeatRequest = z.object({
  name: z.string(),
  heartbeat_interval_seconds: z.int().nullish(),
});
/** A worker heartbeat. */
export type WorkerHeartbeatRequest = z.infer<typeof WorkerHeartbeatRequest>;

/** Body of `POST /work_pools/{pool}/workers/filter`. */
export const WorkerFilterRequest = z.object({
  workers: WorkerFilter.nullish(),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A workers query (defaults applied). */
export type WorkerFilterRequest = z.infer<typeof WorkerFilterRequest>;
