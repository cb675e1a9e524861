// A work pool's worker routes, Prefect's paths and payloads: `/work_pools/{work_pool_name}/workers` heartbeat
// (204, upserts the worker ONLINE), filter and delete. Workers go OFFLINE through services/worker-health.ts.
import { Hono } from "hono";
import { PREFECT_API_DEFAULT_LIMIT, WorkerFilterRequest, WorkerHeartbeatRequest } from "../../schemas/index.js";
import { notFound } from "../http/http-error.js";
import { checkLimit, parseBody } from "../http/request.js";
import type { RouteDeps } from "./deps.js";
import { poolByName } from "./work-pool-lookups.js";

/** Routes mounted at `/api/work_pools/{work_pool_name}/workers`. */
export function workPoolWorkerRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  const poolName = (c: { req: { param(name: string): string | undefined } }): string =>
    c.req.param("work_pool_name") ?? "";

  app.post("/heartbeat", async (c) => {
    const name = poolName(c);
    const body = await parseBody(c, WorkerHeartbeatRequest);
    const at = now();
    store.write(() =>
      store.workers.heartbeat(poolByName(store, name).id, body.name, body.heartbeat_interval_seconds, at),
    );
    return c.body(null, 204);
  });

  app.post("/filter", async (c) => {
    const name = poolName(c);
    const query = await parseBody(c, WorkerFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.workers.filter(poolByName(store, name).id, query));
  });

  app.delete("/:name", (c) => {
    const name = poolName(c);
    const deleted = store.write(() => store.workers.delete(poolByName(store, name).id, c.req.param("name")));
    if (!deleted) throw notFound("Worker not found.");
    return c.body(null, 204);
  });

  return app;
}
