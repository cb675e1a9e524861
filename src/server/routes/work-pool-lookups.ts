// Name-based lookups shared by the work pool, queue and deployment routes (Prefect's WorkerLookups): a pool or a
// pool's queue by name, with Prefect's 404 bodies, and the queue a deployment or run goes to (created when missing).
import type { WorkPoolResponse, WorkQueueResponse } from "../../schemas/index.js";
import { notFound } from "../http/http-error.js";
import type { Store } from "../store/store.js";

/** The pool named `name`. @throws HttpError 404 `Work pool "<name>" not found.` */
export function poolByName(store: Store, name: string): WorkPoolResponse {
  const pool = store.workPools.readByName(name);
  if (pool === undefined) throw notFound(`Work pool "${name}" not found.`);
  return pool;
}

/** The queue `queueName` of pool `poolName`. @throws HttpError 404 naming the pool and queue. */
export function queueByName(store: Store, poolName: string, queueName: string, now: Date): WorkQueueResponse {
  const queue = store.workQueues.readByName(poolName, queueName, now);
  if (queue === undefined) throw notFound(`Work pool queue '${poolName}/${queueName}' not found.`);
  return queue;
}

/**
 * The queue a deployment (or a run) of pool `poolName` goes to: `queueName`, created in the pool when missing
 * (Prefect's create_queue_if_not_found), or the pool's default queue. Must run inside `store.write`.
 * @throws HttpError 404 when the pool does not exist.
 */
export function resolveWorkQueue(
  store: Store,
  poolName: string,
  queueName: string | null | undefined,
  now: Date,
): WorkQueueResponse {
  const pool = poolByName(store, poolName);
  if (queueName == null) {
    const queue = pool.default_queue_id === null ? undefined : store.workQueues.read(pool.default_queue_id, now);
    if (queue === undefined) throw notFound(`Work pool "${poolName}" has no default queue.`);
    return queue;
  }
  const existing = store.workQueues.readByName(poolName, queueName, now);
  if (existing !== undefined) return existing;
  const id = store.workQueues.create(
    pool.id,
    { name: queueName, description: "", is_paused: false, concurrency_limit: null, priority: null, filter: null },
    now,
  );
  return store.workQueues.read(id, now) as WorkQueueResponse;
}
