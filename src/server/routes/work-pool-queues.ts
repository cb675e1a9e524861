// A work pool's queue routes, Prefect's paths and payloads: `/work_pools/{work_pool_name}/queues` create, read,
// update, delete and filter. The id-based legacy routes (`/work_queues/...`) are in work-queues.ts.
import { Hono } from "hono";
import {
  PREFECT_API_DEFAULT_LIMIT,
  WorkQueueCreate,
  WorkQueueFilterRequest,
  WorkQueueUpdate,
} from "../../schemas/index.js";
import { conflict } from "../http/http-error.js";
import { checkLimit, parseBody } from "../http/request.js";
import type { Store } from "../store/store.js";
import type { RouteDeps } from "./deps.js";
import { poolByName, queueByName } from "./work-pool-lookups.js";

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * Deletes queue `queueId` unless it is its pool's default queue (Prefect refuses that).
 * @throws HttpError 409 `Can't delete a pool's default queue.`
 */
export function deleteQueue(store: Store, queueId: string): boolean {
  const isDefault =
    store.conn.get("SELECT 1 AS one FROM work_pool WHERE default_queue_id = ?", [queueId]) !== undefined;
  if (isDefault) throw conflict("Can't delete a pool's default queue.");
  return store.workQueues.delete(queueId);
}

/**
 * Renames, reprioritizes, pauses... queue `queueId`; a duplicate name is a 409. Must run inside `store.write`.
 * @throws HttpError 409 when another queue of the pool has the new name.
 */
export function updateQueue(store: Store, queueId: string, patch: WorkQueueUpdate, now: Date): boolean {
  try {
    return store.workQueues.update(queueId, patch, now);
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(`A work queue named '${patch.name}' already exists in this work pool.`);
    throw error;
  }
}

/** Routes mounted at `/api/work_pools/{work_pool_name}/queues`. */
export function workPoolQueueRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  const poolName = (c: { req: { param(name: string): string | undefined } }): string =>
    c.req.param("work_pool_name") ?? "";

  app.post("/", async (c) => {
    const name = poolName(c);
    const input = await parseBody(c, WorkQueueCreate);
    const at = now();
    const id = store.write(() => {
      const pool = poolByName(store, name);
      try {
        return store.workQueues.create(pool.id, input, at);
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(`A work queue with this name already exists in work pool '${name}'.`);
        throw error;
      }
    });
    const queue = store.workQueues.read(id, at);
    return c.json(queue ? { ...queue, active_slots: queue.concurrency_limit === null ? null : 0 } : queue, 201);
  });

  app.post("/filter", async (c) => {
    const name = poolName(c);
    const query = await parseBody(c, WorkQueueFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    const pool = poolByName(store, name);
    return c.json(store.workQueues.filter(query, now(), pool.id));
  });

  app.get("/:name", (c) => c.json(queueByName(store, poolName(c), c.req.param("name"), now())));

  app.patch("/:name", async (c) => {
    const patch = await parseBody(c, WorkQueueUpdate);
    const at = now();
    store.write(() => {
      poolByName(store, poolName(c));
      updateQueue(store, queueByName(store, poolName(c), c.req.param("name"), at).id, patch, at);
    });
    return c.body(null, 204);
  });

  app.delete("/:name", (c) => {
    const at = now();
    store.write(() => {
      poolByName(store, poolName(c));
      deleteQueue(store, queueByName(store, poolName(c), c.req.param("name"), at).id);
    });
    return c.body(null, 204);
  });

  return app;
}
