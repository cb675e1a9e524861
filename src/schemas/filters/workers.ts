// Filters on workers (`WorkerFilter` and sub-filters), as the `workers` key of
// `POST /work_pools/{name}/workers/filter`. Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { operatorField, optionalDateTime } from "./operators.js";

const WorkerStatusValues = z.enum(["ONLINE", "OFFLINE"]);

/** Workers whose last heartbeat is before/after a time. */
export const WorkerFilterLastHeartbeatTime = z.strictObject({
  before_: optionalDateTime(),
  after_: optionalDateTime(),
});
/** Filter on worker heartbeat time. */
export type WorkerFilterLastHeartbeatTime = z.infer<typeof WorkerFilterLastHeartbeatTime>;

/** Workers whose status is (not) in a list. */
export const WorkerFilterStatus = z.strictObject({
  any_: z.array(WorkerStatusValues).nullish(),
  not_any_: z.array(WorkerStatusValues).nullish(),
});
/** Filter on worker status. */
export type WorkerFilterStatus = z.infer<typeof WorkerFilterStatus>;

/** Filter on workers (`WorkerFilter`). */
export const WorkerFilter = z.strictObject({
  operator: operatorField(),
  last_heartbeat_time: WorkerFilterLastHeartbeatTime.nullish(),
  status: WorkerFilterStatus.nullish(),
});
/** A worker filter. */
export type WorkerFilter = z.infer<typeof WorkerFilter>;
