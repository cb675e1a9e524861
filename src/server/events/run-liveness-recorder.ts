// Records from events what the zombie-runs service needs: which worker submitted a flow run (the worker's
// `prefect.worker.submitted-flow-run`) and when a run last sent `prefect.flow-run.heartbeat`. The events are
// still stored whole by the caller (task-run-recorder.ts); this only adds the liveness rows.
import type { Event } from "../../schemas/index.js";
import type { Store } from "../store/store.js";

/** The event a worker emits when it has launched a flow run. */
export const SUBMITTED_FLOW_RUN_EVENT = "prefect.worker.submitted-flow-run";
/** The event a running flow run's engine emits every PREFECT_FLOWS_HEARTBEAT_FREQUENCY seconds. */
export const FLOW_RUN_HEARTBEAT_EVENT = "prefect.flow-run.heartbeat";

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const WORKER_PREFIX = "prefect.worker.";

function idAfter(resourceId: string | undefined, prefix: string): string | undefined {
  if (resourceId === undefined || !resourceId.startsWith(prefix)) return undefined;
  const id = resourceId.slice(prefix.length);
  return UUID.test(id) ? id.toLowerCase() : undefined;
}

function related(event: Event, role: string, prefix: string): string | undefined {
  const resource = event.related.find(
    (r) => r["prefect.resource.role"] === role && r["prefect.resource.id"]?.startsWith(prefix),
  );
  return idAfter(resource?.["prefect.resource.id"], prefix);
}

/** The worker's name from `prefect.worker.<type>.<name>` (or its `prefect.resource.name` label). */
function workerName(event: Event): string | undefined {
  const resourceId = event.resource["prefect.resource.id"] ?? "";
  if (!resourceId.startsWith(WORKER_PREFIX)) return undefined;
  const type = event.resource["prefect.worker-type"];
  if (type !== undefined && resourceId.startsWith(`${WORKER_PREFIX}${type}.`))
    return resourceId.slice(WORKER_PREFIX.length + type.length + 1);
  return event.resource["prefect.resource.name"];
}

/**
 * Records the liveness facts an event carries, if any (inside the caller's `store.write`); heartbeats count at
 * `received` (the server's clock, so a client's clock skew cannot crash its runs).
 * @returns whether the event was a submission or heartbeat that was recorded
 */
export function recordRunLiveness(store: Store, event: Event, received: Date): boolean {
  if (event.event === FLOW_RUN_HEARTBEAT_EVENT) {
    const flowRunId = idAfter(event.resource["prefect.resource.id"], "prefect.flow-run.");
    if (flowRunId === undefined) return false;
    store.flowRunLiveness.recordHeartbeat(flowRunId, received.toISOString());
    return true;
  }
  if (event.event === SUBMITTED_FLOW_RUN_EVENT) {
    const flowRunId = related(event, "flow-run", "prefect.flow-run.");
    const name = workerName(event);
    if (flowRunId === undefined || name === undefined) return false;
    store.flowRunLiveness.recordSubmission(flowRunId, related(event, "work-pool", "prefect.work-pool.") ?? null, name);
    return true;
  }
  return false;
}
