// The `prefect.flow-run.<State name>` event the server emits for each stored flow-run state, shaped as Prefect's
// (resource labels, related flow/deployment/work queue/work pool/tags, intended/initial/validated payload), published
// to subscribers (runners, workers) once the transaction commits. Built only while someone listens, and not written
// to the event table: it would double the cost of every state change (and of the scheduler's inserts) for a stream
// whose readers are live; a new subscriber's backfill comes from the bus's recent events.
import type { Event, State } from "../../schemas/index.js";
import { fromJson, text } from "../store/codec.js";
import type { Store } from "../store/store.js";

const RUN_SQL = `SELECT r.name, r.run_count, r.tags, r.flow_id, f.name AS flow_name, r.deployment_id, d.name AS deployment_name,
  r.work_queue_id, r.work_queue_name, r.work_pool_id, r.work_pool_name
  FROM flow_run r JOIN flow f ON f.id = r.flow_id LEFT JOIN deployment d ON d.id = r.deployment_id WHERE r.id = ?`;

/** Prefect links an event to the previous state's event (`follows`) only when they are this close in time. */
const TIGHT_TIMING_MS = 5 * 60_000;

/** Prefect truncates the state message label to this many characters. */
const MAX_MESSAGE_LABEL = 100_000;

function statePayload(state: State): Record<string, unknown> {
  const payload: Record<string, unknown> = { type: state.type, name: state.name ?? "" };
  if (state.message) payload.message = state.message;
  return payload;
}

function related(
  id: string,
  role: string,
  name: string | null,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    "prefect.resource.id": id,
    "prefect.resource.role": role,
    ...(name ? { "prefect.resource.name": name } : {}),
    ...extra,
  };
}

/**
 * Publishes the event of flow run `runId` entering `validated` (from `initial`) once the `store.write` it runs in
 * (the one that stored the state) commits; nothing when nobody subscribes.
 */
export function emitFlowRunStateEvent(
  store: Store,
  runId: string,
  initial: State | null,
  validated: State,
  now: Date,
): void {
  if (!store.eventBus.hasSubscribers) return;
  const row = store.conn.get(RUN_SQL, [runId]);
  if (row === undefined) return;
  const received = now.toISOString();
  const relatedResources = [related(`prefect.flow.${String(row.flow_id)}`, "flow", text(row.flow_name))];
  if (typeof row.deployment_id === "string") {
    relatedResources.push(related(`prefect.deployment.${row.deployment_id}`, "deployment", text(row.deployment_name)));
  }
  if (typeof row.work_queue_id === "string") {
    relatedResources.push(related(`prefect.work-queue.${row.work_queue_id}`, "work-queue", text(row.work_queue_name)));
  }
  if (typeof row.work_pool_id === "string") {
    relatedResources.push(related(`prefect.work-pool.${row.work_pool_id}`, "work-pool", text(row.work_pool_name)));
  }
  for (const tag of fromJson<string[]>(row.tags, [])) relatedResources.push(related(`prefect.tag.${tag}`, "tag", null));
  const event: Event = {
    occurred: validated.timestamp ?? now.toISOString(),
    event: `prefect.flow-run.${validated.name ?? validated.type}`,
    resource: {
      "prefect.resource.id": `prefect.flow-run.${runId}`,
      "prefect.resource.name": String(row.name),
      "prefect.run-count": String(row.run_count ?? 0),
      "prefect.state-message": (validated.message ?? "").slice(0, MAX_MESSAGE_LABEL),
      "prefect.state-name": validated.name ?? "",
      "prefect.state-timestamp": validated.timestamp ?? now.toISOString(),
      "prefect.state-type": validated.type,
    },
    related: relatedResources,
    payload: {
      intended: { from: initial?.type ?? null, to: validated.type },
      initial_state: initial ? statePayload(initial) : null,
      validated_state: statePayload(validated),
    },
    id: validated.id,
    follows:
      initial?.timestamp &&
      Math.abs(Date.parse(initial.timestamp) - Date.parse(validated.timestamp ?? received)) < TIGHT_TIMING_MS
        ? initial.id
        : null,
  };
  store.conn.afterCommit(() => store.eventBus.publish({ ...event, received }));
}
